"""How fast `harness eval` judges, and what early stopping saves, on a real DuckDB file.

Run: .venv/bin/python bench/bench_eval.py [--queries 600] [--latency 0.02] [--concurrency 8]
Prints:
  1. the rule judge: episodes/s over --queries episodes in six groups (four gold facts each, half of
     the answers missing one), including loading the run and its tasks and storing votes and scores;
  2. an LLM judge (a scripted model answering after --latency seconds, ToolBench procedure, 7 votes):
     wall time, judge calls, and the votes early stopping saved; then the same command again, which
     re-uses every stored vote;
  3. the time of one 95% bootstrap interval over 1,000 queries.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import tempfile
import time
from pathlib import Path

from harness.eval.evaluate import EvalSettings, evaluate, load_run
from harness.eval.judges import build_judges
from harness.eval.stats import bootstrap_ci
from harness.models.base import GenerateConfig
from harness.models.scripted import ScriptedModel
from harness.store.writer import StoreWriter
from harness.tasks import GROUPS
from harness.toolbench.queries import write_query_file
from harness.types.messages import Function, Message, ToolCall
from harness.types.query import Gold, Query
from harness.types.trajectory import FinishType, NodeKind, Trajectory, TrajectoryNode


def build(root: Path, db: Path, queries: int) -> None:
    """A suite of six tasks with gold facts, and one stored run answering them."""
    rng = random.Random(0)
    per_group = max(1, queries // len(GROUPS))
    with StoreWriter(db) as writer, writer.batch():
        writer.ensure_run("bench", "bench", "run", {"tasks": [f"bench/{g}" for g in GROUPS]}, "bench")
        for group in GROUPS:
            suite = []
            for i in range(per_group):
                when = f"2024 0{rng.randint(1, 9)} 1{rng.randint(0, 9)}"
                facts = [f"{rng.uniform(0, 1000):.2f}", when, "partly cloudy", f"city {i}"]
                suite.append(Query(query_id=str(i), text=f"question {i}", gold=Gold(facts=facts)))
                stated = facts if i % 2 else facts[:-1]
                answer = "Here it is: " + "; ".join(stated) + ". " + "More words. " * 40
                writer.add_episode("bench", episode(str(i), answer), group=group)
            write_query_file(suite, root / "bench" / f"{group}.json")
            task = {"name": f"bench/{group}", "group": group, "version": "1", "source": {"queries": f"{group}.json"}}
            (root / "bench" / f"{group}.yaml").write_text(json.dumps({**task, "judge": "rule"}))


def episode(query_id: str, answer: str) -> Trajectory:
    arguments = json.dumps({"return_type": "give_answer", "final_answer": answer})
    nodes = [
        TrajectoryNode(id=0, parent_id=None, kind=NodeKind.ROOT),
        TrajectoryNode(id=1, parent_id=0, kind=NodeKind.ACTION, depth=1, content="Finish"),
        TrajectoryNode(id=2, parent_id=1, kind=NodeKind.ACTION_INPUT, depth=2, content=arguments, observation=""),
    ]
    return Trajectory(
        query_id=query_id,
        query=f"question {query_id}",
        nodes=nodes,
        chosen_path=[1, 2],
        final_answer=answer,
        finish_arguments=arguments,
        finish_type=FinishType.GIVE_ANSWER,
    )


def judge_reply(messages: list[Message], functions: list[Function], config: GenerateConfig) -> ToolCall:
    """Solved for even query numbers, otherwise an unsolved answer on a solvable task."""
    name = functions[0].name
    if name == "grade_task_solvability":
        return ToolCall(name=name, arguments='{"task_status": "Solvable", "reason": "tools fit"}')
    solved = int((messages[-1].content or "").split("question ")[1].split()[0]) % 2 == 0
    status = "Solved" if solved else "Unsolved"
    return ToolCall(name=name, arguments=json.dumps({"answer_status": status, "reason": "bench"}))


async def timed_eval(db: Path, judge: str, model: ScriptedModel | None, concurrency: int) -> tuple[float, object]:
    judges = build_judges(judge, None, {}, model=model, cache_dir=None)
    run = load_run(db, "bench", gold=judges.procedure == "rule")
    settings = EvalSettings(votes=7 if model else 1, concurrency=concurrency)
    started = time.perf_counter()
    with StoreWriter(db) as writer, writer.batch():
        report = await evaluate(writer, run, judges.passing, settings)
    return time.perf_counter() - started, report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=600)
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root, db = Path(tmp) / "tasks", Path(tmp) / "bench.duckdb"
        os.environ["HARNESS_TASKS_DIR"] = str(root)
        build(root, db, args.queries)
        elapsed, report = asyncio.run(timed_eval(db, "rule", None, args.concurrency))
        rows = {r.group: r for r in report.pass_rate.rows}  # type: ignore[attr-defined]
        n = rows["average"].n
        print(f"rule judge: {n} episodes in {elapsed:.2f}s = {n / elapsed:.0f} episodes/s, "
              f"pass rate {100 * rows['average'].value:.1f}%")  # fmt: skip
        model = ScriptedModel(responder=judge_reply, latency_s=args.latency, name="stand-in")
        elapsed, report = asyncio.run(timed_eval(db, "stand-in", model, args.concurrency))
        outcome = report.pass_rate  # type: ignore[attr-defined]
        print(f"LLM judge (toolbench, 7 votes, {args.latency * 1000:.0f} ms per call, concurrency "
              f"{args.concurrency}): {elapsed:.2f}s, {len(model.requests)} judge calls, "
              f"{outcome.asked} votes of {outcome.planned} planned ({outcome.saved} saved by early stop)")  # fmt: skip
        again, report = asyncio.run(timed_eval(db, "stand-in", model, args.concurrency))
        print(f"same command again: {again:.2f}s, {report.pass_rate.reused} votes re-used, "  # type: ignore[attr-defined]
              f"{report.pass_rate.asked} asked")  # type: ignore[attr-defined]  # fmt: skip
    rng = random.Random(1)
    values = [float(rng.random() < 0.4) for _ in range(1000)]
    started = time.perf_counter()
    bootstrap_ci(values, seed=1)
    print(f"bootstrap interval over 1,000 queries (2,000 resamples): {time.perf_counter() - started:.3f}s")


if __name__ == "__main__":
    main()
