"""Starting an agent for one episode: a command (a process per episode) or an HTTP endpoint.

Both take an :class:`AgentRequest` and give back an :class:`AgentOutcome`: the reply when there is
a readable one, and otherwise the one-line error that ends the episode (a crash, a hang past the
wall time, output that is not a reply). Nothing an agent does raises out of :meth:`run`, so one bad
agent episode never stops the run. Both kinds are entries of the ``AGENTS`` registry.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import json
import os
import shlex
import shutil
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from pydantic import ValidationError

from harness.agents.protocol import (
    ENV_MCP_URL,
    ENV_QUERY,
    ENV_QUERY_ID,
    ENV_REQUEST,
    MAX_OUTPUT_CHARS,
    AgentInfo,
    AgentReply,
    AgentRequest,
)
from harness.registry import Registry
from harness.util.errors import one_line

DESCRIBE_TIMEOUT_S = 30.0
STDERR_TAIL_CHARS = 300


@dataclass
class AgentOutcome:
    """What one episode's agent left: its reply (None when it printed none) or an error."""

    reply: AgentReply | None = None
    error: str | None = None
    timed_out: bool = False
    unreachable: bool = False  # nothing answered at all (an HTTP agent's connection refused)
    stderr_tail: str = ""
    extra: dict[str, object] = field(default_factory=dict)


class Launcher(Protocol):
    """One way of reaching an agent."""

    kind: str
    name: str  # the name the agent goes by when it does not say

    def target(self) -> dict[str, str]:
        """What the RunSpec records to reach the agent again (``command`` or ``url``)."""
        ...

    async def run(self, request: AgentRequest, timeout_s: float) -> AgentOutcome:
        """Hand the agent one episode and wait for it, at most ``timeout_s``; never raises for the
        agent's faults."""
        ...


# A builder is called as ``build(text)`` with what followed ``--agent`` and returns a Launcher.
AGENTS = Registry("agent", "agents")


def read_reply(stdout: str) -> tuple[AgentReply | None, str | None]:
    """The reply on the last non-empty line of ``stdout`` (None when there is no output), or an error."""
    lines = [line for line in stdout.splitlines() if line.strip()]
    if not lines:
        return None, None
    last = lines[-1].strip()
    try:
        data = json.loads(last)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        return None, f"the agent's last line of output is not a JSON object: {last[:120]!r}"
    try:
        return AgentReply.model_validate(data), None
    except ValidationError as exc:
        return None, f"the agent's reply does not fit the protocol: {one_line(exc)}"


def agent_name_of(argv: list[str]) -> str:
    """The name a command agent goes by: its script's stem (``python agents/mine.py`` -> ``mine``)."""
    for word in reversed(argv):
        if not word.startswith("-") and Path(word).suffix in (".py", ".js", ".ts", ".sh", ".rb"):
            return Path(word).stem
    return Path(argv[0]).name


class CommandAgent:
    """An agent run as a process per episode: request on stdin and in ``HARNESS_*`` variables,
    reply on the last line of stdout. The process gets its own process group, which is killed when
    the episode's time is up or the run stops, so nothing it started outlives its episode; on Linux
    the agent also dies with a harness that was killed outright (SIGKILL)."""

    kind = "command"

    def __init__(self, command: str) -> None:
        try:
            argv = shlex.split(command)
        except ValueError as exc:
            raise ValueError(f"--agent {command!r} is not a command line: {exc}") from None
        if not argv:
            raise ValueError("--agent needs a command or an http:// URL, e.g. --agent 'python my_agent.py'")
        if shutil.which(argv[0]) is None:
            raise ValueError(f"--agent: no program {argv[0]!r} found; give a path or a program on PATH")
        self.command = command
        self.argv = argv
        self.name = agent_name_of(argv)

    def target(self) -> dict[str, str]:
        return {"command": self.command}

    async def run(self, request: AgentRequest, timeout_s: float) -> AgentOutcome:
        body = request.model_dump_json()
        env = {
            **os.environ,
            ENV_MCP_URL: request.mcp_url,
            ENV_QUERY: request.query,
            ENV_QUERY_ID: request.query_id,
            ENV_REQUEST: body,
        }
        try:
            process = await asyncio.create_subprocess_exec(
                *self.argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=env,
                start_new_session=True,
                preexec_fn=_dies_with_harness(),
            )
        except OSError as exc:
            return AgentOutcome(error=f"the agent could not start: {one_line(exc)}")
        assert process.stdin is not None and process.stdout is not None and process.stderr is not None
        readers = [asyncio.create_task(_read_bounded(s)) for s in (process.stdout, process.stderr)]
        timed_out = False
        try:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                process.stdin.write(body.encode() + b"\n")
                await process.stdin.drain()
                process.stdin.close()
            try:
                await asyncio.wait_for(process.wait(), timeout=timeout_s)
            except TimeoutError:
                timed_out = True
        finally:
            _kill_group(process.pid)  # also whatever it started and left behind
            await asyncio.shield(process.wait())
        try:
            # A grandchild that escaped the group may still hold the pipes: its output is not waited for.
            stdout, stderr = await asyncio.wait_for(asyncio.gather(*readers), timeout=5)
        except TimeoutError:
            stdout, stderr = "", ""
        tail = stderr.strip()[-STDERR_TAIL_CHARS:]
        if timed_out:
            return AgentOutcome(error=f"the agent was stopped after {timeout_s:g} s (wall-clock limit)", timed_out=True)
        reply, problem = read_reply(stdout)
        if process.returncode:
            last = tail.splitlines()[-1] if tail else "no output on stderr"
            return AgentOutcome(reply, f"the agent exited with code {process.returncode}: {last}", stderr_tail=tail)
        return AgentOutcome(reply, problem, stderr_tail=tail)


async def _read_bounded(stream: asyncio.StreamReader) -> str:
    """All of ``stream`` read, the first ``MAX_OUTPUT_CHARS`` kept (a flood is drained, not held)."""
    kept = bytearray()
    while chunk := await stream.read(65536):
        if len(kept) < MAX_OUTPUT_CHARS:
            kept.extend(chunk[: MAX_OUTPUT_CHARS - len(kept)])
    return kept.decode(errors="replace")


# prctl(2): the signal a process gets when the thread that started it ends.
_PR_SET_PDEATHSIG = 1


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """libc's prctl on Linux (looked up once per process), else None."""
    if not sys.platform.startswith("linux"):
        return None
    found: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    return found


def _dies_with_harness() -> Callable[[], None] | None:
    """On Linux, a hook run in the agent's process before it starts: the kernel sends it SIGKILL when
    the harness dies, so an agent of a SIGKILLed run does not go on spending tokens unseen. Elsewhere
    none (the run still kills the agent's group whenever it stops in an orderly way)."""
    prctl = _prctl()  # resolved before the fork: the hook itself only calls it
    if prctl is None:
        return None
    harness_pid = os.getpid()

    def hook() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != harness_pid:  # the harness died before the hook ran
            os.kill(os.getpid(), signal.SIGKILL)

    return hook


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


class HttpAgent:
    """An agent behind a URL: each episode's request is POSTed there, and the response is the reply."""

    kind = "http"

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"--agent {url!r} is not an http(s) URL; e.g. --agent http://127.0.0.1:9000/solve")
        self.url = url
        self.name = parts.netloc

    def target(self) -> dict[str, str]:
        return {"url": self.url}

    async def run(self, request: AgentRequest, timeout_s: float) -> AgentOutcome:
        import httpx

        try:
            async with httpx.AsyncClient(timeout=timeout_s) as client:
                response = await asyncio.wait_for(
                    client.post(
                        self.url, content=request.model_dump_json(), headers={"content-type": "application/json"}
                    ),
                    timeout=timeout_s,
                )
        except TimeoutError:
            return AgentOutcome(
                error=f"the agent gave no reply within {timeout_s:g} s (wall-clock limit)", timed_out=True
            )
        except httpx.TimeoutException:
            return AgentOutcome(
                error=f"the agent gave no reply within {timeout_s:g} s (wall-clock limit)", timed_out=True
            )
        except httpx.HTTPError as exc:
            return AgentOutcome(
                error=f"the agent at {self.url} could not be reached: {one_line(exc)}", unreachable=True
            )
        if response.status_code >= 400:
            return AgentOutcome(error=f"the agent answered HTTP {response.status_code}: {response.text[:200]!r}")
        reply, problem = read_reply(response.text.replace("\n", " ")[:MAX_OUTPUT_CHARS])
        return AgentOutcome(reply, problem)


@AGENTS.register("command", "a program run once per episode (request on stdin, reply on stdout)")
def _command(text: str) -> Launcher:
    return CommandAgent(text)


@AGENTS.register("http", "an endpoint POSTed each episode's request (the response is the reply)")
def _http(text: str) -> Launcher:
    return HttpAgent(text)


def load_agent(text: str) -> Launcher:
    """The launcher ``--agent TEXT`` stands for: an http(s) URL, else a command line; a one-line
    ValueError when it cannot be one."""
    kind = "http" if text.strip().lower().startswith(("http://", "https://")) else "command"
    launcher: Launcher = AGENTS.build(kind, text.strip(), record_args={"agent": text})
    return launcher


async def describe(launcher: Launcher, timeout_s: float = DESCRIBE_TIMEOUT_S) -> AgentInfo:
    """Ask the agent who it is (a request with ``describe: true``); an agent that does not answer
    with JSON goes by the launcher's name, version and model unknown. An agent that cannot be
    reached at all is a one-line ValueError: no episode could reach it either."""
    outcome = await launcher.run(AgentRequest(describe=True), timeout_s)
    if outcome.unreachable:
        raise ValueError(f"{outcome.error}; start the agent first or check --agent")
    reported = outcome.reply.info() if outcome.reply is not None and outcome.error is None else AgentInfo()
    return AgentInfo(name=reported.name or launcher.name, version=reported.version, model=reported.model)
