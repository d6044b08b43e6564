"""Throughput and concurrency of `harness run`'s engine, without a real model or real tools.

Run: .venv/bin/python bench/bench_runner.py [--episodes 200] [--latency 0.1] [--slow-episodes 128]
Prints:
  1. episodes/s and harness overhead per LLM call with a zero-latency scripted model (DFSDT, three
     calls per episode: one tool call, a give-up, then an answer on the second branch), every
     episode stored in a real DuckDB file;
  2. wall time at concurrency 1 and 32 with the given model latency per call, and their ratio
     (ideal: 32).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

from harness.models.base import GenerateConfig
from harness.models.scripted import Reply, ScriptedModel
from harness.runner.execute import Totals
from harness.runner.plan import RunRequest, TaskQueries, plan_run
from harness.runner.run import execute_plan
from harness.toolbench.queries import write_query_file
from harness.types.docs import ApiDoc
from harness.types.messages import Function, Message, ToolCall
from harness.types.observation import Observation
from harness.types.query import Query


class EchoEnv:
    """Answers every call at once; Finish by its return type."""

    async def call(self, tool_call: ToolCall, query: Query) -> Observation:
        if tool_call.name == "Finish":
            gave_up = "give_up" in tool_call.arguments
            return Observation(text="{}", status_code=4 if gave_up else 3)
        return Observation(text=f"echo {tool_call.arguments}")

    async def aclose(self) -> None:
        return None


def responder(messages: list[Message], functions: list[Function], config: GenerateConfig) -> Reply:
    """Call, give up; on the second branch (a diversity note is present) answer directly."""
    if any(m.role == "user" and "earlier attempts" in (m.content or "") for m in messages):
        return ToolCall(name="Finish", arguments='{"return_type": "give_answer", "final_answer": "ok"}')
    if messages[-1].role == "tool":
        return ToolCall(name="Finish", arguments='{"return_type": "give_up_and_restart"}')
    return ToolCall(name="lookup_for_bench", arguments='{"q": "x"}')


def make_tasks(root: Path, count: int) -> None:
    api = ApiDoc(category_name="Bench", tool_name="bench", api_name="lookup", api_description="looks up")
    queries = [Query(query_id=str(i), text=f"question {i}", api_list=[api]) for i in range(count)]
    folder = root / "bench"
    folder.mkdir(parents=True)
    write_query_file(queries, folder / "G1_instruction.json")
    (folder / "G1_instruction.yaml").write_text(
        "name: bench/G1_instruction\ngroup: G1_instruction\nversion: '1'\n"
        "source: {queries: G1_instruction.json}\nenv: {backend: local}\njudge: rule\n"
    )


def timed_run(db: Path, count: int, latency: float, concurrency: int) -> tuple[float, Totals]:
    plan = plan_run(RunRequest(model="scripted", strategy="dfsdt", tasks=["bench/G1_instruction"], limit=count))
    model = ScriptedModel(responder=responder, latency_s=latency)
    totals = Totals()

    def env(task: TaskQueries) -> EchoEnv:
        return EchoEnv()

    began = time.perf_counter()
    asyncio.run(execute_plan(plan, model, env, db, totals, concurrency=concurrency, show_progress=False))
    return time.perf_counter() - began, totals


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--episodes", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--slow-episodes", type=int, default=128)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_tasks(root / "tasks", max(args.episodes, args.slow_episodes))
        os.environ["HARNESS_TASKS_DIR"] = str(root / "tasks")
        wall, totals = timed_run(root / "fast.duckdb", args.episodes, 0.0, 32)
        assert totals.answered == args.episodes, totals
        print(f"zero-latency model, concurrency 32: {args.episodes} episodes in {wall:.2f} s")
        print(f"  {args.episodes / wall:.1f} episodes/s, {totals.llm_calls} LLM calls")
        print(f"  harness overhead per LLM call (storage included): {wall / totals.llm_calls * 1000:.2f} ms")
        walls = {}
        for concurrency in (1, 32):
            walls[concurrency], totals = timed_run(
                root / f"slow{concurrency}.duckdb", args.slow_episodes, args.latency, concurrency
            )
            print(
                f"{args.latency * 1000:.0f} ms model latency, concurrency {concurrency}: "
                f"{args.slow_episodes} episodes, {totals.llm_calls} calls in {walls[concurrency]:.2f} s"
            )
        print(f"speed-up 32 vs 1: {walls[1] / walls[32]:.1f}x (ideal 32x)")


if __name__ == "__main__":
    main()
