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
from dataclasses import dataclass, field
from typing import Any

from harness.models.baseline.text import STOPWORDS, stem, terms, words

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
LIST_CHUNK = 3  # list members stated per mention of their field
# Paging fields say how a response was cut, not what was asked.
_PAGING = {"total", "page", "limit", "total_pages", "offset", "per_page", "count", "next", "previous"}
MAX_PLAIN = 4  # plain fields stated for a call whose fields the request does not name


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


def _labelled(key: str, value: Any) -> str:
    """``field: value``; a long list names its field again every few members, so that each member
    stands near what it is ("countries: A, B, C, countries: D, E")."""
    label = _field_words(key)
    if isinstance(value, list) and len(value) > LIST_CHUNK:
        chunks = [value[i : i + LIST_CHUNK] for i in range(0, len(value), LIST_CHUNK)]
        return ", ".join(f"{label}: {_value(chunk)}" for chunk in chunks)
    return f"{label}: {_value(value)}"


def _key_terms(key: str) -> set[str]:
    return set(terms(key.replace("_", " ")))


def _is_id(key: str) -> bool:
    return key == "id" or key.endswith("_id") or key.endswith("Id")


def _name_of(record: dict[str, Any]) -> tuple[str, Any] | None:
    """The field that names a record: a name-like field, else its first text that is no id."""
    for key in _NAME_KEYS:
        if isinstance(record.get(key), str) and record[key]:
            return key, record[key]
    for key, value in record.items():
        if isinstance(value, str) and value and not _is_id(key) and not key.startswith("_"):
            return key, value
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


@dataclass
class _Ask:
    """What a request asks, read from its words."""

    text: str
    terms: set[str]
    lowered: list[str]
    best: dict[str, float] = field(default_factory=dict)
    # The arguments of the call whose response is being read: a field repeating one is an echo.
    echoes: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, text: str) -> _Ask:
        lowered = [w.lower() for w in words(text)]
        return cls(text, {stem(w) for w in lowered if w not in _NOT_FIELD_WORDS and not w.isdigit()}, lowered)

    def names(self, key: str) -> bool:
        """Whether the request names the field ``key`` (its words, or words that mean it)."""
        if _is_id(key) and "id" not in self.lowered:
            return False
        key_terms = _key_terms(key)
        if key_terms & self.terms:
            return True
        return any(
            k.startswith(stem(word)) and any(stem(w) in self.terms or w in self.lowered for w in alternatives)
            for k in key_terms
            for word, alternatives in _FIELD_SYNONYMS.items()
        )

    def covered(self, key: str) -> set[str]:
        """The request's words (or the field words they stand for) that name ``key``."""
        key_terms = _key_terms(key)
        found = key_terms & self.terms
        for word, alternatives in _FIELD_SYNONYMS.items():
            if any(k.startswith(stem(word)) for k in key_terms) and any(
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


def _matched(record: dict[str, Any], ask: _Ask) -> list[str]:
    """The record's plain fields the request names, in the record's order. A field that adds no
    word of the request to those of a closer field is left out ("business days" asks for
    ``working_days``, not ``weekend_days`` too)."""
    named = [k for k, v in record.items() if not k.startswith("_") and _is_scalar(v) and ask.names(k)]
    covers = {k: ask.covered(k) for k in named}
    kept: list[str] = []
    seen: set[str] = set()
    for key in sorted(named, key=lambda k: -len(covers[k])):
        if covers[key] - seen or not covers[key]:
            kept.append(key)
            seen |= covers[key]
    return [k for k in named if k in kept]


def _mentions(record: dict[str, Any], ask: _Ask) -> int:
    """How many of the request's words the record's string values (or true flags) carry."""
    found: set[str] = set()
    for key, value in record.items():
        if isinstance(value, str) and not _is_id(key):
            found |= set(terms(value)) & ask.terms
        elif value is True:
            found |= _key_terms(key) & ask.terms
        elif isinstance(value, int) and str(value) in ask.lowered and ask.names(key):
            found.add(key)  # "the song at position 5"
    return len(found)


def _named(records: list[dict[str, Any]], ask: _Ask) -> list[dict[str, Any]]:
    """The records whose values the request mentions most, when some mention more than others."""
    scores = [_mentions(r, ask) for r in records]
    best = max(scores, default=0)
    if best and min(scores) < best:
        return [r for r, s in zip(records, scores, strict=True) if s == best]
    return records


def _ranking(records: list[dict[str, Any]], ask: _Ask) -> tuple[str, bool] | None:
    """The numeric field a superlative ranks ``records`` by, and whether larger is better."""
    superlative = ask.superlative()
    if superlative is None or not records:
        return None
    numeric = [k for k in records[0] if not _is_id(k) and all(_number(r.get(k)) is not None for r in records)]
    hinted = [k for h in ask.hints() for k in numeric if h in k]
    named = [k for k in numeric if ask.names(k)]
    key = next(iter(hinted or named), None)
    if key is None:
        return None
    # The top rank is number 1.
    return key, superlative[1] != ("rank" in _key_terms(key))


def _pick(records: list[dict[str, Any]], ask: _Ask) -> list[dict[str, Any]]:
    """The records the request is about: those it names, then the best under a superlative."""
    records = _named(records, ask)
    ranking = _ranking(records, ask)
    if ranking is None:
        return records[:MAX_LISTED]
    key, largest = ranking
    ranked = sorted(records, key=lambda r: _number(r[key]) or 0.0, reverse=largest)
    chosen = ranked[: ask.count()]
    best = ask.best.get(key)
    if best is not None and ask.count() == 1:
        # Another response of this request holds a better one: this list's best is not the answer.
        chosen = [r for r in chosen if _number(r[key]) == best]
    return chosen


def _lists(value: Any) -> list[list[dict[str, Any]]]:
    """Every list of records in a response."""
    found: list[list[dict[str, Any]]] = []
    if isinstance(value, list):
        if records := _records(value):
            found.append(records)
        for inner in value:
            found.extend(_lists(inner) if isinstance(inner, dict) else [])
    elif isinstance(value, dict):
        for inner in value.values():
            found.extend(_lists(inner))
    return found


def _set_best(ask: _Ask, responses: list[Any]) -> None:
    """The best value under the request's superlative across all its responses, by field."""
    for records in (r for data in responses for r in _lists(data)):
        records = _named(records, ask)
        ranking = _ranking(records, ask)
        if ranking is None:
            continue
        key, largest = ranking
        values = [v for r in records if (v := _number(r[key])) is not None]
        top = max(values) if largest else min(values)
        held = ask.best.get(key)
        ask.best[key] = top if held is None else (max(held, top) if largest else min(held, top))


def _records(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _in_request(value: Any, lowered: str) -> bool:
    """Whether the request (lowercased) writes ``value`` itself, as a whole word."""
    text = _value(value).lower()
    return bool(text) and re.search(rf"(?<!\w){re.escape(text)}(?!\w)", lowered) is not None


def _echo(value: Any, ask: _Ask) -> bool:
    return not isinstance(value, list) and _value(value).lower() in ask.echoes


def _answers(record: dict[str, Any], ask: _Ask) -> bool:
    """Whether a record holds plain fields besides paging and echoes of the call's arguments."""
    return any(
        not k.startswith("_") and not _is_id(k) and k not in _PAGING and _is_scalar(v) and not _echo(v, ask)
        for k, v in record.items()
    )


def _state(record: dict[str, Any], keys: list[str], ask: _Ask) -> str:
    """``name, field: value, and field: value`` in one clause; nothing when every value it would
    state is one the request itself wrote (it tells the asker nothing). Fields are joined by "and"
    so that a value never sits as near to the next field's words as that field's own value."""
    name = _name_of(record)
    lowered = ask.text.lower()
    if name is not None and name[0] in keys and not _in_request(name[1], lowered):
        name = None  # the name is itself what was asked ("words: nine million ..."): said with its field
    # A field repeating the call's own argument tells nothing ("date: 2025-11-10, days: 30").
    keys = [k for k in dict.fromkeys(keys) if (name is None or k != name[0]) and not _echo(record[k], ask)]
    if not keys and (name is None or _in_request(name[1], lowered)):
        return ""
    head = [_value(name[1])] if name is not None else []
    # The request's own value beside the answer says what it is about ("number: 9687069").
    subject = [
        k
        for k, v in record.items()
        if k not in keys
        and (name is None or k != name[0])
        and not _is_id(k)
        and isinstance(v, str | int | float)
        and len(_value(v)) >= 2
        and _in_request(v, lowered)
    ][:1]
    head += [_labelled(k, record[k]) for k in subject]
    # A record named by its operator or brand is told apart by where it is.
    address = next((k for k in record if "address" in k and isinstance(record[k], str)), None)
    if address is not None and name is not None and name[0] not in ("name", "title") and address not in keys:
        head.append(_value(record[address]))
    fields = ", and ".join(_labelled(k, record[k]) for k in keys)
    return ", ".join([*head, fields] if fields else head)


def _statements(data: Any, ask: _Ask, listed: bool, top: bool = True) -> list[str]:
    """What ``data`` holds that ``ask`` asks for, one clause per record. ``listed``: a list's
    records are stated by name even when the request names none of their fields (a list question)."""
    if isinstance(data, list):
        records = _records(data)
        if not records:
            return [_value(data)] if data and top and listed else []
        chosen = _pick(records, ask)
        narrowed = len(chosen) < len(records)
        out: list[str] = []
        for record in chosen:
            found = _statements(record, ask, listed, top=False)
            if not found and (listed or narrowed):
                found = [_state(record, _superlative_keys(record, ask), ask)]
            out.extend(found)
        return [s for s in out if s]
    if not isinstance(data, dict):
        return [_value(data)] if data not in (None, "") and listed else []
    keys = _matched(data, ask)
    out = []
    if keys:
        out.append(_state(data, [*keys, *([] if top else _superlative_keys(data, ask))], ask))
    # A nested list is the answer when the request names it, or when its record holds nothing else
    # (``{"city": ..., "operators": [...]}``), not when it details a value (a formula's atoms).
    inner_listed = listed and not _answers(data, ask)
    for key, value in data.items():
        if isinstance(value, dict | list) and not _is_scalar(value):
            out.extend(_statements(value, ask, inner_listed or ask.names(key), top=False))
    return [s for s in out if s]


def _superlative_keys(record: dict[str, Any], ask: _Ask) -> list[str]:
    """The field a superlative ranked by, stated so the choice shows ("critic score: 95")."""
    if ask.superlative() is None:
        return []
    return [k for h in ask.hints() for k in record if not _is_id(k) and _number(record[k]) is not None and h in k][:1]


def _plain(data: Any, ask: _Ask) -> list[str]:
    """A response's own plain fields, for a call the request made that names none of them: what a
    one-value tool answers with ("synonyms: articulate, expressive")."""
    if not isinstance(data, dict):
        return []
    lowered = ask.text.lower()
    plain = [
        k
        for k, v in data.items()
        if not k.startswith("_")
        and not _is_id(k)
        and k not in _PAGING
        and _is_scalar(v)
        and not _in_request(v, lowered)
    ][:MAX_PLAIN]
    statement = ", ".join(_labelled(k, data[k]) for k in plain)
    return [statement] if statement else []


def _mentioned(result: Served, ask: _Ask) -> bool:
    lowered = ask.text.lower()
    return any(isinstance(v, str | int) and str(v).lower() in lowered for v in result.arguments.values())


def _leaf_values(value: Any) -> set[str]:
    if isinstance(value, dict):
        return {v for inner in value.values() for v in _leaf_values(inner)}
    if isinstance(value, list):
        return {v for inner in value for v in _leaf_values(inner)}
    return {str(value).lower()} if value not in (None, "") else set()


def _owners(results: list[Served], asks: list[_Ask]) -> list[tuple[int, bool]]:
    """For each call, the request it served and whether that request asked for it: the request that
    mentions its arguments; else, for a call built from an earlier response (a ``station_id`` a search
    returned), that response's request; else the one sharing most words with its function."""
    owners: list[tuple[int, bool]] = []
    for n, result in enumerate(results):
        mentioned = [i for i, ask in enumerate(asks) if _mentioned(result, ask)]
        if mentioned:
            owners.append((mentioned[0], True))
            continue
        arguments = {str(v).lower() for v in result.arguments.values() if v not in (None, "")}
        source = next((m for m in range(n - 1, -1, -1) if arguments & _leaf_values(results[m].data)), None)
        if source is not None:
            owners.append(owners[source])
            continue
        function_terms = set(terms(result.function.replace("_", " ")))
        overlap = [len(ask.terms & function_terms) for ask in asks]
        owners.append((max(range(len(asks)), key=lambda i: (overlap[i], -i)), False))
    return owners


def _unparsed(data: Any) -> bool:
    """A response too long to parse: pasting a fragment of its JSON answers nothing."""
    return isinstance(data, str) and data.lstrip().startswith(("{", "["))


def _scalar(result: Served) -> str:
    """A response that is one plain value, beside the arguments it answers ("9687069: nine million ...")."""
    data = result.data
    subject = ", ".join(str(v) for v in result.arguments.values() if isinstance(v, str | int | float) and v != "")
    return f"{subject}: {_value(data)}" if subject else _value(data)


def _merged(requests: list[str], owners: set[int]) -> dict[int, _Ask]:
    """Each owning request's words joined with those of the requests after it that no call served
    ("Is flight MW2211 on time? Which gate?": the gate is asked of the flight status call)."""
    groups: dict[int, list[str]] = {}
    current = min(owners, default=0)
    for index, text in enumerate(requests):
        if index in owners:
            current = index
        groups.setdefault(current, []).append(text)
    return {i: _Ask.of(" ".join(texts)) for i, texts in groups.items()}


def compose(results: list[Served], requests: list[str]) -> str:
    """The answer to ``requests`` (the instruction's parts) from the calls that worked; empty when
    they hold nothing that one of the requests asks for."""
    results = [r for r in results if not _unparsed(r.data)]
    requests = requests or [""]
    owners = _owners(results, [_Ask.of(r) for r in requests])
    asks = _merged(requests, {owner for owner, _ in owners})
    lines: list[str] = []
    for index in sorted(asks):
        ask = asks[index]
        served = [(r, own) for r, (owner, own) in zip(results, owners, strict=True) if owner == index]
        _set_best(ask, [r.data for r, _ in served])
        found: list[str] = []
        for result, own in served:
            ask.echoes = {_value(v).lower() for v in result.arguments.values() if not isinstance(v, dict | list)}
            if isinstance(result.data, dict | list):
                found.extend(_statements(result.data, ask, listed=own))
            elif own:
                found.append(_scalar(result))
        if not any(found):
            # Nothing the request names: what its own calls returned, field by field.
            found = [s for result, own in served if own for s in _plain(result.data, ask)]
        if not any(found):
            # A request the responses say nothing about: an answer without it is a wrong answer.
            return ""
        lines.extend(s for s in found if s and s not in lines)
    return ".\n".join(lines) + "." if lines else ""
