"""Where argument values come from: mentions in the instruction (quoted strings, names, numbers,
dates, ids, emails ...) and fields of earlier observations (the ``store_id`` a search returned)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from harness.models.baseline.apis import Param
from harness.models.baseline.text import STOPWORDS, stem, terms

# Most specific first: a span taken by one kind is not read again as another.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("quoted", re.compile(r'"([^"\n]+)"|“([^”\n]+)”|(?<!\w)\'([^\'\n]+)\'(?!\w)')),
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("url", re.compile(r"https?://[^\s,;]+")),
    ("date", re.compile(r"\b\d{4}-\d{2}-\d{2}\b")),
    ("hex", re.compile(r"#[0-9A-Fa-f]{6}\b|#[0-9A-Fa-f]{3}\b")),
    ("numbers", re.compile(r"-?\d+(?:\.\d+)?(?:\s*,\s*-?\d+(?:\.\d+)?){2,}")),
    ("domain", re.compile(r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}\b")),
    ("id", re.compile(r"\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]{3,}\b")),
    ("number", re.compile(r"(?<![\w.])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.])-?\d+(?:\.\d+)?(?![\w])")),
    ("code", re.compile(r"\b[A-Z][A-Za-z]?[A-Z0-9]{0,3}\d?\b")),
    (
        "proper",
        re.compile(r"[A-Z][\w'’.&-]*(?:\s+(?:(?:of|de|la|del|da|von|van|the|&)\s+)?(?:[A-Z][\w'’.&-]*|\d+\b))*"),
    ),
)
# How strongly the word before a name says it is a place: "in Cologne" more than "of Chez Fig".
_CUE_WORDS = {"in": 0, "at": 0, "near": 0, "from": 0, "to": 0, "(": 0, "between": 0, "and": 1, "of": 1, "for": 1}
# Imperatives that open a request but are not part of a name ("List Gabriel Almeida's films").
_VERB_TEXT = (
    "list search find show fetch track detect describe compute break smooth add rank check convert translate "
    "identify count calculate look lookup give tell pull read name"
)
_LEADING_VERBS = frozenset(_VERB_TEXT.split())
# A request's text after a colon is often the value itself ("... sentiment of: The hotel was fine").
_TAIL = re.compile(r":\s+(\S.{6,})$")
# Parameters that take a number whatever their documented type says.
_NUMERIC_NAMES = re.compile(r"(^|_)(limit|page|year|years|days|count|number|amount|age|level|size|radius|top)(_|$)")


@dataclass(frozen=True)
class Mention:
    """A value written in the instruction, what it looks like, and where it starts."""

    text: str
    kind: str
    start: int


def _base_word(word: str) -> str:
    return re.sub(r"['’]s$", "", word).lower()


def _clean_proper(text: str, start: int) -> tuple[str, int]:
    """A name without the question words before it or a possessive after it ("What's Vera
    Lindqvist's" -> "Vera Lindqvist")."""
    parts = text.split()
    while parts and (_base_word(parts[0]) in STOPWORDS or _base_word(parts[0]) in _LEADING_VERBS | {"i", "i'm"}):
        start += len(parts[0]) + 1
        parts = parts[1:]
    if parts:
        parts[-1] = re.sub(r"['’]s$", "", parts[-1])
    return " ".join(parts).rstrip(".,'’"), start


def mentions(text: str) -> list[Mention]:
    """Every value-like span of ``text``, in order of appearance."""
    taken = [False] * len(text)
    found: list[Mention] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            value = next((g for g in match.groups() if g), match.group(0)) if kind == "quoted" else match.group(0)
            if kind == "proper":
                value, start = _clean_proper(value, start)
                if not value or value.lower() in STOPWORDS:
                    continue
            if kind == "code" and value.lower() in STOPWORDS:
                continue
            for i in range(match.start(), end):
                taken[i] = True
            found.append(Mention(value, kind, start))
    tail = _TAIL.search(text)
    if tail:
        found.append(Mention(tail.group(1).strip().rstrip("."), "tail", tail.start(1)))
    found.sort(key=lambda m: m.start)
    return found


def param_kind(param: Param) -> str:
    """Which kind of mention a parameter wants."""
    name, description = param.name.lower(), param.description.lower()
    if name.endswith("_id") or name in ("id", "is_id"):
        return "id"
    if param.type == "boolean":
        return "flag"
    if "separated" in description or "comma" in description:
        return "list"
    if re.search(r"(^|_)(number|code|symbol|ticker|iata|icao)$", name) and param.type == "string":
        return "code"
    if "date" in name or name in ("after", "before", "since", "until") or "yyyy-mm-dd" in description:
        return "date"
    if "email" in name:
        return "email"
    if "url" in name or "link" in name:
        return "url"
    if "domain" in name or "host" in name:
        return "domain"
    if "hex" in name or "color" in name or "colour" in name or name in ("foreground", "background"):
        return "hex"
    if param.type in ("integer", "number") or _NUMERIC_NAMES.search(name):
        return "number"
    return "text"


# What each parameter kind accepts from the instruction, best first.
_ACCEPTS = {
    "id": ("id",),
    "date": ("date",),
    "email": ("email",),
    "url": ("url", "domain"),
    "domain": ("domain", "email"),
    "hex": ("hex",),
    "number": ("number",),
    "code": ("id", "code", "quoted", "number", "proper"),
    "flag": (),
    "list": ("numbers", "quoted", "tail"),
    "text": ("quoted", "proper", "code", "id", "tail"),
}
_FREE_TEXT = re.compile(r"^(text|sentence|message|content|phrase|body|input|items|query_text)$")
_COUNTS = re.compile(r"(^|_)(limit|page|count|size|top|offset|window|per_page)$")
_PLACE = re.compile(r"city|country|location|place|destination|origin|region|town")


def as_number(text: str) -> int | float:
    """``"1,234"`` -> 1234, ``"2.5"`` -> 2.5."""
    cleaned = text.replace(",", "")
    value = float(cleaned)
    return int(value) if value.is_integer() and "." not in cleaned else value


def _cue(mention: Mention, text: str) -> int:
    """0 for a strong place cue before the mention, 1 for a weak one, 2 for none."""
    before = text[: mention.start].rstrip()
    if before.endswith("("):
        return 0
    words = before.split()
    return _CUE_WORDS.get(words[-1].lower(), 2) if words else 2


_SUCH_AS = re.compile(r"\b(?:such as|e\.g\.|one of|either)\s+", re.IGNORECASE)
_LIST_SPLIT = re.compile(r",\s*(?:or\s+)?|\s+or\s+")
_QUOTED_OPTION = re.compile(r'"([^"]{1,30})"')


def options(description: str) -> list[str]:
    """The values a parameter's description enumerates ("Italian, Mexican or Thai."; "C, F or K";
    'such as "Body weight" or "any"'), in the description's spelling."""
    found = [m.group(1) for m in _QUOTED_OPTION.finditer(description)]
    text = description.split(";")[0].strip().rstrip(".")
    such_as = _SUCH_AS.search(text)
    if such_as:
        text = text[such_as.end() :]
    items = [re.sub(r"\s*\(.*?\)", "", item).strip().strip('"').strip() for item in _LIST_SPLIT.split(text)]
    # Two items must be single words ("male or female"), so "Whole or partial name" is no list.
    short = all(0 < len(item.split()) <= 3 for item in items)
    if (len(items) >= 3 and short) or (len(items) == 2 and all(len(item.split()) == 1 for item in items)):
        found += [item for item in items if item not in found]
    return found


def option_mentions(param: Param, segment: str) -> list[tuple[int, str]]:
    """(position, option) for each enumerated option the segment names, in order."""
    hits = []
    for option in options(param.description):
        match = re.search(rf"(?<!\w){re.escape(option)}(?!\w)", segment, re.IGNORECASE)
        if match:
            hits.append((match.start(), option))
    return sorted(hits)


def _variants(mention: Mention) -> list[str]:
    """A name, then its tails and heads ("Lumiere New Delhi" -> "New Delhi", "Delhi", "Lumiere",
    ...): a place is often written next to a brand or venue name."""
    if mention.kind != "proper":
        return [mention.text]
    parts = mention.text.split()
    tails = [" ".join(parts[i:]) for i in range(1, len(parts))]
    heads = [" ".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]
    return [mention.text, *tails, *heads]


def _rank(param: Param, pool: list[Mention], segment: str) -> list[Mention]:
    accepted = _ACCEPTS[param_kind(param)]

    name = param.name.lower()
    units = {stem(u) for u in name.split("_")} | ({"old", "year"} if name == "age" else set())
    percent = bool(re.search(r"rate|percent|pct", name))

    def key(m: Mention) -> tuple[int, int, int, int]:
        # A lone capitalised word opening the sentence is usually not a name ("Average salary ...").
        opener = m.kind == "proper" and " " not in m.text and not segment[: m.start].strip()
        if _PLACE.search(name):
            cue = _cue(m, segment) if m.kind != "quoted" else 2
        elif m.kind == "number":
            # "61 kg" fills weight_kg, "184 cm" height_cm, "20-year-old" age, "4%" annual_rate.
            following = segment[m.start + len(m.text) : m.start + len(m.text) + 12].lower()
            after = {stem(w) for w in re.findall(r"[a-z]+", following)[:2]}
            cue = 0 if (units & after) or (percent and following.lstrip().startswith("%")) else 1
        elif m.kind == "tail":
            cue = 0 if _FREE_TEXT.match(name) else 1
        else:
            cue = 0
        return (cue, int(opener), accepted.index(m.kind), m.start)

    return sorted(pool, key=key)


def instruction_candidates(params: list[Param], segment: str, found: list[Mention]) -> dict[str, list[Any]]:
    """For each parameter, the values the segment offers, best first. Parameters of one kind take
    the mentions in order (``from X to Y``: origin X, destination Y); place-like parameters prefer a
    name after a preposition ("in Cologne"), then its shorter tails."""
    candidates: dict[str, list[Any]] = {}
    claimed: set[int] = set()
    claimed_options: set[int] = set()
    for param in params:
        kind = param_kind(param)
        hits = option_mentions(param, segment) if kind == "text" else []
        hits = [h for h in hits if h[0] not in claimed_options] + [h for h in hits if h[0] in claimed_options]
        if hits:
            claimed_options.add(hits[0][0])
        pool = [m for m in found if m.kind in _ACCEPTS[kind]]
        ranked = _rank(param, pool, segment)
        ranked = [m for m in ranked if m.start not in claimed] + [m for m in ranked if m.start in claimed]
        if ranked:
            claimed.add(ranked[0].start)
        values: list[Any] = [option for _, option in hits]
        for mention in ranked:
            for text in _variants(mention) if _PLACE.search(param.name) else [mention.text]:
                value = as_number(text) if kind == "number" else text
                if value not in values:
                    values.append(value)
        candidates[param.name] = values
    return candidates


def default_value(param: Param) -> Any:
    """A documented default that is safe to use when the request names no value: a flag, a count
    or page size, or one of an enumerated set of settings. None for anything else."""
    if param_kind(param) == "flag":
        return param.example if isinstance(param.example, bool) else True
    if param.example not in (None, "") and (_COUNTS.search(param.name.lower()) or options(param.description)):
        return param.example
    return None


def _records(value: Any, into: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        into.append(value)
        for inner in value.values():
            _records(inner, into)
    elif isinstance(value, list):
        for inner in value:
            _records(inner, into)
    return into


def _record_words(record: dict[str, Any]) -> set[str]:
    return set(terms(" ".join(str(v) for v in record.values() if isinstance(v, str | int | float))))


@dataclass(frozen=True)
class Seen:
    """A successful response and the argument values of the call that produced it."""

    data: Any
    arguments: tuple[str, ...]


def observation_candidates(param: Param, seen: list[Seen], request: str, request_terms: set[str]) -> list[Any]:
    """Values of ``param`` in earlier responses: fields of the same name (or ``id`` for an ``x_id``).
    Only records that belong to this request count: they share words with it, or came from a call
    whose arguments the request mentions. Best-matching records first, the latest on ties."""
    found: list[tuple[int, int, Any]] = []
    order = 0
    lowered = request.lower()
    for response in seen:
        asked_here = any(a and a.lower() in lowered for a in response.arguments)
        for record in _records(response.data, []):
            order += 1
            key = param.name if param.name in record else None
            if key is None and param.name.endswith("_id") and "id" in record:
                key = "id"
            if key is None or isinstance(record[key], dict | list) or record[key] in (None, ""):
                continue
            overlap = len(_record_words(record) & request_terms) + (2 if asked_here else 0)
            if overlap:
                found.append((overlap, order, record[key]))
    values: list[Any] = []
    for _, _, value in sorted(found, key=lambda f: (-f[0], -f[1])):
        if value not in values:
            values.append(value)
    return values
