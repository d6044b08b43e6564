"""The gold stays with the judges and the oracle: nothing the system under test is handed (the
model's messages, functions and config; the strategy's query and agent; the tool environment's
arguments) carries a gold fact, the reference call path or the relevant APIs."""

from __future__ import annotations

import asyncio
import pickle
from pathlib import Path
from typing import Any

import pytest

from harness.envs.base import ToolEnv
from harness.envs.factory import build_env, env_config_for_task
from harness.models.base import GenerateConfig, ModelError
from harness.models.registry import load_model
from harness.models.scripted import Reply, ScriptedModel
from harness.runner.execute import Totals
from harness.runner.plan import RunRequest, TaskQueries, plan_run
from harness.runner.run import execute_plan
from harness.strategies.base import Agent
from harness.types.messages import Function, Message, ToolCall
from harness.types.observation import Observation
from harness.types.query import AgentQuery
from harness.types.trajectory import Trajectory

MARKER = "gold-marker-7f3a9c"


class RecordingEnv:
    """The task's real tools, keeping every argument they are called with."""

    def __init__(self, inner: ToolEnv, seen: list[Any]) -> None:
        self.inner, self.seen = inner, seen

    async def call(self, tool_call: ToolCall, query: AgentQuery) -> Observation:
        self.seen.append(("env", tool_call, query))
        return await self.inner.call(tool_call, query)

    async def aclose(self) -> None:
        await self.inner.aclose()


class RecordingStrategy:
    """The planned strategy, keeping what it is asked to solve with."""

    def __init__(self, inner: Any, seen: list[Any]) -> None:
        self.inner, self.seen = inner, seen
        self.name = inner.name

    @property
    def method(self) -> str:
        return str(self.inner.method)

    def arguments(self) -> dict[str, object]:
        return dict(self.inner.arguments())

    async def solve(self, query: AgentQuery, agent: Agent) -> Trajectory:
        self.seen.append(("strategy", query, agent.config))
        trajectory: Trajectory = await self.inner.solve(query, agent)
        return trajectory


@pytest.mark.parametrize("strategy", ["react", "dfsdt"])
def test_nothing_the_system_under_test_is_handed_holds_gold(tmp_path: Path, strategy: str) -> None:
    seen: list[Any] = []
    plan = plan_run(RunRequest(model="scripted", strategy=strategy, tasks=["sandbox/G3_instruction"], limit=3))
    for query in plan.tasks[0].queries:
        assert query.gold is not None and query.gold.call_path and query.relevant_apis
        query.gold.facts.append(MARKER)
        query.gold.call_path.append({"tool_name": MARKER, "api_name": MARKER, "arguments": {"x": MARKER}})
        query.relevant_apis.append((MARKER, MARKER))
    plan.strategy = RecordingStrategy(plan.strategy, seen)

    def respond(messages: list[Message], functions: list[Function], config: GenerateConfig) -> Reply:
        seen.append(("model", messages, functions, config))
        # Call the first offered API once, then give up, so tools and DFSDT's backtracking are exercised.
        if not any(m.role == "tool" for m in messages):
            return ToolCall(name=functions[0].name, arguments="{}")
        return ToolCall(name="Finish", arguments='{"return_type": "give_up_and_restart"}')

    def make_env(task: TaskQueries) -> ToolEnv:
        return RecordingEnv(build_env(env_config_for_task(task.task)), seen)

    model = ScriptedModel(responder=respond)
    asyncio.run(execute_plan(plan, model, make_env, tmp_path / "r.duckdb", Totals(), show_progress=False))

    kinds = {record[0] for record in seen}
    assert kinds == {"model", "strategy", "env"}
    for record in seen:
        handed = pickle.dumps(record[1:])
        assert MARKER.encode() not in handed, f"the {record[0]} was handed gold"
    for record in seen:
        if record[0] in ("strategy", "env"):
            query = record[-1] if record[0] == "env" else record[1]
            assert isinstance(query, AgentQuery) and not hasattr(query, "gold")


def test_the_oracle_gets_its_gold_when_built_and_only_the_oracle() -> None:
    plan = plan_run(RunRequest(model="oracle", strategy="react", tasks=["sandbox/G1_instruction"], limit=2))
    book = plan.gold()
    assert set(book) == {(q.group, q.query_id) for q in plan.tasks[0].queries}
    oracle = load_model("oracle", {}, gold=book)
    assert oracle is not None
    # Other models are built without it even when a caller offers it.
    baseline = load_model("baseline", {}, gold=book)
    assert not any(isinstance(v, dict) and v is book for v in vars(baseline).values())
    with pytest.raises(ModelError, match="follows each query's gold"):
        load_model("oracle", {})
