"""Whole episodes on the bundled sandbox suite: a recorded run replays identically and calls nothing."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from harness.envs.factory import EnvConfig, build_env, env_config_for_task
from harness.models.base import GenerateConfig
from harness.models.scripted import Reply, ScriptedModel
from harness.strategies.base import Agent
from harness.strategies.react import ChainOfThought
from harness.tasks import get_task
from harness.toolbench.functions import api_function
from harness.toolbench.naming import parameter_name
from harness.types.messages import Function, Message, ToolCall
from harness.types.query import Query
from harness.types.trajectory import Trajectory
from tests.envs.servers import free_port


def caller(messages: list[Message], functions: list[Function], config: GenerateConfig) -> Reply:
    """Call every API of the query once with its documented example, then answer with what came back."""
    assert config.query is not None
    done = sum(1 for m in messages if m.role == "tool")
    apis = config.query.api_list
    if done < len(apis):
        api = apis[done]
        example = {parameter_name(p.name): p.default for p in api.required_parameters}
        return ToolCall(name=api_function(api).name, arguments=json.dumps(example))
    answer = json.dumps({"return_type": "give_answer", "final_answer": messages[-1].content})
    return ToolCall(name="Finish", arguments=answer)


def episodes(config: EnvConfig, queries: list[Query]) -> list[Trajectory]:
    async def run() -> list[Trajectory]:
        env = build_env(config)
        agent = Agent(ScriptedModel(responder=caller), env)
        try:
            return [await ChainOfThought().solve(query, agent) for query in queries]
        finally:
            await env.aclose()

    return asyncio.run(run())


def test_recorded_sandbox_episodes_replay_identically(tmp_path: Path) -> None:
    task = get_task("sandbox/G1_instruction")
    queries = task.load_queries()[:4]
    recording = env_config_for_task(task, {"mode": "record", "cache_dir": tmp_path / "cache"})
    recorded = episodes(recording, queries)
    calls = [(a.content, i.observation, i.observation_code) for t in recorded for a, i in t.api_calls()]
    codes = [code for name, _, code in calls if name != "Finish"]
    assert len(codes) >= len(queries) and codes.count(0) > len(codes) // 2, calls
    assert all(t.finish_type == "give_answer" for t in recorded)
    nowhere = f"http://127.0.0.1:{free_port()}"  # nothing listens: a call that went out would fail
    replay = EnvConfig(backend="virtual", url=nowhere, mode="replay", cache_dir=tmp_path / "cache")
    replayed = episodes(replay, queries)
    assert [(a.content, i.observation, i.observation_code) for t in replayed for a, i in t.api_calls()] == calls
    assert [t.final_answer for t in replayed] == [t.final_answer for t in recorded]
    backends = {i.extra.get("_backend") for t in replayed for a, i in t.api_calls() if a.content != "Finish"}
    assert backends == {"cache"}
