"""Speed of the API retriever: dense backends side by side, then building, reopening and querying indexes.

Run: .venv/bin/python bench/bench_retriever.py [--queries FILE ...] [--backends torch,onnx,onnx-int8,onnx-int8-batched]
     [--docs 256] [--batch 32] [--rounds 3] [--threads N] [--methods bm25,dense,hybrid] [--sample 50]

The corpus is every API of the query files (default: StableToolBench's test files under ../shared/data).

1. Backends (``--backends``): the same ``--docs`` documents (a fixed random sample) are encoded by
   each backend in turn, round after round (interleaved, so a machine busy with other work slows all
   of them alike), each backend with its default token limit unless ``--max-tokens`` is given
   (``onnx-int8@256`` in ``--backends`` sets one backend's). Per backend: median documents/s over the
   rounds; the ratio to ``torch`` at the model's own limit (the dense retriever before backends
   existed; the median of the rounds' own ratios); CPU seconds per 100 documents (the work, which
   other processes on the machine inflate less); the smallest cosine between its embeddings and the
   reference ones; and whether a text's vector depends on its batch-mates (the smallest cosine
   between the first 8 documents encoded one call each and the same documents in the timed call;
   1.000000 is batch-independent). ONNX exports are made before timing starts (they are cached).
2. Methods (``--methods``, empty to skip): for each, the cold build (documents/s), the warm open,
   one query per call (median and p95 over --sample queries) and 64 queries per call.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from harness.retriever.base import search
from harness.retriever.documents import Corpus
from harness.retriever.encoder_settings import EncoderSettings
from harness.retriever.encoders import open_encoder, settings_for
from harness.retriever.factory import open_retriever
from harness.retriever.index_cache import IndexCache
from harness.retriever.pretrained import bundled_model_dir
from harness.retriever.sources import load_query_set

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "stabletoolbench" / "solvable_queries"
DEFAULT_GROUPS = ("G1_instruction", "G1_category", "G1_tool", "G2_instruction")
REFERENCE = "torch@model"  # torch at the model's own token limit: the dense retriever as it was


def compare_backends(texts: list[str], args: argparse.Namespace, cache: IndexCache) -> None:
    """Interleaved rounds of every backend over the same documents (see the module docstring)."""
    import numpy as np

    model = bundled_model_dir()
    variants: dict[str, EncoderSettings] = {
        REFERENCE: EncoderSettings(backend="torch", max_tokens=None, threads=args.threads)
    }
    for spec in args.backends.split(","):
        backend, _, tokens = spec.partition("@")  # "onnx-int8@192": a token limit for this one backend
        limit = int(tokens) if tokens else args.max_tokens
        settings = settings_for(backend, limit, None).model_copy(update={"threads": args.threads})
        variants[f"{backend}@{settings.max_tokens or 'model'}"] = settings
    encoders = {name: open_encoder(model, settings, cache) for name, settings in variants.items()}
    for encoder in encoders.values():
        encoder.encode(texts[:4], args.batch)  # warm-up: first-call allocations are not the steady state
    wall: dict[str, list[float]] = {name: [] for name in encoders}
    cpu: dict[str, list[float]] = {name: [] for name in encoders}
    vectors: dict[str, Any] = {}
    for round_number in range(args.rounds):
        for name, encoder in encoders.items():
            began, began_cpu = time.perf_counter(), time.process_time()
            vectors[name] = encoder.encode(texts, args.batch)
            wall[name].append(time.perf_counter() - began)
            cpu[name].append(time.process_time() - began_cpu)
        print(f"  round {round_number + 1}: " + ", ".join(f"{n} {len(texts) / wall[n][-1]:.1f}" for n in wall))
    # Each round's own ratio, then their median: a round's backends run back to back, so a load that
    # comes and goes between rounds (other users of the machine) cancels out of its ratio.
    ratio = {n: statistics.median(r / w for r, w in zip(wall[REFERENCE], wall[n], strict=True)) for n in wall}
    print(f"\n{len(texts)} documents, batch {args.batch}, threads {args.threads or 'default'}, median of {args.rounds}")
    print(
        "| backend@tokens | docs/s | x torch@model | CPU s / 100 docs | min cosine vs torch@model | alone vs batched |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, encoder in encoders.items():
        seconds = statistics.median(wall[name])
        cosine = float(np.min(np.sum(vectors[name] * vectors[REFERENCE], axis=1)))
        alone = np.vstack([encoder.encode([text], args.batch) for text in texts[:8]])
        independence = float(np.min(np.sum(alone * vectors[name][:8], axis=1)))
        print(
            f"| {name} | {len(texts) / seconds:.1f} | {ratio[name]:.2f} | "
            f"{100 * statistics.median(cpu[name]) / len(texts):.2f} | {cosine:.4f} | {independence:.6f} |"
        )


def compare_methods(corpus: Corpus, queries: list[str], args: argparse.Namespace, folder: Path) -> None:
    for number, method in enumerate(filter(None, args.methods.split(","))):
        cache = IndexCache(folder / str(number))  # each method starts cold
        began = time.perf_counter()
        retriever = open_retriever(method, corpus, cache, max_tokens=args.max_tokens)
        cold = time.perf_counter() - began
        began = time.perf_counter()
        retriever = open_retriever(method, corpus, cache, max_tokens=args.max_tokens)
        warm = time.perf_counter() - began
        encode = getattr(retriever, "encode_seconds", 0.0)
        rate = f", encoding {len(corpus) / encode:.1f} docs/s" if encode else ""
        print(f"{method}: cold build {cold:.2f} s ({len(corpus) / cold:.1f} docs/s{rate}); warm open {warm:.2f} s")

        latencies = []
        for text in queries[: args.sample]:
            began = time.perf_counter()
            search(retriever, [text], 5)
            latencies.append(1000 * (time.perf_counter() - began))
        p95 = sorted(latencies)[max(0, int(0.95 * len(latencies)) - 1)]
        print(f"  one query per call: median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms")

        batch = queries[:64]
        began = time.perf_counter()
        search(retriever, batch, 5)
        print(f"  64 queries per call: {len(batch) / (time.perf_counter() - began):.1f} queries/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = [str(SHARED / "test_instruction" / f"{g}.json") for g in DEFAULT_GROUPS]
    parser.add_argument("--queries", nargs="*", default=default)
    parser.add_argument(
        "--backends", default="torch,onnx,onnx-int8,onnx-int8-batched", help="empty to skip the comparison"
    )
    parser.add_argument("--max-tokens", type=int, default=None, help="token limit for every backend")
    parser.add_argument("--docs", type=int, default=256, help="documents encoded per backend and round")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None, help="intra-op threads (default: the runtime's)")
    parser.add_argument("--methods", default="", help="e.g. bm25,dense,hybrid: time whole indexes too")
    parser.add_argument("--sample", type=int, default=50, help="queries timed one by one")
    args = parser.parse_args()

    sets = [load_query_set(spec) for spec in args.queries]
    corpus = Corpus(api for s in sets for api in s.apis)
    queries = [q.text for s in sets for q in s.queries]
    print(f"corpus: {len(corpus)} APIs from {len(args.queries)} file(s); {len(queries)} queries")
    with tempfile.TemporaryDirectory() as folder:
        if args.backends:
            sample = random.Random(0).sample(corpus.texts, min(args.docs, len(corpus)))
            compare_backends(sample, args, IndexCache())  # the user's cache: exports are made once
        compare_methods(corpus, queries, args, Path(folder))


if __name__ == "__main__":
    main()
