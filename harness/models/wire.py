"""What the hosted-provider adapters share when turning replies into a ModelOutput."""

from __future__ import annotations

from typing import Any

from harness.models.base import ModelOutput, Usage
from harness.types.messages import Message, ToolCall


def is_skipped(message: Message) -> bool:
    """ToolBench marks turns it wants hidden from the model with ``valid: false``."""
    return (message.model_extra or {}).get("valid") is False


def read_usage(body: dict[str, Any], prompt_key: str, completion_key: str) -> Usage:
    """Token counts from a reply's ``usage`` object; zeros when the server sent none."""
    raw = body.get("usage")
    if not isinstance(raw, dict):
        return Usage()
    return Usage(prompt_tokens=int(raw.get(prompt_key) or 0), completion_tokens=int(raw.get(completion_key) or 0))


def assistant_output(content: str, calls: list[ToolCall], usage: Usage, finish_reason: Any) -> ModelOutput:
    """One assistant turn holding every call, in order; the profile decides whether a step runs
    the second and later ones (``parallel_calls``)."""
    extra: dict[str, Any] = {}
    if finish_reason is not None:
        extra["finish_reason"] = finish_reason
    message = Message(role="assistant", content=content, tool_call=calls[0] if calls else None, more_calls=calls[1:])
    return ModelOutput(message=message, usage=usage, extra=extra)
