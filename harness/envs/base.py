"""The one interface every tool backend sits behind."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from harness.types.messages import ToolCall
from harness.types.observation import Observation
from harness.types.query import AgentQuery


@runtime_checkable
class ToolEnv(Protocol):
    """Turns one tool call of an episode into an observation.

    Errors (unknown function, bad arguments, a failing API) come back as observations carrying
    ToolBench's status code, never as exceptions, so a strategy can always continue.
    """

    async def call(self, tool_call: ToolCall, query: AgentQuery) -> Observation:
        """Execute ``tool_call`` for ``query`` (whose ``api_list`` says which functions exist)."""
        ...

    async def aclose(self) -> None:
        """Release connections, servers and files."""
        ...
