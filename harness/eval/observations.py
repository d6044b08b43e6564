"""What an observation says, field by field: the plain values of a JSON tool response, named by
their field, as grounding and the data builder read them. An observation cut at the environment's
length limit still gives the whole values before the cut."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from harness.util.text import fact_text, normalize_fact


def observation_text(raw: str) -> str:
    """An observation as text, JSON escapes decoded ("d\\u00edas" is "días")."""
    try:
        return json.dumps(json.loads(raw), ensure_ascii=False)
    except (json.JSONDecodeError, RecursionError):
        return raw


def _leaves(value: Any, key: str = "") -> Iterable[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, str(k))
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item, key)
    elif value is not None and value != "":
        yield key, normalize_fact(fact_text(value))


def _complete_prefix(raw: str) -> str | None:
    """The longest prefix of a cut JSON text that ends after a whole value, closed again: the
    environment cuts a long observation mid-value (ToolBench's 1,024 characters, then "...")."""
    closers: list[str] = []
    cut: tuple[int, list[str]] | None = None
    in_string = escaped = False
    for at, char in enumerate(raw):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            closers.append("}" if char == "{" else "]")
        elif char in "}]":
            if not closers:
                return None
            closers.pop()
        elif char == "," and closers:
            cut = (at, list(closers))
    if cut is None:
        return None
    at, open_ = cut
    return raw[:at] + "".join(reversed(open_))


def observation_fields(raw: str) -> list[tuple[str, str]]:
    """(field name, normalised value) for every plain value of a JSON observation, or of the whole
    values before the cut of a truncated one ([] for other text)."""
    try:
        return list(_leaves(json.loads(raw)))
    except (json.JSONDecodeError, RecursionError):
        pass
    prefix = _complete_prefix(raw) if raw.lstrip().startswith(("{", "[")) else None
    if prefix is None:
        return []
    try:
        return list(_leaves(json.loads(prefix)))
    except (json.JSONDecodeError, RecursionError):
        return []
