"""What a request asks, read from its words: the response fields it names (their words or a few
synonyms), the records it is about (the ones whose values it mentions), and under a superlative
("best-rated", "cheapest", "top 3") the best of them by the field the superlative points at, across
all the responses that served it. Lexical only: no gold, no model."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from harness.models.baseline.text import STOPWORDS, stem, terms, words

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
    "lightest": ("mass", "weight"),
    "heaviest": ("mass", "weight"),
    "nearest": ("distance",),
}
# Field words a request says in other words ("Which countries speak it?" asks for ``spoken_in``).
_FIELD_SYNONYMS = {
    "spoken": ("speak", "language"),
    "synonym": ("mean", "same", "similar", "synonym"),
    "antonym": ("opposite",),
    "status": ("time", "delay", "late", "cancel", "cancelled", "open", "closed", "running"),
    "operator": ("company", "companies", "run", "operat"),
    "price": ("cost", "much", "pay", "cheap", "expensive"),
    "address": ("where", "located", "location"),
    "hour": ("open", "opening", "when"),
    "population": ("people", "live", "inhabitant"),
    "gate": ("board", "boarding"),
    "power": ("powerful", "fast"),
    "mass": ("weigh", "gram", "heavy"),
    "countr": ("where", "nation"),
    "kcal": ("calorie", "energy"),
    "total": ("add", "sum", "all", "match"),
    "director": ("directed", "direct"),
    "genre": ("kind", "type"),
    "year": ("when", "came", "released", "old"),
    "advice": ("advisory", "safe"),
    "level": ("advisory",),
    "working": ("business",),
}
# Words that ask nothing of a field; kept apart from the request terms so that "questions" still
# names a ``questions`` field.
_NOT_FIELD_WORDS = STOPWORDS - {"question", "questions", "first", "top", "next", "things", "thing"}
_TOP_N = re.compile(r"\b(?:top|best|first)\s+(\d{1,2})\b", re.IGNORECASE)
MAX_LISTED = 12  # records stated for one list question


def is_scalar(value: Any) -> bool:
    """A plain value, or a non-empty list of plain values."""
    return not isinstance(value, dict | list) or (
        isinstance(value, list) and bool(value) and not any(isinstance(v, dict | list) for v in value)
    )


def key_terms(key: str) -> set[str]:
    """The terms of a field name (``price_per_night`` -> price, night)."""
    return set(terms(key.replace("_", " ")))


def is_id(key: str) -> bool:
    """Whether a field holds an identifier, which answers nothing a person asks."""
    return key == "id" or key.endswith("_id") or key.endswith("Id")


def number(value: Any) -> float | None:
    """A numeric value as a float; None for anything else (booleans included)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


@dataclass
class Ask:
    """What a request asks, read from its words."""

    text: str
    terms: set[str]
    lowered: list[str]
    best: dict[str, float] = field(default_factory=dict)
    # The arguments of the call whose response is being read: a field repeating one is an echo.
    echoes: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, text: str) -> Ask:
        lowered = [w.lower() for w in words(text)]
        return cls(text, {stem(w) for w in lowered if w not in _NOT_FIELD_WORDS and not w.isdigit()}, lowered)

    def names(self, key: str) -> bool:
        """Whether the request names the field ``key`` (its words, or words that mean it)."""
        if is_id(key) and "id" not in self.lowered:
            return False
        field_terms = key_terms(key)
        if field_terms & self.terms:
            return True
        return any(
            k.startswith(stem(word)) and any(stem(w) in self.terms or w in self.lowered for w in alternatives)
            for k in field_terms
            for word, alternatives in _FIELD_SYNONYMS.items()
        )

    def covered(self, key: str) -> set[str]:
        """The request's words (or the field words they stand for) that name ``key``."""
        field_terms = key_terms(key)
        found = field_terms & self.terms
        for word, alternatives in _FIELD_SYNONYMS.items():
            if any(k.startswith(stem(word)) for k in field_terms) and any(
                stem(w) in self.terms or w in self.lowered for w in alternatives
            ):
                found.add(stem(word))
        return found

    def hints(self) -> list[str]:
        """Field words the request's superlatives point at ("cheapest": price)."""
        found = [h for w in self.lowered for h in _SUPERLATIVE_FIELDS.get(w, ())]
        return found or ["rating", "score"]

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


def matched(record: dict[str, Any], ask: Ask) -> list[str]:
    """The record's plain fields the request names, in the record's order. A field that adds no
    word of the request to those of a closer field is left out ("business days" asks for
    ``working_days``, not ``weekend_days`` too)."""
    named = [k for k, v in record.items() if not k.startswith("_") and is_scalar(v) and ask.names(k)]
    covers = {k: ask.covered(k) for k in named}
    kept: list[str] = []
    seen: set[str] = set()
    for key in sorted(named, key=lambda k: -len(covers[k])):
        if covers[key] - seen or not covers[key]:
            kept.append(key)
            seen |= covers[key]
    return [k for k in named if k in kept]


def _mentions(record: dict[str, Any], ask: Ask) -> int:
    """How many of the request's words the record's string values (or true flags) carry."""
    found: set[str] = set()
    for key, value in record.items():
        if isinstance(value, str) and not is_id(key):
            found |= set(terms(value)) & ask.terms
        elif value is True:
            found |= key_terms(key) & ask.terms
        elif isinstance(value, int) and str(value) in ask.lowered and ask.names(key):
            found.add(key)  # "the song at position 5"
    return len(found)


def _named(records: list[dict[str, Any]], ask: Ask) -> list[dict[str, Any]]:
    """The records whose values the request mentions most, when some mention more than others."""
    scores = [_mentions(r, ask) for r in records]
    best = max(scores, default=0)
    if best and min(scores) < best:
        return [r for r, s in zip(records, scores, strict=True) if s == best]
    return records


def _ranking(records: list[dict[str, Any]], ask: Ask) -> tuple[str, bool] | None:
    """The numeric field a superlative ranks ``records`` by, and whether larger is better."""
    superlative = ask.superlative()
    if superlative is None or not records:
        return None
    numeric = [k for k in records[0] if not is_id(k) and all(number(r.get(k)) is not None for r in records)]
    hinted = [k for h in ask.hints() for k in numeric if h in k]
    named = [k for k in numeric if ask.names(k)]
    key = next(iter(hinted or named), None)
    if key is None:
        return None
    # The top rank is number 1.
    return key, superlative[1] != ("rank" in key_terms(key))


def pick(records: list[dict[str, Any]], ask: Ask) -> list[dict[str, Any]]:
    """The records the request is about: those it names, then the best under a superlative."""
    records = _named(records, ask)
    ranking = _ranking(records, ask)
    if ranking is None:
        return records[:MAX_LISTED]
    key, largest = ranking
    ranked = sorted(records, key=lambda r: number(r[key]) or 0.0, reverse=largest)
    chosen = ranked[: ask.count()]
    best = ask.best.get(key)
    if best is not None and ask.count() == 1:
        # Another response of this request holds a better one: this list's best is not the answer.
        chosen = [r for r in chosen if number(r[key]) == best]
    return chosen


def _lists(value: Any) -> list[list[dict[str, Any]]]:
    """Every list of records in a response."""
    found: list[list[dict[str, Any]]] = []
    if isinstance(value, list):
        if records := records_of(value):
            found.append(records)
        for inner in value:
            found.extend(_lists(inner) if isinstance(inner, dict) else [])
    elif isinstance(value, dict):
        for inner in value.values():
            found.extend(_lists(inner))
    return found


def set_best(ask: Ask, responses: list[Any]) -> None:
    """The best value under the request's superlative across all its responses, by field."""
    for records in (r for data in responses for r in _lists(data)):
        records = _named(records, ask)
        ranking = _ranking(records, ask)
        if ranking is None:
            continue
        key, largest = ranking
        values = [v for r in records if (v := number(r[key])) is not None]
        top = max(values) if largest else min(values)
        held = ask.best.get(key)
        ask.best[key] = top if held is None else (max(held, top) if largest else min(held, top))


def records_of(value: Any) -> list[dict[str, Any]]:
    """The records (objects) of a list; [] for anything else."""
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []
