"""How long the tolerant ReAct parser takes on large and hostile replies.

Run: .venv/bin/python bench/bench_parser.py [--runs 5] [--size 1000000] [--against REV] [--limit-s 20]
Prints, for each shape of reply (about --size characters each), the median wall and CPU time of
``parse_react`` over --runs runs and what it returned. With --against, the parser of git revision REV (its
``react.py`` written to a temporary file and imported) runs once per shape in a child process, so
that a parser that is quadratic or raises is reported (``> LIMIT s``, the exception) instead of
stopping the bench. The goal is well under 100 ms for every 1 MB shape.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PARSER = "harness/models/formats/react.py"
sys.path.insert(0, str(REPO))

from harness.models.formats.react import parse_react  # noqa: E402


def _soup(size: int) -> str:
    pieces = ["{", "}", '"', "'", "\\", ":", ",", " ", "name", "Action", "\n"]
    rng = random.Random(7)
    return "".join(rng.choice(pieces) for _ in range(size // 3))[:size]


SHAPES: dict[str, Callable[[int], str]] = {
    "open braces": lambda n: "{" * n,
    "brace pairs": lambda n: "{}" * (n // 2),
    "brace soup": _soup,
    "Action Input of open braces": lambda n: "Action: f\nAction Input: " + "{" * n,
    "Action Input, valid JSON": lambda n: 'Action: f\nAction Input: {"text": "' + "x" * n + '"}',
    "Action Input, single quotes": lambda n: "Action: f\nAction Input: {'text': '" + "x" * n + "'}",
    "Action Input, cut off": lambda n: 'Action: f\nAction Input: {"a": [' + '"x", ' * (n // 5),
    "Action Input, 5,000-digit integer": lambda n: 'Action: f\nAction Input: {"n": ' + "9" * 5000 + "}",
    "Action Input nested 1 MB deep": lambda n: "Action: f\nAction Input: {" + '"a": [' * (n // 6),
    "blank lines": lambda n: "\n" * n,
    "prose, then a JSON call": lambda n: "word " * (n // 5) + '<tool_call>{"name": "f", "arguments": {}}</tool_call>',
}

_CHILD = """
import importlib.util, sys, time
sys.path.insert(0, {repo!r})
spec = importlib.util.spec_from_file_location("old_react", {path!r})
module = importlib.util.module_from_spec(spec)
sys.modules["old_react"] = module
spec.loader.exec_module(module)
text = open({text!r}, encoding="utf-8").read()
began = time.perf_counter()
try:
    module.parse_react(text)
except Exception as exc:
    print("raises " + type(exc).__name__)
else:
    print(f"{{(time.perf_counter() - began) * 1000:.0f}} ms")
"""


def _outcome(text: str) -> str:
    parsed = parse_react(text)
    if parsed.tool_call is None:
        return f"no call ({parsed.problem})"
    arguments = parsed.tool_call.arguments
    return f"call {parsed.tool_call.name}, {len(arguments)}-char arguments"


def _time_new(text: str, runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds; CPU time is the steadier figure on a shared machine."""
    wall, cpu = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        parse_react(text)
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def _time_old(old_parser: Path, text: str, scratch: Path, limit_s: float) -> str:
    text_file = scratch / "reply.txt"
    text_file.write_text(text, encoding="utf-8")
    code = _CHILD.format(repo=str(REPO), path=str(old_parser), text=str(text_file))
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=limit_s)
    except subprocess.TimeoutExpired:
        return f"> {limit_s:.0f} s"
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--against", help="a git revision whose parser to time too (e.g. HEAD~3)")
    parser.add_argument("--limit-s", type=float, default=20.0, help="time limit of one old parse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        old_parser = None
        if args.against:
            source = subprocess.run(
                ["git", "show", f"{args.against}:{PARSER}"], cwd=REPO, capture_output=True, text=True, check=True
            ).stdout
            old_parser = scratch / "old_react.py"
            old_parser.write_text(source, encoding="utf-8")
        header = f"{'shape':36} {'chars':>9} {'wall':>8} {'cpu':>8}" + (f" {args.against:>12}" if args.against else "")
        print(header + "  result")
        for name, make in SHAPES.items():
            text = make(args.size)
            wall_ms, cpu_ms = _time_new(text, args.runs)
            row = f"{name:36} {len(text):>9,} {wall_ms:>5.1f} ms {cpu_ms:>5.1f} ms"
            if old_parser is not None:
                row += f" {_time_old(old_parser, text, scratch, args.limit_s):>12}"
            print(row + "  " + _outcome(text), flush=True)
        print(json.dumps({"runs": args.runs, "size": args.size}))


if __name__ == "__main__":
    main()
