"""The scripted run of ``scripted_run`` with the Ray executor, in its own process (for the SIGKILL test).

usage: python -m tests.runner.ray_run DB TASKS_ROOT LATENCY_S RAY_ADDRESS
Prints ``stored <group> <qid>`` after each episode is written by the driver's writer.
"""

from __future__ import annotations

import asyncio
import os
import sys
from functools import partial
from pathlib import Path

from harness.envs.base import ToolEnv
from harness.models.base import GenerateConfig
from harness.models.scripted import Reply, ScriptedModel
from harness.runner.execute import Totals
from harness.runner.executors import ExecutorOptions, Workload, build_executor
from harness.runner.plan import RunRequest, TaskQueries, plan_run
from harness.runner.run import execute_plan
from harness.types.messages import Function, Message
from tests.runner.scripted_run import responder
from tests.strategies.scripted_world import CannedEnv

APIS = ("alpha", "beta")


def canned_env(task: TaskQueries) -> ToolEnv:
    """The canned tools of every runner test (module level, so Ray can send it to the replicas)."""
    return CannedEnv(APIS)


def scripted_workload(latency_s: float) -> Workload:
    """The scripted model and canned tools as recipes the replicas follow."""
    return Workload(partial(ScriptedModel, responder=responder, latency_s=latency_s), canned_env)


def dying_responder(marker: str, messages: list[Message], functions: list[Function], config: GenerateConfig) -> Reply:
    """The scripted responder, except that the first replica to answer for query "102" while ``marker``
    exists takes it and ends its own process (a lost node, as the driver sees it)."""
    assert config.query is not None
    if config.query.query_id == "102":
        try:
            os.rename(marker, marker + ".taken")  # atomic: exactly one replica dies
        except FileNotFoundError:
            pass
        else:
            os._exit(1)
    return responder(messages, functions, config)


def dying_workload(marker: Path) -> Workload:
    """The scripted workload, with one replica dying mid-episode (see ``dying_responder``)."""
    return Workload(partial(ScriptedModel, responder=partial(dying_responder, str(marker))), canned_env)


def scripted_plan_request() -> RunRequest:
    return RunRequest(model="scripted", strategy="dfsdt", tasks=["sandboxtest/G1_instruction"], seed=3)


def main() -> None:
    db, root, latency, address = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]), sys.argv[4]
    os.environ["HARNESS_TASKS_DIR"] = root
    plan = plan_run(scripted_plan_request())
    executor = build_executor(ExecutorOptions(name="ray", address=address, replicas=2), scripted_workload(latency))
    totals = Totals()
    printed = 0

    def report(current: Totals) -> None:
        nonlocal printed
        for group, qid in current.stored[printed:]:
            print(f"stored {group} {qid}", flush=True)
        printed = len(current.stored)

    async def go() -> None:
        try:
            await execute_plan(
                plan,
                ScriptedModel(responder=responder),
                canned_env,
                db,
                totals,
                concurrency=2,
                show_progress=False,
                on_change=report,
                executor=executor,
            )
        finally:
            await executor.aclose()

    asyncio.run(go())
    print(f"done {totals.done} skipped {totals.skipped}", flush=True)


if __name__ == "__main__":
    main()
