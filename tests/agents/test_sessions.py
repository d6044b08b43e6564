"""Per-episode MCP sessions on one hub: each reaches its own episode's tools only, spends its own call
budget, ends at Finish, and writes every answered call (with the thought sent along) into its
episode's trajectory."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from mcp import Client, MCPError

import harness.agents.strategy as strategy_module
from harness.agents.hub import McpHub
from harness.agents.launch import AgentOutcome
from harness.agents.mcp_server import ToolSession
from harness.agents.protocol import META_STATUS, META_THOUGHT, AgentInfo, AgentRequest
from harness.agents.recording import EpisodeRecorder
from harness.agents.strategy import AgentStrategy, NoModel
from harness.envs.factory import EnvConfig, build_env, env_config_for_task
from harness.strategies.base import Agent, EpisodeLimits
from harness.tasks import get_task
from harness.toolbench.naming import parameter_name
from harness.types.query import AgentQuery, Query
from harness.types.trajectory import FinishType, NodeKind, Trajectory

QUERIES = get_task("sandbox/G1_instruction").load_queries()


def _two_episodes() -> tuple[Query, Query]:
    first = QUERIES[0]
    other = next(q for q in QUERIES if {a.tool_name for a in q.api_list} != {a.tool_name for a in first.api_list})
    return first, other


def _env_config() -> EnvConfig:
    return env_config_for_task(get_task("sandbox/G1_instruction"))


@asynccontextmanager
async def hub_with(*sessions: ToolSession) -> AsyncIterator[tuple[McpHub, list[str]]]:
    hub = McpHub()
    await hub.start()
    try:
        yield hub, [hub.open(s) for s in sessions]
    finally:
        await hub.aclose()


async def _refusal(url: str) -> str:
    """The error a client gets listing tools at ``url`` ("" when it gets tools)."""
    message = ""
    try:
        async with Client(url) as client:
            await client.list_tools()
    except* MCPError as group:
        message = " ".join(str(error) for error in _leaves(group))
    return message


def _leaves(error: BaseException) -> list[BaseException]:
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in _leaves(inner)]
    return [error]


def _text(result: object) -> str:
    return "".join(b.text for b in result.content if b.type == "text")  # type: ignore[attr-defined]


def test_a_session_reaches_only_its_own_episodes_tools() -> None:
    first, other = _two_episodes()

    async def go() -> None:
        env = build_env(_env_config())
        a, b = (ToolSession(AgentQuery.of(q), env) for q in (first, other))
        async with hub_with(a, b) as (hub, (url_a, url_b)):
            async with Client(url_a) as client:
                listed = [t.name for t in (await client.list_tools()).tools]
                assert listed == [f.name for f in a.functions]
                assert not set(listed[:-1]) & {f.name for f in b.functions[:-1]}
                # another episode's tool, called through this session, does not exist here
                stranger = await client.call_tool(b.functions[0].name, {})
                assert stranger.meta[META_STATUS] == 1 and stranger.is_error
            hub.close(url_a)
            assert "no open episode" in await _refusal(url_a)
            assert "no open episode" in await _refusal(url_b.replace(url_b.split("/")[-2], "guessed-token"))
            async with Client(url_b) as client:  # the other episode is untouched
                assert len((await client.list_tools()).tools) == len(b.functions)
        await env.aclose()

    asyncio.run(go())


def test_calls_are_recorded_with_thoughts_until_finish_and_within_budget() -> None:
    query = AgentQuery.of(QUERIES[0])
    api = query.api_list[0]
    arguments = {parameter_name(p.name): p.default for p in api.required_parameters}

    async def go() -> tuple[EpisodeRecorder, ToolSession, list[tuple[str, int, bool]], EpisodeRecorder]:
        env = build_env(_env_config())
        budgeted = ToolSession(query, env, max_calls=2)
        recorder = EpisodeRecorder(query, budgeted.functions, "Agent", {})
        budgeted.listener = recorder.on_call
        finishing = ToolSession(query, env)
        finished = EpisodeRecorder(query, finishing.functions, "Agent", {})
        finishing.listener = finished.on_call
        seen = []
        async with hub_with(budgeted, finishing) as (_, (url, url_finish)):
            async with Client(url) as client:
                name = budgeted.functions[0].name
                for thought in ("first look", None, "one too many"):
                    result = await client.call_tool(name, arguments, meta={META_THOUGHT: thought} if thought else None)
                    seen.append((_text(result), (result.meta or {}).get(META_STATUS, -1), result.is_error))
            async with Client(url_finish) as client:
                answer = {"return_type": "give_answer", "final_answer": "103 days"}
                await client.call_tool("Finish", answer, meta={META_THOUGHT: "I know it"})
                late = await client.call_tool(budgeted.functions[0].name, arguments)
                seen.append((_text(late), (late.meta or {}).get(META_STATUS, -1), late.is_error))
        await env.aclose()
        return recorder, budgeted, seen, finished

    recorder, session, seen, finished = asyncio.run(go())
    assert [code for _, code, _ in seen[:2]] == [0, 0]
    assert seen[2][2] and "call budget of 2" in seen[2][0]  # refused, never reaching the tool
    assert session.calls == 2 and session.ended.is_set()
    traj = recorder.conclude([], 1.0)
    kinds = [n.kind for n in traj.nodes]
    assert kinds == [
        NodeKind.ROOT,
        NodeKind.THOUGHT,
        NodeKind.ACTION,
        NodeKind.ACTION_INPUT,
        NodeKind.ACTION,
        NodeKind.ACTION_INPUT,
    ]
    assert traj.nodes[1].content == "first look"
    assert json.loads(traj.nodes[3].content) == arguments and traj.nodes[3].observation == seen[0][0]
    assert traj.finish_type is FinishType.NONE and len(traj.api_calls()) == 2
    # Finish ends the other session: its answer is the episode's, and a later call reaches nothing
    assert seen[3][2] and "has ended" in seen[3][0]
    done = finished.conclude([], 1.0)
    assert done.finish_type is FinishType.GIVE_ANSWER and done.final_answer == "103 days"
    assert [n.content for n in done.nodes if n.kind is NodeKind.THOUGHT] == ["I know it"]


class _InProcess:
    """A launcher whose agent is a coroutine of this process: it uses the session, then never stops."""

    kind = "test"
    name = "in-process"

    def __init__(self, looping: bool) -> None:
        self.looping = looping

    def target(self) -> dict[str, str]:
        return {"command": "-"}

    async def run(self, request: AgentRequest, timeout_s: float) -> AgentOutcome:
        async with Client(request.mcp_url) as client:
            first = (await client.list_tools()).tools[0].name
            if not self.looping:
                await client.call_tool("Finish", {"return_type": "give_answer", "final_answer": "done early"})
            while self.looping:  # calls on past its budget, every answer an error
                await client.call_tool(first, {})
        await asyncio.sleep(3600)
        return AgentOutcome()


def test_an_agent_that_goes_on_after_its_session_ended_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(strategy_module, "AFTER_END_GRACE_S", 0.2)
    query = AgentQuery.of(QUERIES[0])

    async def go(looping: bool) -> Trajectory:
        strategy = AgentStrategy(_InProcess(looping), AgentInfo(name="in-process"))
        env = build_env(_env_config())
        agent = Agent(model=NoModel("agent:in-process"), env=env, limits=EpisodeLimits(max_calls=3, wall_time_s=600))
        try:
            return await strategy.solve(query, agent)
        finally:
            await strategy.aclose()
            await env.aclose()

    finished = asyncio.run(go(looping=False))
    assert finished.finish_type is FinishType.GIVE_ANSWER and finished.final_answer == "done early"
    assert finished.errors == ["the agent was stopped 0.2 s after its session ended (Finish was called)"]
    looping = asyncio.run(go(looping=True))
    assert len(looping.api_calls()) == 3 and looping.extra["agent"]["tool_calls"] == 3
    assert looping.errors == [
        "the agent was stopped 0.2 s after its session ended (the call budget of 3 tool calls is spent)"
    ]
