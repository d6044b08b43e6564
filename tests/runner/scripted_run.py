"""Runs a small run through the runner API in its own process (for the SIGKILL test).

usage: python -m tests.runner.scripted_run DB TASKS_ROOT LATENCY_S [CONCURRENCY]
Prints ``stored <group> <qid>`` after each episode is written.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from harness.models.base import GenerateConfig
from harness.models.scripted import Reply, ScriptedModel
from harness.runner.execute import Totals
from harness.runner.plan import RunRequest, plan_run
from harness.runner.run import execute_plan
from harness.types.messages import Function, Message
from tests.strategies.scripted_world import CannedEnv, answer, call

APIS = ("alpha", "beta")


def responder(messages: list[Message], functions: list[Function], config: GenerateConfig) -> Reply:
    """Call alpha once, then answer naming the query and its episode seed; deterministic per query."""
    assert config.query is not None
    if messages[-1].role == "tool":
        return answer(f"{config.query.query_id} via {config.seed}")
    return call("alpha", config.query.query_id)


def main() -> None:
    db, root, latency = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    concurrency = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    os.environ["HARNESS_TASKS_DIR"] = root
    plan = plan_run(RunRequest(model="scripted", strategy="dfsdt", tasks=["sandboxtest/G1_instruction"], seed=3))
    model = ScriptedModel(responder=responder, latency_s=latency)
    totals = Totals()
    printed = 0

    def report(current: Totals) -> None:
        nonlocal printed
        for group, qid in current.stored[printed:]:
            print(f"stored {group} {qid}", flush=True)
        printed = len(current.stored)

    asyncio.run(
        execute_plan(
            plan,
            model,
            lambda task: CannedEnv(APIS),
            db,
            totals,
            concurrency=concurrency,
            show_progress=False,
            on_change=report,
        )
    )
    print(f"done {totals.done} skipped {totals.skipped}", flush=True)


if __name__ == "__main__":
    main()
