"""Retriever quality on real StableToolBench groups, every method side by side, the paper's figures beside.

Run: .venv/bin/python bench/bench_retriever_quality.py --models-dir retriever-models [--train-extra FILE ...]
     [--epochs 2] [--hard-negatives tool] [--lr 3e-5] [--max-seq-length 128] [--held G2_instruction]
     [--backends torch,onnx,onnx-int8,onnx-int8-batched] [--max-tokens N] [--no-fine-tune]

Leave one group out: for each group, a model is fine-tuned on the other groups' queries (plus any
--train-extra query files, e.g. the sandbox suite's train split) and evaluated on the held-out group
only, so no evaluated query was ever trained on (the harness checks this through the model's
retriever.json). A model already in --models-dir with the same training settings is reused. The
corpus is every API of all groups. Methods: BM25, the pretrained all-MiniLM-L6-v2, the fine-tuned
model, and rank fusions of BM25 with each dense model. Prints a Markdown table.

Dense models run by each of ``--backends`` (default: ``onnx-int8``, the batch-independent fast one), each at its default
token limit (``--max-tokens`` for all, ``onnx-int8@256`` for one); the pretrained model is also run
by ``torch`` at the model's own limit, the dense retriever before backends existed, so every row has
its reference beside it, and the change in NDCG@5 against it.
``--no-fine-tune`` leaves out the fine-tuned models (no training; minutes instead of an hour).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from harness.retriever.documents import Corpus
from harness.retriever.encoder_settings import EncoderSettings
from harness.retriever.encoders import settings_for
from harness.retriever.evaluate import evaluate
from harness.retriever.factory import open_retriever
from harness.retriever.index_cache import IndexCache
from harness.retriever.pretrained import bundled_model_dir
from harness.retriever.sources import QuerySet, load_query_set
from harness.retriever.training import MANIFEST, HardNegatives, TrainConfig, build_examples, train_model, trained_on

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "stabletoolbench" / "solvable_queries"
GROUPS = ("G1_instruction", "G1_category", "G1_tool", "G2_instruction")
# ToolLLM (Qin et al., ICLR 2024), Table 2: NDCG@1 / NDCG@5 on ToolBench's I1, I2 and I3 test sets
# (their whole 16k-API corpus, their own test split).
PAPER = {
    "BM25": {"I1": (18.4, 19.7), "I2": (12.0, 11.0), "I3": (25.2, 20.4)},
    "Ada embedding": {"I1": (57.5, 58.8), "I2": (36.8, 30.7), "I3": (54.6, 46.8)},
    "ToolLLM retriever": {"I1": (84.2, 89.7), "I2": (68.2, 77.9), "I3": (81.7, 87.1)},
}


def encoder_for(spec: str, max_tokens: int | None) -> tuple[EncoderSettings, str]:
    """The settings ``spec`` names (``onnx-int8``, or ``onnx-int8@256`` for a token limit) and its tag."""
    backend, _, tokens = spec.partition("@")
    encoder = settings_for(backend, int(tokens) if tokens else max_tokens, None)
    return encoder, f"{encoder.backend}@{encoder.max_tokens or 'model'}"


def fold_model(held: str, sets: dict[str, QuerySet], extra: list[QuerySet], args: argparse.Namespace) -> Path:
    """The model trained without ``held`` (trained now unless an identical one exists)."""
    out = Path(args.models_dir) / f"without-{held}"
    sources = [g for g in sets if g != held] + [s.name for s in extra]
    config = TrainConfig(
        epochs=args.epochs,
        batch_size=args.batch_size,
        learning_rate=args.lr,
        max_seq_length=args.max_seq_length,
        hard_negatives=HardNegatives(args.hard_negatives),
        seed=args.seed,
        sources=sources,
    )
    wanted = {k: getattr(config, k) for k in ("epochs", "batch_size", "learning_rate", "seed", "max_seq_length")}
    wanted.update(hard_negatives=config.hard_negatives.value, train_sources=sources)
    if (out / MANIFEST).is_file():
        manifest = json.loads((out / MANIFEST).read_text())
        if all(manifest.get(k) == v for k, v in wanted.items()):
            print(f"reusing {out}", flush=True)
            return out
    queries = [q for g, s in sets.items() if g != held for q in s.queries] + [q for s in extra for q in s.queries]
    corpus = Corpus.from_queries(queries)
    examples = build_examples(queries, corpus, config.hard_negatives, config.seed)
    began = time.perf_counter()

    def report(step: int, total: int, loss: float) -> None:
        if step % 10 == 0 or step == total:
            print(f"  {held}: step {step}/{total} loss {loss:.3f} ({time.perf_counter() - began:.0f} s)", flush=True)

    print(f"training without {held}: {len(examples)} pairs", flush=True)
    train_model(examples, bundled_model_dir(), out, config, [q.text for q in queries], report)
    print(f"  trained in {time.perf_counter() - began:.0f} s", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models-dir", default=None, help="where fold models are kept (needed unless --no-fine-tune)")
    parser.add_argument("--data", default=str(SHARED / "test_instruction"))
    parser.add_argument("--groups", default=",".join(GROUPS), help="groups in the corpus and the folds")
    parser.add_argument("--held", default=None, help="run only these folds (comma-separated groups)")
    parser.add_argument("--train-extra", nargs="*", default=[])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=3e-5)
    parser.add_argument("--max-seq-length", type=int, default=128)
    parser.add_argument("--hard-negatives", default="tool", choices=[h.value for h in HardNegatives])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--cache-dir", default=None)
    parser.add_argument(
        "--backends", default="onnx-int8", help="dense backends (backend or backend@tokens), comma-separated"
    )
    parser.add_argument("--max-tokens", type=int, default=None, help="token limit for every backend")
    parser.add_argument("--no-fine-tune", action="store_true", help="only BM25 and the pretrained model")
    args = parser.parse_args()
    backends = args.backends.split(",")
    if args.models_dir is None and not args.no_fine_tune:
        parser.error("give --models-dir (fold models are trained there) or --no-fine-tune")

    groups = args.groups.split(",")
    sets = {g: load_query_set(str(Path(args.data) / f"{g}.json")) for g in groups}
    extra = [load_query_set(spec, "train") for spec in args.train_extra]
    corpus = Corpus(api for s in sets.values() for api in s.apis)
    cache = IndexCache(Path(args.cache_dir) if args.cache_dir else None)
    print(f"corpus: {len(corpus)} APIs; groups: {', '.join(f'{g} ({len(s.queries)})' for g, s in sets.items())}")
    rows: list[tuple[str, str, dict[str, Any]]] = []
    reference = settings_for("torch", None, None)
    shared = {"BM25": open_retriever("bm25", corpus, cache)}
    shared["MiniLM torch@model"] = open_retriever("dense", corpus, cache, encoder=reference)
    for backend in backends:
        encoder, tag = encoder_for(backend, args.max_tokens)
        if encoder != reference:
            shared[f"MiniLM {tag}"] = open_retriever("dense", corpus, cache, encoder=encoder)
        shared[f"hybrid BM25 + MiniLM {tag}"] = open_retriever("hybrid", corpus, cache, encoder=encoder)
    for held in args.held.split(",") if args.held else groups:
        methods = dict(shared)
        if not args.no_fine_tune:
            model = fold_model(held, sets, extra, args)
            leaked = trained_on(model, [q.text for q in sets[held].queries])
            if leaked:
                raise SystemExit(f"{model} was trained on {leaked} queries of {held}: not a held-out evaluation")
            for backend in backends:
                encoder, tag = encoder_for(backend, args.max_tokens)
                methods[f"fine-tuned {tag}"] = open_retriever(str(model), corpus, cache, encoder=encoder)
                methods[f"hybrid BM25 + fine-tuned {tag}"] = open_retriever(
                    f"hybrid:{model}", corpus, cache, encoder=encoder
                )
        for label, retriever in methods.items():
            rows.append((held, label, evaluate(retriever, sets[held].queries).as_dict()))
            print(f"{held:15s} {label:34s} {rows[-1][2]}", flush=True)

    # The change against torch@model is printed to two places: the goal (within half a point) is
    # judged on it, and one decimal hides whether -0.46 or -0.54 was rounded to -0.5.
    reference_ndcg = {held: m["ndcg@5"] for held, label, m in rows if label == "MiniLM torch@model"}
    print("\n| group (held out) | method | NDCG@1 | NDCG@3 | NDCG@5 | NDCG@5 - torch@model | recall@5 |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for held, label, m in rows:
        change = m["ndcg@5"] - reference_ndcg[held]
        print(
            f"| {held} | {label} | {m['ndcg@1']:.1f} | {m['ndcg@3']:.1f} | {m['ndcg@5']:.2f} | {change:+.2f} | "
            f"{m['recall@5']:.1f} |"
        )
    print("\nToolLLM paper (Table 2, ToolBench I1/I2/I3, 16k-API corpus), NDCG@1 / NDCG@5:\n")
    print("| method | I1 | I2 | I3 |\n|---|---|---|---|")
    for label, cells in PAPER.items():
        print(f"| {label} | " + " | ".join(f"{a} / {b}" for a, b in cells.values()) + " |")


if __name__ == "__main__":
    main()
