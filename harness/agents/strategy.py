"""An external agent behind the ``Strategy`` interface, so a run of it is a run like any other.

Per episode: a :class:`ToolSession` over the episode's own ``api_list`` and the run's ToolEnv is
opened on the run's :class:`McpHub`, the agent is handed the query and the session's URL, and every
call it makes is recorded server-side into the trajectory. The answer is the ``Finish`` call's, or
else the agent's reply. The call budget (``max_calls``, tool calls) is enforced by the session and
the wall time (``wall_time_s``) by stopping the agent; a crash, a hang or unreadable output ends
only that episode, with an error.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from harness.agents.hub import McpHub
from harness.agents.launch import AgentOutcome, Launcher
from harness.agents.mcp_server import ToolSession
from harness.agents.protocol import AgentInfo, AgentRequest, AgentSettings
from harness.agents.recording import EpisodeRecorder
from harness.models.base import GenerateConfig, ModelError, ModelOutput
from harness.strategies.base import Agent, EpisodeLimits
from harness.strategies.registry import StrategyError
from harness.types.messages import Function, Message
from harness.types.query import AgentQuery
from harness.types.trajectory import Trajectory

# An agent episode always has a wall-clock limit: a hung agent must end.
DEFAULT_AGENT_WALL_TIME_S = 300.0
# Seconds an agent may go on after its session ended (a Finish, the call budget) before it is stopped.
AFTER_END_GRACE_S = 30.0
METHOD = "Agent"


class AgentStrategy:
    """Solves each episode by handing it to an external agent over MCP."""

    name = "agent"

    def __init__(self, launcher: Launcher, info: AgentInfo) -> None:
        self.launcher = launcher
        self.info = info
        self._hub: McpHub | None = None
        self._starting = asyncio.Lock()

    @property
    def method(self) -> str:
        return METHOD

    def arguments(self) -> dict[str, object]:
        return {}

    async def _running_hub(self) -> McpHub:
        async with self._starting:
            if self._hub is None or not self._hub.running:
                hub = McpHub()
                await hub.start()
                self._hub = hub
            return self._hub

    async def solve(self, query: AgentQuery, agent: Agent) -> Trajectory:
        query = AgentQuery.of(query)  # whatever a caller passes, the agent sees no gold
        began = time.perf_counter()
        hub = await self._running_hub()
        limits = agent.limits
        wall_time_s = limits.wall_time_s or DEFAULT_AGENT_WALL_TIME_S
        session = ToolSession(query, agent.env, finish_style=agent.finish_style, max_calls=limits.max_calls)
        recorder = EpisodeRecorder(
            query, session.functions, METHOD, {"max_calls": limits.max_calls, "wall_time_s": wall_time_s}
        )
        session.listener = recorder.on_call
        url = hub.open(session)
        request = AgentRequest(
            query_id=query.query_id,
            query=query.text,
            group=query.group,
            mcp_url=url,
            max_calls=limits.max_calls,
            wall_time_s=wall_time_s,
        )
        try:
            outcome = await self._run_agent(request, session, wall_time_s)
        finally:
            hub.close(url)
        errors = [outcome.error] if outcome.error else []
        reply = outcome.reply
        if reply is not None:
            for thought in reply.thoughts:
                if thought.strip():
                    recorder.thought(thought)
            if reply.error:
                errors.append(f"the agent reported: {reply.error}")
            if reply.answer and not recorder.finished and not outcome.error:
                recorder.answer_from_reply(reply.answer)
        traj = recorder.conclude(errors, time.perf_counter() - began)
        reported = reply.info() if reply is not None else AgentInfo()
        traj.extra["agent"] = {
            **self.info.model_dump(exclude_none=True),
            **reported.model_dump(exclude_none=True),
            "tool_calls": session.calls,
        }
        if outcome.stderr_tail and outcome.error:
            traj.extra["agent"]["stderr_tail"] = outcome.stderr_tail
        return traj

    async def _run_agent(self, request: AgentRequest, session: ToolSession, wall_time_s: float) -> AgentOutcome:
        """The agent's outcome; once its session has ended (Finish, or the call budget spent) it has
        ``AFTER_END_GRACE_S`` more to exit before it is stopped, so a looping agent ends early."""
        running = asyncio.create_task(self.launcher.run(request, wall_time_s))
        ended = asyncio.create_task(session.ended.wait())
        try:
            await asyncio.wait({running, ended}, return_when=asyncio.FIRST_COMPLETED)
            if running.done():
                return running.result()
            try:
                return await asyncio.wait_for(asyncio.shield(running), timeout=AFTER_END_GRACE_S)
            except TimeoutError:
                return AgentOutcome(
                    error=f"the agent was stopped {AFTER_END_GRACE_S:g} s after its session ended "
                    f"({session.end_reason})"
                )
        finally:
            for task in (running, ended):
                task.cancel()  # stopping the launcher kills the agent's processes
            await asyncio.gather(running, ended, return_exceptions=True)

    async def aclose(self) -> None:
        """Stop the MCP server (a later episode starts it again)."""
        if self._hub is not None:
            await self._hub.aclose()
            self._hub = None
        self._starting = asyncio.Lock()  # a lock belongs to one event loop; the next run may have another


AGENT_LIMITS = ("max_calls", "wall_time_s")


def agent_strategy(
    settings: AgentSettings, args: dict[str, str]
) -> tuple[AgentStrategy, EpisodeLimits, dict[str, str], dict[str, Any]]:
    """The strategy for ``--agent``, its limits from ``-S max_calls=N -S wall_time_s=S``, what the
    RunSpec records to reach the agent (its model_args) and its ``agent`` entry."""
    from pydantic import ValidationError

    from harness.agents.launch import load_agent

    unknown = sorted(set(args) - set(AGENT_LIMITS))
    if unknown:
        raise StrategyError(f"an agent run takes no -S {unknown[0]}; it accepts: {', '.join(AGENT_LIMITS)}")
    try:
        limits = EpisodeLimits.model_validate({"wall_time_s": DEFAULT_AGENT_WALL_TIME_S, **args})
    except ValidationError as exc:
        problem = exc.errors()[0]
        raise StrategyError(f"-S {problem['loc'][0]}: {problem['msg']}") from None
    launcher = load_agent(settings.target)
    info = AgentInfo(name=settings.name, version=settings.version, model=settings.model)
    return AgentStrategy(launcher, info), limits, launcher.target(), settings.spec_entry(launcher.kind)


class NoModel:
    """The model slot of an agent run: the agent brings its own model, so nothing may call this one."""

    def __init__(self, name: str) -> None:
        self.name = name

    async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        raise ModelError(f"{self.name} is an external agent; only the agent strategy can run it")
