"""How long the command line takes to start.

Run: .venv/bin/python bench/bench_cli_startup.py [--runs 5] [--against REV]
Prints the median wall time of ``harness --help``, ``harness ls strategies`` and ``harness run --help``
over --runs runs, beside the floor (``python -c pass``) and, with --against, the same commands from
the checkout at git revision REV (exported to a temporary folder), interleaved in one loop so that a
noisy machine slows both alike. The goal for ``harness --help`` is under 300 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "harness --help": ["-m", "harness.cli.main", "--help"],
    "harness ls strategies": ["-m", "harness.cli.main", "ls", "strategies"],
    "harness run --help": ["-m", "harness.cli.main", "run", "--help"],
}


def timed(args: list[str], source: Path) -> float:
    """Seconds the command took; NaN when it failed there (a command the other tree lacks)."""
    env = {**os.environ, "PYTHONPATH": str(source), "COLUMNS": "100"}
    began = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=source, env=env, capture_output=True, check=False)
    return time.perf_counter() - began if done.returncode == 0 else float("nan")


def export_revision(revision: str, into: Path) -> Path:
    """The tree of ``revision`` (harness/ only is enough to start the CLI)."""
    archive = subprocess.run(["git", "archive", revision, "harness"], cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def _median_ms(values: list[float]) -> str:
    ok = [v for v in values if v == v]  # NaN marks a failed run
    return f"{statistics.median(ok) * 1000:.0f}" if ok else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", help="a git revision to compare with (e.g. HEAD~1)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        sources = {"this tree": REPO}
        if args.against:
            sources[args.against] = export_revision(args.against, Path(scratch))
        times: dict[tuple[str, str], list[float]] = {}
        for source in sources.values():  # warm the bytecode caches first
            for command in COMMANDS.values():
                timed(command, source)
        for _ in range(args.runs):
            for label, command in COMMANDS.items():
                for name, source in sources.items():
                    times.setdefault((label, name), []).append(timed(command, source))
    print(f"median of {args.runs} runs, ms (2 shared cores; compare within one run only)")
    header = "".join(f"{name:>14}" for name in sources)
    print(f"{'command':28}{header}")
    for label in COMMANDS:
        cells = "".join(f"{_median_ms(times[(label, name)]):>14}" for name in sources)
        print(f"{label:28}{cells}")


if __name__ == "__main__":
    main()
