"""A ToolEnv as an MCP server, built on the official ``mcp`` SDK.

Each offered API is one MCP tool whose name and input schema are exactly the function ToolBench
builds for it (``harness.toolbench.functions``), and ``Finish`` is one more tool. A call goes
through the same ToolEnv our own loop uses (backend, cache, status codes), so the text an agent
reads over MCP is the observation a model in our loop would read. The status code rides along in
the result's ``_meta`` and sets ``isError`` for ToolBench's error codes.

A :class:`ToolSession` holds one set of tools (an episode's ``api_list``, or a whole catalog) and
what its calls may spend; :func:`build_server` answers for whichever session a request belongs to.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.agents.protocol import META_STATUS, META_THOUGHT
from harness.envs.base import ToolEnv
from harness.toolbench.functions import FinishStyle, build_functions
from harness.toolbench.naming import FINISH_FUNCTION_NAME
from harness.types.messages import Function, ToolCall
from harness.types.observation import Observation, Status
from harness.types.query import AgentQuery

if TYPE_CHECKING:
    import mcp_types
    from mcp.server.context import ServerRequestContext
    from mcp.server.lowlevel import Server

MCP_EXTRA_HINT = "the MCP server and external agents need the mcp extra: pip install 'toolharness[mcp]'"
# Codes that mean the call did not do what was asked; 0 (data), 3 and 4 (Finish) are not errors.
NOT_ERRORS = frozenset({Status.OK, Status.FINISH_ANSWER, Status.FINISH_GIVE_UP})

# (the call as made, its observation, the thought the agent sent with it)
CallListener = Callable[[ToolCall, Observation, str | None], None]


def require_mcp() -> None:
    """Raise a one-line ImportError naming the extra when the ``mcp`` SDK is not installed."""
    import importlib.util

    # Looked up, not imported: the SDK takes seconds to load, and a run that finds nothing to do needs none of it.
    try:
        found = importlib.util.find_spec("mcp") is not None
    except ValueError:  # a module set to None (how tests hide a package) has no spec
        found = False
    if not found:
        raise ImportError(MCP_EXTRA_HINT)


class ToolSession:
    """The tools one MCP session reaches, and what its calls may spend.

    ``max_calls`` bounds the calls answered (Finish included); ``listener`` hears every answered
    call in order. The session ends at a Finish that answers or gives up, when the budget is spent,
    or when :meth:`end` is called; later calls get an error result and reach no tool.
    """

    def __init__(
        self,
        query: AgentQuery,
        env: ToolEnv,
        *,
        finish_style: FinishStyle = FinishStyle.TOOLBENCH_2023_08,
        max_calls: int | None = None,
        listener: CallListener | None = None,
    ) -> None:
        self.query = query
        self.env = env
        self.functions: list[Function] = build_functions(query.api_list, finish_style)
        # A call by exact name goes to the env with its API alone, which resolves it exactly as the
        # whole list would (an exact name wins there too) without scanning a catalog per call.
        self._narrowed: dict[str, AgentQuery] = {}
        for function, api in zip(self.functions, query.api_list, strict=False):
            self._narrowed.setdefault(function.name, query.model_copy(update={"api_list": [api]}))
        self.max_calls = max_calls
        self.listener = listener
        self.calls = 0
        self.ended = asyncio.Event()
        self.end_reason: str | None = None

    def end(self, reason: str) -> None:
        """Stop answering calls; the first reason given is kept."""
        if not self.ended.is_set():
            self.end_reason = reason
            self.ended.set()

    async def call(self, name: str, arguments: dict[str, Any] | None, thought: str | None = None) -> Observation:
        """Answer one tools/call: through the env when the session is open, else an error observation."""
        if self.ended.is_set():
            return Observation(text=f"this episode's session has ended ({self.end_reason})", status_code=-1)
        self.calls += 1
        raw = json.dumps(arguments or {}, ensure_ascii=False)
        call = ToolCall(name=name, arguments=raw)
        observation = await self.env.call(call, self._narrowed.get(name, self.query))
        if self.listener is not None:
            self.listener(call, observation, thought)
        if name == FINISH_FUNCTION_NAME and observation.status_code in (Status.FINISH_ANSWER, Status.FINISH_GIVE_UP):
            self.end("Finish was called")
        elif self.max_calls is not None and self.calls >= self.max_calls:
            self.end(f"the call budget of {self.max_calls} tool calls is spent")
        return observation


def mcp_tool(function: Function) -> mcp_types.Tool:
    """The MCP tool for one of ToolBench's functions: the same name, description and schema."""
    import mcp_types

    return mcp_types.Tool(name=function.name, description=function.description, input_schema=function.parameters)


def call_result(observation: Observation) -> mcp_types.CallToolResult:
    """An observation as an MCP tool result: its text, its status code in ``_meta``."""
    import mcp_types

    return mcp_types.CallToolResult.model_validate(
        {
            "content": [{"type": "text", "text": observation.text}],
            "isError": observation.status_code not in NOT_ERRORS,
            "_meta": {META_STATUS: observation.status_code},
        }
    )


SessionFinder = Callable[["ServerRequestContext[Any, Any]"], ToolSession | None]


def build_server(find: SessionFinder, name: str = "toolharness") -> Server[Any]:
    """An MCP server whose requests are answered by the session ``find`` picks for them (None: an
    error naming the problem, e.g. a closed episode's URL)."""
    require_mcp()
    import mcp_types
    from mcp.server.lowlevel import Server
    from mcp.shared.exceptions import MCPError

    from harness import __version__

    def session_of(ctx: ServerRequestContext[Any, Any]) -> ToolSession:
        session = find(ctx)
        if session is None:
            raise MCPError(mcp_types.INVALID_PARAMS, "no open episode at this URL (it ended or never existed)")
        return session

    async def list_tools(
        ctx: ServerRequestContext[Any, Any], params: mcp_types.PaginatedRequestParams | None
    ) -> mcp_types.ListToolsResult:
        return mcp_types.ListToolsResult(tools=[mcp_tool(f) for f in session_of(ctx).functions])

    async def call_tool(
        ctx: ServerRequestContext[Any, Any], params: mcp_types.CallToolRequestParams
    ) -> mcp_types.CallToolResult:
        meta: dict[str, Any] = dict(params.meta or {})
        thought = meta.get(META_THOUGHT)
        observation = await session_of(ctx).call(
            params.name, params.arguments, thought if isinstance(thought, str) and thought.strip() else None
        )
        return call_result(observation)

    return Server(name, version=__version__, on_list_tools=list_tools, on_call_tool=call_tool)


def catalog_session(catalog: Path, env: ToolEnv) -> ToolSession:
    """One session with every API of a catalog (``harness serve-tools --mcp``), never ending."""
    from harness.toolbench.tools import read_tool_dir

    apis = [api for tool in read_tool_dir(catalog) for api in tool.api_docs()]
    return _Unending(AgentQuery(query_id="catalog", text="", api_list=apis), env)


class _Unending(ToolSession):
    """A served catalog: a Finish is answered like any call but closes nothing."""

    def end(self, reason: str) -> None:
        return None
