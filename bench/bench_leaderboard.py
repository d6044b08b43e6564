"""What the leaderboard side costs on a full sandbox run: packing, validating and ingesting a
submission, the gate, and the site's queries.

Run: .venv/bin/python bench/bench_leaderboard.py [--per-group 200] [--repeat 5]
Prints: seconds for `harness submit`, `validate`, `ingest` of a run over the six sandbox groups
(oracle agent, ReAct, judged by rule), for the gate (oracle vs baseline), and milliseconds per site
query (main table, a run's page, an episode's tree) with the reported submissions loaded beside.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness.envs.factory import build_env, env_config_for_task
from harness.eval.evaluate import EvalSettings, evaluate, load_run
from harness.eval.judges import build_judges
from harness.gate import run_gate
from harness.models.registry import load_model
from harness.runner.execute import Totals
from harness.runner.plan import RunRequest, plan_run
from harness.runner.run import execute_plan
from harness.store import StoreWriter
from harness.submissions.ingest import ingest_submissions, submissions_root, validate_submissions
from harness.submissions.pack import PackOptions, pack_run
from harness.tasks import GROUPS
from leaderboard import queries

TASKS = [f"sandbox/{g}" for g in GROUPS]


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def run_and_judge(db: Path, model: str, limit: int) -> None:
    plan = plan_run(RunRequest(model=model, strategy="react", tasks=TASKS, name=model, limit=limit))
    adapter = load_model(model, {})
    asyncio.run(execute_plan(plan, adapter, lambda t: build_env(env_config_for_task(t.task, {})), db, Totals(),
                             concurrency=8, show_progress=False))  # fmt: skip
    run = load_run(db, model, gold=True)

    async def judge() -> None:
        with StoreWriter(db) as writer, writer.batch():
            await evaluate(writer, run, build_judges("rule", None, {}).passing, EvalSettings(votes=1))

    asyncio.run(judge())


def per_query_ms(action: Callable[[], Any], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        seconds, _ = timed(action)
        samples.append(seconds * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-group", type=int, default=200, help="queries per sandbox group (200 = all)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        db = root / "bench.duckdb"
        seconds, _ = timed(lambda: [run_and_judge(db, m, args.per_group) for m in ("oracle", "baseline")])
        episodes = 6 * args.per_group
        print(f"setup: oracle and baseline, {episodes} episodes each, run and judged in {seconds:.1f} s")
        # A full sandbox run is a complete submission only when it covers every test query.
        limited = args.per_group < 200
        if limited:
            print("(--per-group below 200: packing is skipped, a submission must answer every test query)")
        else:
            out = root / "subs" / "oracle-react"
            seconds, _ = timed(lambda: pack_run(db, "oracle", out, PackOptions(organisation="bench")))
            print(f"harness submit: {seconds:.2f} s ({episodes / seconds:.0f} episodes/s, validation included)")
            seconds, _ = timed(lambda: validate_submissions([out]))
            print(f"harness submissions validate: {seconds:.2f} s ({episodes / seconds:.0f} episodes/s)")
            seconds, _ = timed(lambda: ingest_submissions([out], root / "site.duckdb"))
            print(f"harness submissions ingest: {seconds:.2f} s ({episodes / seconds:.0f} episodes/s)")
        seconds, result = timed(lambda: run_gate(db, "oracle", "baseline"))
        print(f"harness gate oracle vs baseline: {seconds * 1000:.0f} ms on {result.comparison.n} queries, "
              f"diff {100 * result.comparison.diff:+.1f} points, regression={result.regressed}")  # fmt: skip
        ingest_submissions([submissions_root()], db)
        first = queries.episode_list(db, "baseline").iloc[0]
        for label, action in (
            ("main table (pass rate)", lambda: queries.leaderboard(db, "pass_rate")),
            ("run page facts", lambda: queries.run_info(db, "baseline")),
            ("run page usage", lambda: queries.group_usage(db, "baseline")),
            ("run page failure types", lambda: queries.failure_types(db, "baseline")),
            ("episode tree", lambda: queries.episode_steps(db, "baseline", first["group"], first["query_id"])),
            ("episode calls", lambda: queries.episode_calls(db, "baseline", first["group"], first["query_id"])),
            ("compare per query", lambda: queries.query_outcomes(db, "oracle", "baseline", "rule")),
        ):
            print(f"site query, {label}: {per_query_ms(action, args.repeat):.1f} ms (median of {args.repeat})")


if __name__ == "__main__":
    main()
