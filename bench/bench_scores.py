"""What `harness scores` costs as the database grows: the score table read from the store's views over
one connection, against the way it was read before (a connection per query, votes counted in Python).

Run: .venv/bin/python bench/bench_scores.py [--runs 1,20,100] [--queries 10] [--repeat 5]
Prints, per number of judged runs N: the median time of ``score_table`` (the function behind
`harness scores`), of the previous implementation (kept here only), milliseconds per run for both,
and the median of --repeat `harness scores --json` through the CLI (a fresh process: start-up
included); with --compare-with DIR, the same command from another checkout (say the previous
commit's worktree), interleaved, and the ratio of their CPU times (user + system: on a busy machine
the wall time mostly shows how much CPU other jobs left).

The runs are tiny and made through the real writer: one oracle run over the first sandbox queries is
run and judged by rule; every other run stores that run's episodes, votes and scores under its own
id. Runs come in families of five seeds, so the table's pass@k part reads per-query values too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness.envs.factory import build_env, env_config_for_task
from harness.eval.ballots import from_stored
from harness.eval.evaluate import EvalSettings, evaluate, load_run
from harness.eval.judges import build_judges
from harness.eval.labels import UnsurePolicy
from harness.eval.metrics import AVERAGE
from harness.eval.stats import repeated_scores
from harness.eval.table import SAMPLE_FIELDS, group_order, score_table
from harness.eval.voting import pass_value
from harness.models.registry import load_model
from harness.runner.execute import Totals
from harness.runner.plan import RunRequest, plan_run
from harness.runner.run import execute_plan
from harness.store import StoreWriter
from harness.store.connection import read_connection
from harness.store.judgments import ScoreRow, VoteSet, insert_votes, load_votes, replace_scores
from harness.store.reader import load_trajectories, run_record

TASK = "sandbox/G1_instruction"
FAMILY = 5


def seed_run(db: Path, queries: int) -> None:
    """One oracle run over the first ``queries`` sandbox queries, judged by rule."""
    plan = plan_run(RunRequest(model="oracle", strategy="react", tasks=[TASK], name="run-0", limit=queries))
    oracle = load_model("oracle", {}, gold=plan.gold())
    asyncio.run(execute_plan(plan, oracle, lambda t: build_env(env_config_for_task(t.task, {})),
                             db, Totals(), show_progress=False))  # fmt: skip
    run = load_run(db, "run-0", gold=True)

    async def judge() -> None:
        with StoreWriter(db) as writer, writer.batch():
            await evaluate(writer, run, build_judges("rule", None, {}).passing, EvalSettings(votes=1))

    asyncio.run(judge())


def copy_runs(db: Path, count: int) -> None:
    """Runs ``run-1`` .. ``run-<count-1>``: run-0's episodes, votes and scores under new ids and specs."""
    source = run_record(db, "run-0")
    episodes = load_trajectories(db, "run-0")
    with read_connection(db) as conn:
        votes = load_votes(conn, VoteSet(source["run_id"], "rule", "pass_rate"))
        scores = conn.execute(
            "SELECT group_name, value, ci_low, ci_high, n, details FROM scores WHERE run_id = ?", [source["run_id"]]
        ).fetchall()
    rows = [(g, q, v) for (g, q), stored in votes.items() for v in stored]
    score_rows = [ScoreRow(g, v, lo, hi, n, json.loads(d)) for g, v, lo, hi, n, d in scores]
    with StoreWriter(db) as writer, writer.batch():
        for index in range(1, count):
            run_id = f"{index:016x}"
            spec = {**source["spec"], "model": f"oracle-{index // FAMILY}", "seed": index % FAMILY}
            writer.ensure_run(run_id, f"run-{index}", "run", spec, "bench")
            writer.add_new_episodes(run_id, ((g, t, None) for g, t in episodes))
            with writer.transaction() as conn:
                vote_set = VoteSet(run_id, "rule", "pass_rate")
                insert_votes(conn, vote_set, rows)
                replace_scores(conn, vote_set, "pass_rate", score_rows)


def previous_score_table(db: Path) -> dict[str, Any]:
    """`harness scores` as it read the store before the views: the scores in one connection, each
    family member's per-query values in three more (votes counted in Python)."""
    with read_connection(db) as conn:
        scores = conn.execute(
            """SELECT r.name, r.run_id, r.source, r.spec, s.judge, s.metric, s.group_name, s.value, s.ci_low,
                      s.ci_high, s.n, coalesce(ref.name, s.reference_run_id), s.details
               FROM scores s JOIN runs r USING (run_id) LEFT JOIN runs ref ON ref.run_id = s.reference_run_id
               ORDER BY r.name, s.judge, s.metric, 12, s.group_name"""
        ).fetchall()
        methods = dict(
            conn.execute(
                "SELECT run_id, string_agg(DISTINCT method, ',' ORDER BY method) FROM episodes GROUP BY run_id"
            ).fetchall()
        )
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    groups = set()
    for name, run_id, source, spec, judge, metric, group, value, low, high, n, _, _ in scores:
        spec = json.loads(spec)
        row = rows.setdefault((name, judge), {"run": name, "judge": judge, "source": source, "spec": spec,
                                              "strategy": methods.get(run_id) or "", "pass_rate": {}})  # fmt: skip
        groups.add(group)
        if metric == "pass_rate":
            row["pass_rate"][group] = {"value": value, "ci_low": low, "ci_high": high, "n": n}
    families: dict[str, list[dict[str, Any]]] = {}
    for row in rows.values():
        spec = {k: v for k, v in row["spec"].items() if k not in SAMPLE_FIELDS}
        families.setdefault(f"{sorted(spec.items())!r}|{row['judge']}", []).append(row)
    repeated = []
    for members in families.values():
        if len(members) > 1:
            values = [_previous_values(db, m["run"], m["judge"]) for m in members]
            common = set.intersection(*(set(v) for v in values))
            repeated.append(repeated_scores({k: [v[k] == 1.0 for v in values] for k in sorted(common)}))
    return {"groups": group_order(groups), "rows": list(rows.values()), "repeated": repeated}


def _previous_values(db: Path, run: str, judge: str) -> dict[tuple[str, str], float]:
    run_id = run_record(db, run)["run_id"]
    with read_connection(db) as conn:
        (details,) = conn.execute(
            "SELECT details FROM scores WHERE run_id = ? AND judge = ? AND metric = 'pass_rate' AND group_name = ?",
            [run_id, judge, AVERAGE],
        ).fetchone()
        stored = load_votes(conn, VoteSet(run_id, judge, "pass_rate"))
    settings = json.loads(details)
    total, policy = int(settings.get("votes", 1)), UnsurePolicy(settings.get("unsure", "half"))
    values = {}
    for key, rows in stored.items():
        votes = [from_stored(r) for r in rows]
        value = pass_value(votes, total, policy, settings.get("procedure") != "sopr", f"{run_id}:{key[0]}:{key[1]}")
        if value is not None:
            values[key] = value
    return values


def median_s(action: Callable[[], Any], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def cli_seconds(db: Path, checkout: str) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one fresh `harness scores --json` process run from
    ``checkout``'s code. The CPU time is what other jobs on a busy machine do not inflate."""
    env = {**os.environ, "PYTHONPATH": checkout}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "harness.cli.main", "scores", "--db", str(db), "--json"],
                   check=True, capture_output=True, env=env, cwd=checkout)  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", default="1,20,100", help="Comma-separated numbers of runs.")
    parser.add_argument("--queries", type=int, default=10, help="Queries per run.")
    parser.add_argument("--repeat", type=int, default=5, help="Timings per figure (the median is printed).")
    parser.add_argument(
        "--compare-with",
        default=None,
        help="Another checkout of the repository: its `harness scores` is timed too, interleaved with this one's.",
    )
    args = parser.parse_args()
    sizes = sorted(int(n) for n in args.runs.split(","))
    other = f" {'CLI s other':>11} {'CPU s other':>11} {'ratio':>6}" if args.compare_with else ""
    print(f"{'runs':>5} {'views s':>9} {'ms/run':>8} {'before s':>9} {'ms/run':>8} {'CLI s':>7} {'CPU s':>6}{other}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            db = Path(tmp) / f"scores-{size}.duckdb"
            seed_run(db, args.queries)
            copy_runs(db, size)
            table = score_table(db)
            before = previous_score_table(db)
            assert len(table["rows"]) == len(before["rows"]) == size
            assert [r.pass_at for r in before["repeated"]] == [r["pass_at_k"] for r in table["repeated"]]
            now_s = median_s(lambda db=db: score_table(db), args.repeat)
            old_s = median_s(lambda db=db: previous_score_table(db), args.repeat)
            here, there = [], []
            for _ in range(args.repeat):  # interleaved: a busy machine slows both alike
                here.append(cli_seconds(db, str(Path(__file__).resolve().parents[1])))
                if args.compare_with:
                    there.append(cli_seconds(db, args.compare_with))
            cli_s, cpu_s = (statistics.median(t[i] for t in here) for i in (0, 1))
            tail = ""
            if there:
                other_s, other_cpu = (statistics.median(t[i] for t in there) for i in (0, 1))
                tail = f" {other_s:>11.2f} {other_cpu:>11.2f} {other_cpu / cpu_s:>5.2f}x"
            print(f"{size:>5} {now_s:>9.3f} {1000 * now_s / size:>8.1f} {old_s:>9.3f} {1000 * old_s / size:>8.1f} "
                  f"{cli_s:>7.2f} {cpu_s:>6.2f}{tail}")  # fmt: skip


if __name__ == "__main__":
    main()
