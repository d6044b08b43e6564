"""Provider-neutral scripted replies for the stand-in servers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.fakes.http_server import RecordedRequest


@dataclass
class Reply:
    """One assistant turn. ``tool_calls`` are (name, arguments) pairs; arguments may be a dict (sent
    as a JSON string) or a raw string (sent as is, e.g. broken JSON). ``usage`` overrides the
    server's word-count usage."""

    content: str | None = None
    tool_calls: list[tuple[str, Any]] = field(default_factory=list)
    usage: tuple[int, int] | None = None
    finish_reason: str | None = None


def call(name: str, arguments: Any = None, content: str | None = None) -> Reply:
    """A reply with one tool call."""
    return Reply(content=content, tool_calls=[(name, {} if arguments is None else arguments)])


def word_count(value: Any) -> int:
    """The stand-in's token count: whitespace-separated words of every string inside ``value``."""
    if isinstance(value, str):
        return len(value.split())
    if isinstance(value, dict):
        return sum(word_count(v) for v in value.values())
    if isinstance(value, list):
        return sum(word_count(v) for v in value)
    return 0


def _observations(messages: list[dict[str, Any]]) -> list[str]:
    """Tool results in OpenAI (tool/function messages) or Anthropic (tool_result blocks) form."""
    found: list[str] = []
    for message in messages:
        if message.get("role") in ("tool", "function"):
            found.append(str(message.get("content") or ""))
        elif isinstance(message.get("content"), list):
            found += [str(b.get("content", "")) for b in message["content"] if b.get("type") == "tool_result"]
    return found


def finish_with_last_observation(request: RecordedRequest) -> Reply:
    """Call Finish(give_answer) quoting the last tool result, or answer in text without tools.
    Without any result yet, it first calls the first offered function with no arguments."""
    body = request.body if isinstance(request.body, dict) else {}
    offered = [t.get("function", t).get("name") for t in body.get("tools") or body.get("functions") or []]
    observations = _observations(body.get("messages", []))
    if "Finish" not in offered:
        return Reply(content="No tools were offered, so here is a plain answer.")
    if observations:
        answer = f"According to the tools: {observations[-1][:200]}"
    else:
        first = next((name for name in offered if name != "Finish"), None)
        if first is not None:
            return call(first, {})
        answer = "There is nothing to look up."
    return call("Finish", {"return_type": "give_answer", "final_answer": answer})
