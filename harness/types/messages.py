"""Provider-neutral chat messages, tool calls and function schemas."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["system", "user", "assistant", "tool"]


class ToolCall(BaseModel):
    """A model's request to call one function; ``arguments`` keeps the model's raw string."""

    name: str
    arguments: str = "{}"
    id: str | None = None

    def parsed_arguments(self) -> dict[str, Any] | None:
        """The arguments as a JSON object, or None when the raw string is not one."""
        try:
            value = json.loads(self.arguments) if self.arguments.strip() else {}
        except (ValueError, RecursionError):  # also valid JSON Python cannot hold: huge integers, deep nesting
            return None
        return value if isinstance(value, dict) else None


class Message(BaseModel):
    """One chat message. ``tool`` messages carry the called function's ``name``.

    Unknown keys (ToolBench marks some user turns ``valid``) are kept, so that a file read from
    another tool can be written back unchanged.
    """

    model_config = ConfigDict(extra="allow")

    role: Role
    content: str | None = None
    tool_call: ToolCall | None = None
    name: str | None = None
    tool_call_id: str | None = None


class Function(BaseModel):
    """An OpenAI-style function: name, description and a JSON-schema ``parameters`` object.

    ``parameters`` stays a plain dict because ToolBench puts non-standard keys in it
    (``optional``, ``example_value``) that must survive unchanged.
    """

    name: str
    description: str = ""
    parameters: dict[str, Any] = Field(default_factory=lambda: {"type": "object", "properties": {}})
