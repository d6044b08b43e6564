"""``python -m data_builder.world [--seed N] [--out DIR]``: regenerate the world's JSON files."""

from __future__ import annotations

import argparse
from pathlib import Path

from data_builder.world.generate import DEFAULT_SEED, write_world
from harness.bundled import bundled_tasks

DEFAULT_OUT = bundled_tasks() / "toolenv" / "world"


def main() -> None:
    parser = argparse.ArgumentParser(description="Regenerate the bundled tool world from a seed.")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    paths = write_world(args.out, args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} tables ({total / 1e6:.2f} MB) to {args.out}")


if __name__ == "__main__":
    main()
