"""Provider-neutral chat messages, tool calls and function schemas."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializationInfo, SerializerFunctionWrapHandler, model_serializer

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

    An assistant turn's first tool call is ``tool_call``; a reply with several (OpenAI's
    ``tool_calls`` list, Anthropic's tool_use blocks) keeps the others, in order, in ``more_calls``,
    and :attr:`calls` lists them all. Unknown keys (ToolBench marks some user turns ``valid``) are
    kept, so that a file read from another tool can be written back unchanged.
    """

    model_config = ConfigDict(extra="allow")

    role: Role
    content: str | None = None
    tool_call: ToolCall | None = None
    name: str | None = None
    tool_call_id: str | None = None
    more_calls: list[ToolCall] = Field(default_factory=list)

    @property
    def calls(self) -> list[ToolCall]:
        """Every tool call of the turn, in the order the model made them."""
        return ([self.tool_call] if self.tool_call is not None else []) + self.more_calls

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> dict[str, Any]:
        # A single-call turn dumps as it did before parallel calls were kept, so request-cache
        # keys and stored episodes of older runs stay the same.
        data: dict[str, Any] = handler(self)
        if not self.more_calls:
            data.pop("more_calls", None)
        return data


class Function(BaseModel):
    """An OpenAI-style function: name, description and a JSON-schema ``parameters`` object.

    ``parameters`` stays a plain dict because ToolBench puts non-standard keys in it
    (``optional``, ``example_value``) that must survive unchanged.
    """

    name: str
    description: str = ""
    parameters: dict[str, Any] = Field(default_factory=lambda: {"type": "object", "properties": {}})
