"""What a text prompt format is: a conversation in, one prompt string out, and a reply read back."""

from __future__ import annotations

from typing import Any, Protocol

from harness.models.base import NAMELESS_CALL, PARSE_ERROR
from harness.models.formats.react import parse_react, render_react
from harness.models.wire import is_skipped
from harness.types.messages import Function, Message
from harness.util.errors import one_line


class PromptFormat(Protocol):
    """Turns a conversation and its functions into the text a model continues, and reads the
    model's continuation back into an assistant message."""

    name: str
    stop: tuple[str, ...]  # where generation should stop, besides the end-of-sequence token

    def render(self, messages: list[Message], functions: list[Function]) -> str:
        """The prompt, ending where the assistant's next turn begins."""
        ...


def visible(messages: list[Message]) -> list[Message]:
    """The messages the model may see (ToolBench hides turns marked ``valid: false``)."""
    return [m for m in messages if not is_skipped(m)]


def assistant_react(message: Message) -> str:
    """An assistant turn as "Thought / Action / Action Input" text, or its plain text without a call."""
    if message.tool_call is None:
        return message.content or ""
    return render_react(message.content or "", message.tool_call.name, message.tool_call.arguments)


def observation_text(message: Message) -> str:
    """A tool result as the user-side text of formats without a tool role."""
    return f"Observation: {message.content or ''}"


def read_reply(text: str) -> tuple[Message, dict[str, Any]]:
    """The assistant message a text reply stands for, and what to record about the reading.

    With an action: the thought as content and the call. Without one: the text as content and the
    reason under ``PARSE_ERROR``; the strategy turns that into a parse-error observation.
    """
    try:
        parsed = parse_react(text)
    except (ValueError, RecursionError) as exc:
        # parse_react promises not to raise, but these are what hostile text provokes from the JSON
        # and literal readers. Should one escape, the reply still comes back as unreadable (and the
        # caller keeps its token usage) instead of failing the model call.
        problem = f"the reply could not be read ({type(exc).__name__}: {one_line(exc)})"
        return Message(role="assistant", content=text), {PARSE_ERROR: problem}
    if parsed.tool_call is None:
        extra: dict[str, Any] = {PARSE_ERROR: parsed.problem}
        if parsed.nameless_arguments is not None:
            extra[NAMELESS_CALL] = parsed.nameless_arguments
        return Message(role="assistant", content=parsed.thought), extra
    return Message(role="assistant", content=parsed.thought, tool_call=parsed.tool_call), {}
