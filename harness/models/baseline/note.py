"""Reading a search's note about earlier attempts (DFSDT's diversity note) without relying on its
wording: whatever the prompt says around them, the calls it lists appear as offered function names
and argument objects, usually inside JSON (``[{"name": ..., "arguments": "{...}"}]``, ToolBench's
own candidate list, or our prompt's), sometimes as plain text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

_DECODER = json.JSONDecoder()


@dataclass
class NotedCalls:
    """The calls a note says were made: exact (function, arguments) pairs where the note pairs
    them, and the function names and argument sets it mentions where it does not."""

    pairs: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    arguments: list[dict[str, Any]] = field(default_factory=list)

    def covers(self, name: str, arguments: dict[str, Any]) -> bool:
        """Whether calling ``name`` with ``arguments`` repeats a noted call."""
        if call_key(name, arguments) in self.pairs:
            return True
        # An argument set listed apart from any name counts against every function the note names.
        return name in self.names and any(_same(arguments, a) for a in self.arguments)


def call_key(name: str, arguments: dict[str, Any]) -> str:
    """One string per (function, arguments), independent of key order."""
    return name + json.dumps(arguments, sort_keys=True, default=str)


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def _as_arguments(value: Any) -> dict[str, Any] | None:
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value.lstrip().startswith("{"):
        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        return parsed if isinstance(parsed, dict) else None
    return None


def _json_values(text: str) -> list[Any]:
    """Every JSON object or array embedded in ``text``, outermost first."""
    values: list[Any] = []
    position = 0
    while True:
        starts = [i for i in (text.find("[", position), text.find("{", position)) if i >= 0]
        if not starts:
            return values
        start = min(starts)
        try:
            value, end = _DECODER.raw_decode(text, start)
        except ValueError:
            position = start + 1
            continue
        values.append(value)
        position = end


def _walk(value: Any, offered: set[str], found: NotedCalls) -> None:
    if isinstance(value, list):
        for inner in value:
            _walk(inner, offered, found)
        return
    if not isinstance(value, dict):
        return
    names = [v for v in value.values() if isinstance(v, str) and v in offered]
    arguments = [a for k, v in value.items() if (a := _as_arguments(v)) is not None and k != "observation"]
    for name in names:
        found.names.add(name)
        for argument_set in arguments:
            found.pairs.add(call_key(name, argument_set))
    if not names:
        found.arguments.extend(arguments)
        if not any(isinstance(v, dict | list) for v in value.values()):
            found.arguments.append(value)  # a bare argument object written beside a name
    for inner in value.values():
        if isinstance(inner, dict | list):
            _walk(inner, offered, found)


def read_note(text: str, offered: set[str]) -> NotedCalls:
    """The calls ``text`` lists among the ``offered`` function names."""
    found = NotedCalls()
    for value in _json_values(text):
        _walk(value, offered, found)
    # Names written outside any JSON still count (a note in prose).
    for name in offered:
        if re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", text):
            found.names.add(name)
    return found
