"""Throughput of the ToolBench format layer and of importing into DuckDB.

Run: .venv/bin/python bench/bench_import.py [--data ../shared/data] [--repeat 20]
Prints: answer files parsed per second, written per second, and episodes imported per second
(each episode in its own transaction, as `harness import` does).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import tempfile
import time
from pathlib import Path

from harness.store import StoreWriter
from harness.toolbench.answers import answer_from_dict, answer_to_dict, split_answer_filename


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    files = sorted(args.data.glob("*/data_example/answer/**/*.json"))
    if not files:
        raise SystemExit(f"no answer files under {args.data}")
    raw = [(split_answer_filename(p.name), json.loads(p.read_text())) for p in files]
    nodes = 0

    start = time.perf_counter()
    trajectories = []
    for _ in range(args.repeat):
        trajectories = [answer_from_dict(data, qid, method) for (qid, method), data in raw]
    parse_s = time.perf_counter() - start
    nodes = sum(len(t.nodes) for t in trajectories)

    start = time.perf_counter()
    for _ in range(args.repeat):
        for traj in trajectories:
            answer_to_dict(traj)
    write_s = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp, StoreWriter(Path(tmp) / "b.duckdb") as writer:
        writer.ensure_run("bench", "bench", "import", {}, "bench")
        rates = {}
        count = 0
        for mode in ("per-episode", "batch"):
            start, before = time.perf_counter(), count
            with writer.batch() if mode == "batch" else contextlib.nullcontext():
                for round_ in range(args.repeat):
                    for index, traj in enumerate(trajectories):
                        copy = traj.model_copy(update={"query_id": f"{mode}-{round_}-{index}"})
                        writer.add_episode("bench", copy)
                        count += 1
            rates[mode] = (count - before) / (time.perf_counter() - start)

    total = len(files) * args.repeat
    print(f"answer files: {len(files)} ({nodes} tree nodes), repeated {args.repeat}x")
    print(f"parse:  {total / parse_s:8.1f} files/s  ({nodes * args.repeat / parse_s:9.0f} nodes/s)")
    print(f"write:  {total / write_s:8.1f} files/s")
    print(f"store:  {rates['per-episode']:8.1f} episodes/s opening the file per episode (as a run does)")
    print(f"store:  {rates['batch']:8.1f} episodes/s in a batch (as `harness import` does)")


if __name__ == "__main__":
    main()
