"""Reading an episode back from its conversation: the calls made and what each returned.

Offline agents (baseline, oracle) keep no state between turns; the conversation they are given is
the whole truth, so a tree search that rewinds to an earlier node rewinds them too.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from typing import Any

from harness.types.messages import Message, ToolCall


def parse_observation(text: str) -> Any:
    """The ``response`` of an observation as data (JSON, or a Python repr inside a string); None
    when it cannot be read."""
    try:
        outer = json.loads(text)
    except (ValueError, RecursionError):  # ValueError: not JSON, or an integer past the digit limit
        return None
    response = outer.get("response") if isinstance(outer, dict) else outer
    if isinstance(response, str):
        for reader in (json.loads, ast.literal_eval):
            try:
                return reader(response)
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
        return response
    return response


@dataclass
class Result:
    """One call of the episode so far and what came back."""

    call: ToolCall
    data: Any
    raw: str
    ok: bool


def observation_ok(text: str) -> bool:
    """Whether an observation carries data: no error and a non-empty response."""
    try:
        outer = json.loads(text)
    except (ValueError, RecursionError):
        return bool(text.strip()) and not text.lower().startswith("error")
    if isinstance(outer, dict):
        return not outer.get("error") and outer.get("response") not in (None, "", {}, [])
    return True


def read_history(messages: list[Message]) -> tuple[list[Result], list[str]]:
    """The calls made so far with their observations, and the text of later user turns (a search's
    note about earlier attempts)."""
    results: list[Result] = []
    pending: list[ToolCall] = []  # the latest turn's calls not yet answered, in order
    notes: list[str] = []
    users = 0
    for message in messages:
        if message.role == "assistant" and message.tool_call is not None:
            pending = list(message.calls)
        elif message.role == "tool" and pending:
            raw = message.content or ""
            results.append(Result(pending.pop(0), parse_observation(raw), raw, observation_ok(raw)))
        elif message.role == "user":
            users += 1
            if users > 1:
                notes.append(message.content or "")
    return results, notes
