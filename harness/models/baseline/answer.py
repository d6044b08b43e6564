"""The baseline's final answer: what each successful call returned, written out plainly.

Numbers are written with at most two decimals and booleans as yes/no, the way answers state facts;
nested records become ``key: value`` lists, one call per paragraph.
"""

from __future__ import annotations

from typing import Any

MAX_PER_CALL = 1500


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{round(value, 2):g}" if abs(value) < 1e15 else str(value)
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')}: {_value(v)}" for k, v in value.items() if not str(k).startswith("_"))
    if isinstance(value, list):
        return " | ".join(_value(v) for v in value)
    return str(value)


def describe(api_label: str, data: Any, raw: str) -> str:
    """One call's result as a sentence-like paragraph."""
    text = _value(data) if data is not None else raw
    if len(text) > MAX_PER_CALL:
        text = text[:MAX_PER_CALL].rsplit(" ", 1)[0] + " ..."
    return f"{api_label}: {text}"


def compose(results: list[tuple[str, Any, str]]) -> str:
    """The answer from (label, parsed response, raw observation) of every successful call."""
    if not results:
        return "The tools returned nothing I could use."
    return "Here is what the tools returned.\n" + "\n".join(describe(*r) for r in results)
