"""The baseline's final answer: the values each request asks for, each beside what it is.

A response is not pasted: a judge reads a dump of every field as no answer at all. For each request
the answer keeps, from the responses of the calls that served it, only what the request's words point
at (lexically, never by looking at a gold answer):

- the fields whose names share a word with the request ("rating", "price usd", "opening hours");
- among a list of records, the ones the request names ("the Spanish restaurant", "vegetarian dishes":
  a string value or a true flag the request mentions), and under a superlative ("best-rated",
  "cheapest", "top 3") the best of those by the numeric field the request (or the superlative) names;
- each record's name, so that a value stands next to its subject ("Golden Lotus Spanish Kitchen,
  rating: 4.8"), and each value next to its field's words (a bare "35" says nothing).

Numbers are written with at most two decimals and booleans as yes/no, the way answers state facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from harness.models.baseline.text import terms, words

# Fields that name a record: the subject its other values are said about.
_NAME_KEYS = ("name", "title", "item", "dish", "product", "label", "full_name", "word", "city", "country")
_MAX_WORDS = {"best", "highest", "top", "most", "largest", "biggest", "longest", "latest", "newest", "greatest"}
_MAX_WORDS |= {"maximum", "max", "heaviest", "tallest", "popular", "strongest", "rated", "loudest", "warmest"}
_MIN_WORDS = {"cheapest", "lowest", "least", "smallest", "shortest", "earliest", "oldest", "minimum", "min"}
_MIN_WORDS |= {"fewest", "closest", "nearest", "lightest", "coldest", "fastest", "quickest"}
# The field a superlative is about when the request names none ("cheapest" is about a price).
_SUPERLATIVE_FIELDS = {
    "cheapest": ("price", "cost", "fare", "fee"),
    "best": ("rating", "score", "stars", "rank"),
    "top": ("rating", "score", "stars", "popularity", "rank"),
    "rated": ("rating", "stars", "score"),
    "popular": ("popularity", "votes", "count", "plays", "downloads"),
    "oldest": ("year", "founded", "date", "released"),
    "newest": ("year", "date", "released"),
    "latest": ("date", "year", "released", "time"),
    "earliest": ("date", "time", "year"),
    "closest": ("distance",),
    "nearest": ("distance",),
}
_TOP_N = re.compile(r"\b(?:top|best|first)\s+(\d{1,2})\b", re.IGNORECASE)
MAX_LISTED = 12  # records stated for one list question


@dataclass(frozen=True)
class Served:
    """One successful call: its function, the arguments it was made with and what it returned."""

    function: str
    arguments: dict[str, Any]
    data: Any


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{round(value, 2):g}" if abs(value) < 1e15 else str(value)
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value if not isinstance(v, dict | list))
    return str(value)


def _field_words(key: str) -> str:
    return " ".join(words(key))


def _key_terms(key: str) -> set[str]:
    return set(terms(key.replace("_", " ")))


def _name_of(record: dict[str, Any]) -> tuple[str, Any] | None:
    for key in _NAME_KEYS:
        if isinstance(record.get(key), str) and record[key]:
            return key, record[key]
    return None


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list) or (
        isinstance(value, list) and bool(value) and not any(isinstance(v, dict | list) for v in value)
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


@dataclass(frozen=True)
class _Ask:
    """What a request asks, read from its words."""

    text: str
    terms: set[str]
    lowered: list[str]

    @classmethod
    def of(cls, text: str) -> _Ask:
        return cls(text, set(terms(text)), [w.lower() for w in words(text)])

    def superlative(self) -> tuple[str, bool] | None:
        """The superlative word and whether it wants the largest value."""
        for word in self.lowered:
            if word in _MIN_WORDS:
                return word, False
        for word in self.lowered:
            if word in _MAX_WORDS:
                return word, True
        return None

    def count(self) -> int:
        match = _TOP_N.search(self.text)
        return int(match.group(1)) if match else 1


def _matched(record: dict[str, Any], ask: _Ask) -> list[str]:
    """The record's plain fields the request names, in the record's order."""
    return [k for k, v in record.items() if not k.startswith("_") and _is_scalar(v) and _key_terms(k) & ask.terms]


def _mentions(record: dict[str, Any], ask: _Ask) -> int:
    """How many of the request's words the record's string values (or true flags) carry."""
    found: set[str] = set()
    for key, value in record.items():
        if isinstance(value, str) and not key.endswith("id"):
            found |= set(terms(value)) & ask.terms
        elif value is True:
            found |= _key_terms(key) & ask.terms
    return len(found)


def _pick(records: list[dict[str, Any]], ask: _Ask) -> list[dict[str, Any]]:
    """The records the request is about: those it names, then the best under a superlative."""
    scores = [_mentions(r, ask) for r in records]
    best = max(scores, default=0)
    if best and min(scores) < best:
        records = [r for r, s in zip(records, scores, strict=True) if s == best]
    superlative = ask.superlative()
    if superlative is None or len(records) < 2:
        return records[:MAX_LISTED]
    word, largest = superlative
    numeric = [k for k in records[0] if all(_number(r.get(k)) is not None for r in records)]
    named = [k for k in numeric if _key_terms(k) & ask.terms]
    hinted = [k for k in numeric if any(h in k for h in _SUPERLATIVE_FIELDS.get(word, ()))]
    key = next(iter(named or hinted), None)
    if key is None:
        return records[:MAX_LISTED]
    ranked = sorted(records, key=lambda r: _number(r[key]) or 0.0, reverse=largest)
    return ranked[: ask.count()]


def _records(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _state(record: dict[str, Any], keys: list[str], superlative_keys: list[str]) -> str:
    """``name, field: value, field: value`` in one clause."""
    parts: list[str] = []
    name = _name_of(record)
    if name is not None:
        parts.append(_value(name[1]))
    for key in dict.fromkeys([*keys, *superlative_keys]):
        if name is not None and key == name[0]:
            continue
        parts.append(f"{_field_words(key)}: {_value(record[key])}")
    return ", ".join(parts)


def _statements(data: Any, ask: _Ask, top: bool = True) -> list[str]:
    """What ``data`` holds that ``ask`` asks for, one clause per record."""
    if isinstance(data, list):
        records = _records(data)
        if not records:
            return [_value(data)] if data and top else []
        chosen = _pick(records, ask)
        out: list[str] = []
        for record in chosen:
            out.extend(_statements(record, ask, top=False) or [_state(record, [], [])])
        return [s for s in out if s]
    if not isinstance(data, dict):
        return [_value(data)] if data not in (None, "") else []
    keys = _matched(data, ask)
    superlative = ask.superlative()
    extra = []
    if superlative is not None and not top:
        hints = _SUPERLATIVE_FIELDS.get(superlative[0], ())
        extra = [k for k in data if _number(data[k]) is not None and any(h in k for h in hints)][:1]
    out = []
    name = _name_of(data)
    if keys or extra or (not top and name is not None):
        out.append(_state(data, keys, extra))
    for key, value in data.items():
        if isinstance(value, dict | list) and not _is_scalar(value):
            # A nested list the request names by its field ("menu", "restaurants") is listed whole.
            inner = _statements(value, ask, top=False)
            out.extend(inner)
    return out


def _statements_or_fields(data: Any, ask: _Ask) -> list[str]:
    found = _statements(data, ask)
    if found or not isinstance(data, dict):
        return found
    # Nothing named: the response's own plain fields, which is what a one-value tool answers with.
    plain = [k for k, v in data.items() if not k.startswith("_") and _is_scalar(v)][:4]
    return [_state(data, plain, [])] if plain else []


def _owner(result: Served, asks: list[_Ask]) -> int:
    """The request a call served: the one that mentions its arguments, else shares most words with it."""
    mentioned = [
        i
        for i, ask in enumerate(asks)
        if any(isinstance(v, str) and v and v.lower() in ask.text.lower() for v in result.arguments.values())
    ]
    if mentioned:
        return mentioned[0]
    function_terms = set(terms(result.function.replace("_", " ")))
    overlap = [len(ask.terms & function_terms) for ask in asks]
    return max(range(len(asks)), key=lambda i: (overlap[i], -i))


def compose(results: list[Served], requests: list[str]) -> str:
    """The answer to ``requests`` (the instruction's parts) from the calls that worked."""
    if not results:
        return "The tools returned nothing I could use."
    asks = [_Ask.of(r) for r in requests] or [_Ask.of("")]
    by_request: dict[int, list[Served]] = {}
    for result in results:
        by_request.setdefault(_owner(result, asks), []).append(result)
    lines: list[str] = []
    for index in sorted(by_request):
        for result in by_request[index]:
            for statement in _statements_or_fields(result.data, asks[index]):
                if statement and statement not in lines:
                    lines.append(statement)
    return ".\n".join(lines) + "." if lines else "The tools returned nothing I could use."
