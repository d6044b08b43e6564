"""How fast the data builder turns the bundled catalog into a suite, phase by phase.

Run: .venv/bin/python bench/bench_data_build.py [--catalog tasks/toolenv] [--per-group 200] [--train 1200] [--seed 0]
Prints: seconds to load the catalog, to build each group (queries per second, samples drawn), to
write the files, the suite's size on disk, and the SHA-256 of the written suite (equal across runs
with the same seed).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import tempfile
import time
from pathlib import Path

from data_builder.builder import BuildConfig, build_suite
from data_builder.bundled import load_inputs
from data_builder.generators.offline import OfflineGenerator
from data_builder.output import write_suite

REPO = Path(__file__).resolve().parents[1]


def _digest(root: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + data)
        size += len(data)
    return digest.hexdigest(), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--catalog", type=Path, default=REPO / "tasks" / "toolenv")
    parser.add_argument("--per-group", type=int, default=200)
    parser.add_argument("--train", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    config = BuildConfig(seed=args.seed, per_group=args.per_group, train=args.train)

    start = time.perf_counter()
    inputs = load_inputs(args.catalog)
    loaded = f"{len(inputs.tools)} tools, {len(inputs.templates)} templates"
    print(f"load catalog: {time.perf_counter() - start:.2f} s ({loaded})")

    marks: dict[str, float] = {}

    def progress(group: str, count: int) -> None:
        marks[group] = time.perf_counter()

    generator = OfflineGenerator(inputs.templates, inputs.world)
    start = time.perf_counter()
    suite = asyncio.run(build_suite(inputs, generator, config, progress))
    build_s = time.perf_counter() - start
    previous = start
    for group, queries in [*suite.tests.items(), *((f"train {k}", v) for k, v in suite.train.items())]:
        key = group.removeprefix("train ")
        elapsed = marks.get(key, previous) - previous
        previous = marks.get(key, previous)
        print(
            f"  {group:<16} {len(queries):>5} queries  {elapsed:6.2f} s  {len(queries) / max(elapsed, 1e-9):8.0f} q/s"
        )
    total = sum(len(q) for q in suite.tests.values()) + sum(len(q) for q in suite.train.values())
    print(f"build: {build_s:.2f} s for {total} queries ({total / build_s:.0f} q/s); dropped {dict(suite.dropped)}")

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        write_suite(suite, Path(tmp) / "sandbox", config, generator.name, inputs.tools_dir)
        print(f"write: {time.perf_counter() - start:.2f} s")
        digest, size = _digest(Path(tmp) / "sandbox")
    print(f"suite: {size / 1e6:.1f} MB, sha256 {digest}")


if __name__ == "__main__":
    main()
