"""The Ray executor against the local one on the same run, interleaved in one process.

Run: .venv/bin/python bench/bench_ray_executor.py [--limit 10] [--replicas 2] [--rounds 3] [--latency 0.1]
Starts one local Ray cluster (``--cpus``, default: this machine's) and runs the bundled sandbox
suite (``--limit`` queries per task) with the offline baseline, whose episodes cost CPU only, and
with a scripted model that answers after ``--latency`` seconds (an API model), alternately under
``local`` and ``ray``, each round into a fresh store. Prints per round and as medians: episodes
per second under each, the ratio ray/local, and the seconds the replicas took to start (once per
executor, not counted in the rate). On one machine Ray can only add overhead for a latency-bound
model; the ratio for the baseline shows what extra cores buy for a CPU-bound one.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from functools import partial
from pathlib import Path

from harness.models.base import GenerateConfig
from harness.models.registry import load_model
from harness.models.scripted import Reply, ScriptedModel
from harness.runner.execute import Totals
from harness.runner.executors import ExecutorOptions, Workload, build_executor
from harness.runner.plan import RunPlan, RunRequest, plan_run
from harness.runner.ray_executor import RayExecutor
from harness.runner.run import execute_plan
from harness.runner.workload import build_task_env, remote_workload
from harness.types.messages import Function, Message, ToolCall


def finish_at_once(messages: list[Message], functions: list[Function], config: GenerateConfig) -> Reply:
    """One call per episode: Finish with a fixed answer."""
    return ToolCall(id="c0", name="Finish", arguments='{"return_type": "give_answer", "final_answer": "done"}')


def _run(plan: RunPlan, db: Path, model: object, executor: object | None, concurrency: int) -> float:
    totals = Totals()
    env = partial(build_task_env, {})
    started = time.perf_counter()
    asyncio.run(
        execute_plan(plan, model, env, db, totals, concurrency=concurrency, show_progress=False, executor=executor)  # type: ignore[arg-type]
    )
    assert totals.done == plan.episode_count and not totals.errors, totals.last_error
    return totals.done / (time.perf_counter() - started)


def bench(label: str, plan: RunPlan, local_model: object, workload: Workload, args: argparse.Namespace) -> None:
    executor = build_executor(ExecutorOptions(name="ray", replicas=args.replicas), workload)
    assert isinstance(executor, RayExecutor)
    began = time.perf_counter()
    asyncio.run(executor._start())
    start_s = time.perf_counter() - began
    local_rates, ray_rates = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.rounds):
            local_rates.append(_run(plan, Path(tmp) / f"l{i}.duckdb", local_model, None, args.concurrency))
            ray_rates.append(_run(plan, Path(tmp) / f"r{i}.duckdb", local_model, executor, args.concurrency))
            print(f"  {label} round {i + 1}: local {local_rates[-1]:.1f} ep/s, ray {ray_rates[-1]:.1f} ep/s")
    asyncio.run(executor.aclose())
    local, remote = statistics.median(local_rates), statistics.median(ray_rates)
    print(
        f"{label}: {plan.episode_count} episodes, concurrency {args.concurrency}, {args.replicas} replicas "
        f"(started in {start_s:.1f} s): local {local:.1f} ep/s, ray {remote:.1f} ep/s, ray/local {remote / local:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--cpus", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    import ray

    ray.init(num_cpus=args.cpus, include_dashboard=False, logging_level="WARNING")
    baseline = plan_run(RunRequest(model="baseline", tasks=["sandbox"], limit=args.limit))
    _, workload = remote_workload("baseline", {}, baseline, partial(build_task_env, {}))
    bench("baseline (CPU-bound)", baseline, load_model("baseline", {}), workload, args)
    scripted = plan_run(RunRequest(model="scripted", strategy="react", tasks=["sandbox"], limit=args.limit))
    recipe = partial(ScriptedModel, responder=finish_at_once, latency_s=args.latency)
    workload = Workload(recipe, partial(build_task_env, {}))
    bench(f"scripted, {args.latency * 1000:.0f} ms a call", scripted, recipe(), workload, args)
    ray.shutdown()


if __name__ == "__main__":
    main()
