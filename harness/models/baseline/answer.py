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

from harness.models.baseline.asking import Ask, is_id, is_scalar, matched, number, pick, records_of, set_best
from harness.models.baseline.text import terms, words

# Fields that name a record: the subject its other values are said about.
_NAME_KEYS = ("name", "title", "item", "dish", "product", "label", "full_name", "word", "city", "country")
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


def _name_of(record: dict[str, Any]) -> tuple[str, Any] | None:
    """The field that names a record: a name-like field, else its first text that is no id."""
    for key in _NAME_KEYS:
        if isinstance(record.get(key), str) and record[key]:
            return key, record[key]
    for key, value in record.items():
        if isinstance(value, str) and value and not is_id(key) and not key.startswith("_"):
            return key, value
    return None


def _in_request(value: Any, lowered: str) -> bool:
    """Whether the request (lowercased) writes ``value`` itself, as a whole word."""
    text = _value(value).lower()
    return bool(text) and re.search(rf"(?<!\w){re.escape(text)}(?!\w)", lowered) is not None


def _echo(value: Any, ask: Ask) -> bool:
    return not isinstance(value, list) and _value(value).lower() in ask.echoes


def _answers(record: dict[str, Any], ask: Ask) -> bool:
    """Whether a record holds plain fields besides paging and echoes of the call's arguments."""
    return any(
        not k.startswith("_") and not is_id(k) and k not in _PAGING and is_scalar(v) and not _echo(v, ask)
        for k, v in record.items()
    )


def _state(record: dict[str, Any], keys: list[str], ask: Ask) -> str:
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
        and not is_id(k)
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


def _statements(data: Any, ask: Ask, listed: bool, top: bool = True) -> list[str]:
    """What ``data`` holds that ``ask`` asks for, one clause per record. ``listed``: a list's
    records are stated by name even when the request names none of their fields (a list question)."""
    if isinstance(data, list):
        records = records_of(data)
        if not records:
            return [_value(data)] if data and top and listed else []
        chosen = pick(records, ask)
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
    keys = matched(data, ask)
    out = []
    if keys:
        out.append(_state(data, [*keys, *([] if top else _superlative_keys(data, ask))], ask))
    # A nested list is the answer when the request names it, or when its record holds nothing else
    # (``{"city": ..., "operators": [...]}``), not when it details a value (a formula's atoms).
    inner_listed = listed and not _answers(data, ask)
    for key, value in data.items():
        if isinstance(value, dict | list) and not is_scalar(value):
            out.extend(_statements(value, ask, inner_listed or ask.names(key), top=False))
    return [s for s in out if s]


def _superlative_keys(record: dict[str, Any], ask: Ask) -> list[str]:
    """The field a superlative ranked by, stated so the choice shows ("critic score: 95")."""
    if ask.superlative() is None:
        return []
    return [k for h in ask.hints() for k in record if not is_id(k) and number(record[k]) is not None and h in k][:1]


def _plain(data: Any, ask: Ask) -> list[str]:
    """A response's own plain fields, for a call the request made that names none of them: what a
    one-value tool answers with ("synonyms: articulate, expressive")."""
    if not isinstance(data, dict):
        return []
    lowered = ask.text.lower()
    plain = [
        k
        for k, v in data.items()
        if not k.startswith("_") and not is_id(k) and k not in _PAGING and is_scalar(v) and not _in_request(v, lowered)
    ][:MAX_PLAIN]
    statement = ", ".join(_labelled(k, data[k]) for k in plain)
    return [statement] if statement else []


def _mentioned(result: Served, ask: Ask) -> bool:
    lowered = ask.text.lower()
    return any(isinstance(v, str | int) and str(v).lower() in lowered for v in result.arguments.values())


def _leaf_values(value: Any) -> set[str]:
    if isinstance(value, dict):
        return {v for inner in value.values() for v in _leaf_values(inner)}
    if isinstance(value, list):
        return {v for inner in value for v in _leaf_values(inner)}
    return {str(value).lower()} if value not in (None, "") else set()


def _owners(results: list[Served], asks: list[Ask]) -> list[tuple[int, bool]]:
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


def _merged(requests: list[str], owners: set[int]) -> dict[int, Ask]:
    """Each owning request's words joined with those of the requests after it that no call served
    ("Is flight MW2211 on time? Which gate?": the gate is asked of the flight status call)."""
    groups: dict[int, list[str]] = {}
    current = min(owners, default=0)
    for index, text in enumerate(requests):
        if index in owners:
            current = index
        groups.setdefault(current, []).append(text)
    return {i: Ask.of(" ".join(texts)) for i, texts in groups.items()}


def compose(results: list[Served], requests: list[str]) -> str:
    """The answer to ``requests`` (the instruction's parts) from the calls that worked; empty when
    they hold nothing that one of the requests asks for."""
    results = [r for r in results if not _unparsed(r.data)]
    requests = requests or [""]
    owners = _owners(results, [Ask.of(r) for r in requests])
    asks = _merged(requests, {owner for owner, _ in owners})
    lines: list[str] = []
    for index in sorted(asks):
        ask = asks[index]
        served = [(r, own) for r, (owner, own) in zip(results, owners, strict=True) if owner == index]
        set_best(ask, [r.data for r, _ in served])
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
