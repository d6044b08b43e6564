"""Speed of the API retriever: building an index (documents/s), reading it back, and answering queries.

Run: .venv/bin/python bench/bench_retriever.py [--queries FILE ...] [--methods bm25,dense,hybrid] [--sample 50]

The corpus is every API of the query files (default: StableToolBench's test files under
../shared/data). For each method it prints
  1. the cold build: seconds and documents/s (dense: batched encoding of every document);
  2. the warm open: seconds to read the cached index back;
  3. per-query latency, one query per call as during a run (median and p95 over --sample queries);
  4. batched throughput: queries/s when 64 are scored per call (as `harness retriever eval` does).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from harness.retriever.base import search
from harness.retriever.documents import Corpus
from harness.retriever.factory import open_retriever
from harness.retriever.index_cache import IndexCache
from harness.retriever.sources import load_query_set

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "stabletoolbench" / "solvable_queries"
DEFAULT_GROUPS = ("G1_instruction", "G1_category", "G1_tool", "G2_instruction")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = [str(SHARED / "test_instruction" / f"{g}.json") for g in DEFAULT_GROUPS]
    parser.add_argument("--queries", nargs="*", default=default)
    parser.add_argument("--methods", default="bm25,dense,hybrid")
    parser.add_argument("--sample", type=int, default=50, help="queries timed one by one")
    args = parser.parse_args()

    sets = [load_query_set(spec) for spec in args.queries]
    corpus = Corpus(api for s in sets for api in s.apis)
    texts = [q.text for s in sets for q in s.queries]
    print(f"corpus: {len(corpus)} APIs from {len(args.queries)} file(s); {len(texts)} queries")
    with tempfile.TemporaryDirectory() as folder:
        for number, method in enumerate(args.methods.split(",")):
            cache = IndexCache(Path(folder) / str(number))  # each method starts cold
            began = time.perf_counter()
            retriever = open_retriever(method, corpus, cache)
            cold = time.perf_counter() - began
            began = time.perf_counter()
            retriever = open_retriever(method, corpus, cache)
            warm = time.perf_counter() - began
            encode = getattr(retriever, "encode_seconds", 0.0)
            rate = f", encoding {len(corpus) / encode:.1f} docs/s" if encode else ""
            print(f"{method}: cold build {cold:.2f} s ({len(corpus) / cold:.1f} docs/s{rate}); warm open {warm:.2f} s")

            latencies = []
            for text in texts[: args.sample]:
                began = time.perf_counter()
                search(retriever, [text], 5)
                latencies.append(1000 * (time.perf_counter() - began))
            p95 = sorted(latencies)[max(0, int(0.95 * len(latencies)) - 1)]
            print(f"  one query per call: median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms")

            batch = texts[:64]
            began = time.perf_counter()
            search(retriever, batch, 5)
            print(f"  64 queries per call: {len(batch) / (time.perf_counter() - began):.1f} queries/s")


if __name__ == "__main__":
    main()
