"""What the rule judge checks beyond "every gold fact is stated": that the answer's values come from
the episode, that a part asking for one value gets one value, and that a weak fact is said about the
right thing.

- **Grounding.** The numbers, dates, times and names of a final answer are looked up in the
  observations of the episode being judged (every node of its tree, never the gold path's), in the
  query, and in the gold facts (so a value the gold path computes, such as a sum or a conversion,
  counts as grounded). The rest are *ungrounded*; more than ``MAX_UNGROUNDED`` of them fail the answer.
  Integers up to ``SMALL_INT`` are not counted: list numbering and "2 of them" are not claims.
- **Several values.** A part that asks for one value fails when the answer also states a rival: a
  value of the same field in the episode's observations (another product's price when the cheapest is
  asked), the other of yes/no, or a second value bound to the same context.
- **Binding.** A weak fact (a bare integer of at most four digits, or yes/no) stated far from every
  phrase of its part's context (``GoldPart.context``: its unit or its entity) is not stated: "35" in a
  spray of numbers says nothing about Books & Office. The value *bound* to a context occurrence is the
  value token nearest to it, at most ``BIND_GAP`` tokens away.
- **Dump.** An answer that states ``DUMP_SHARE`` or more of the response values that are neither
  gold nor in the query (at least one) pastes the responses instead of answering.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from harness.eval.matching import (
    Clock,
    Day,
    MatchOptions,
    Num,
    Token,
    fact_readings,
    occurrences,
    states_fact,
    tokenize,
    tokens_equal,
)
from harness.eval.observations import observation_fields, observation_text
from harness.types.query import Gold, GoldPart
from harness.util.text import fact_text, is_weak, normalize_fact

MAX_UNGROUNDED = 3
SMALL_INT = 10
BIND_GAP = 3
# An answer stating this share of the response values that are neither gold nor in the query dumps them.
DUMP_SHARE = 0.6
# A code of up to three letters ("MX", "USD", "km") is how an answer names a value, not one it dumps.
_CODE = re.compile(r"[a-z]{1,3}")
BOOLEAN_WORDS = {"yes": "no", "no": "yes", "true": "false", "false": "true"}
# Two or more capitalised words in a row ("Books Office", "Mombasa FC"); joined by "of"/"the"/"&".
_NAME = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|the|and|de|da|&)\s+)?[A-Z][\w'’-]*)+")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]\s*|\s-\s)$")


@dataclass
class _Pool:
    """The values an answer may state without inventing them."""

    numbers: list[float] = field(default_factory=list)
    days: set[Any] = field(default_factory=set)
    clocks: set[int] = field(default_factory=set)
    text: str = " "

    def add(self, tokens: Iterable[Token], components: bool = True) -> None:
        for token in tokens:
            if isinstance(token, Num):
                self.numbers.append(token.value * token.scale)
                if token.scale != 1:
                    self.numbers.append(token.value)
            elif isinstance(token, Day):
                self.days.update(token.options)
                for day in token.options if components else ():  # "2025" or "June 7" alone repeat a date
                    self.numbers.extend((day.year, day.month, day.day))
            elif isinstance(token, Clock):
                self.clocks.add(token.minutes)
                if components:
                    self.numbers.extend((token.minutes // 60, token.minutes % 60))

    def grounds(self, token: Token) -> bool:
        if isinstance(token, Num):
            return self._grounds_number(token)
        if isinstance(token, Day):
            return bool(token.options & self.days)
        if isinstance(token, Clock):
            return token.minutes in self.clocks
        return True

    def _grounds_number(self, token: Num) -> bool:
        full = token.value * token.scale
        # As in ``numbers_match``: a plain integer must be exact; a written decimal or a scale word
        # may round a value of the pool to its own last digit.
        slack = 1e-6  # a plain integer must be exact however long (an ISBN)
        if token.decimals or token.scale != 1:
            slack = 1e-9 * max(1.0, abs(full)) + 0.5 * 10.0 ** (-token.decimals) * token.scale
        at = bisect.bisect_left(self.numbers, full - slack)
        return at < len(self.numbers) and self.numbers[at] <= full + slack

    def grounds_name(self, name: str) -> bool:
        return f" {normalize_fact(name)} " in self.text


@dataclass(frozen=True)
class Findings:
    """What grounding found in one answer; ``problems`` are the reasons it fails (none: it may pass)."""

    ungrounded: list[str]
    several: list[str]
    unbound: list[str]
    extras: list[str]
    problems: list[str]


def _value_tokens(tokens: Sequence[Token]) -> list[tuple[int, Token]]:
    return [(i, t) for i, t in enumerate(tokens) if isinstance(t, Num | Day | Clock) or t in BOOLEAN_WORDS]


def _show(token: Token) -> str:
    if isinstance(token, Num):
        text = token.digits or fact_text(token.value)
        return f"-{text}" if token.value < 0 and not text.startswith("-") else text
    if isinstance(token, Day):
        return min(token.options).isoformat()
    if isinstance(token, Clock):
        return f"{token.minutes // 60:02d}:{token.minutes % 60:02d}"
    return str(token)


def _names(answer: str) -> list[str]:
    """Capitalised runs of two or more words, leaving out a sentence's first word."""
    found: list[str] = []
    for match in _NAME.finditer(answer):
        words = match.group(0).split()
        if _SENTENCE_START.search(answer[: match.start()]):
            words = words[1:]
        if len([w for w in words if w[:1].isupper()]) >= 2:
            found.append(" ".join(words))
    return found


def _spans(needle: Sequence[Token], haystack: Sequence[Token]) -> list[tuple[int, int]]:
    """Where ``needle`` occurs in ``haystack`` as the rule judge reads a fact: (start, end) pairs."""
    return list(occurrences(needle, haystack, MatchOptions()))


# A full stop ends a clause only before a space or the end: "mail.example.com" and "3.5" are one value.
_CLAUSE = re.compile(r"[;!?\n]|\.(?=\s|$)")


def clauses(answer: str) -> list[list[Token]]:
    """The tokens of each clause (split at ".", ";", "!", "?" and line ends; not inside a domain, an
    address or a decimal)."""
    return [t for part in _CLAUSE.split(answer) if (t := tokenize(part))]


def _bound_values(
    context: Sequence[str], clause_tokens: Sequence[Sequence[Token]], echoed: Callable[[Token], bool] | None = None
) -> list[Token]:
    """The value tokens nearest to each occurrence of each context phrase in its clause (within
    ``BIND_GAP``; values equally near on both sides are both bound). Values for which ``echoed`` holds
    (the query's own numbers, repeated as the subject) are passed over: in "No, 54859 is not prime"
    the "no" is what "prime" is said of, not the number asked about."""
    bound: list[Token] = []
    for tokens in clause_tokens:
        values = [(at, value) for at, value in _value_tokens(tokens) if echoed is None or not echoed(value)]
        for phrase in context:
            for reading in fact_readings(phrase):
                if not reading:
                    continue
                for start, end in _spans(reading, tokens):
                    near = [
                        (start - at - 1 if at < start else at - end, value)
                        for at, value in values
                        if not start <= at < end  # a digit inside the context itself ("Classic 7")
                    ]
                    near = [(gap, value) for gap, value in near if gap <= BIND_GAP]
                    if near:
                        least = min(gap for gap, _ in near)
                        bound.extend(value for gap, value in near if gap == least)
    return bound


def _close_rival(fact: Token, value: Token) -> bool:
    """Whether an invented ``value`` reads as another value for ``fact``: a number of the same sign
    within a factor of two, or any date (time) where a date (time) is asked."""
    if isinstance(fact, Num) and isinstance(value, Num):
        a, b = fact.value * fact.scale, value.value * value.scale
        if a == 0:
            return abs(b) <= 1
        return a * b > 0 and 0.5 <= b / a <= 2 and not _same_value(fact, value)
    if isinstance(fact, Day) and isinstance(value, Day):
        return not fact.options & value.options
    if isinstance(fact, Clock) and isinstance(value, Clock):
        return fact.minutes != value.minutes
    return False


def _fact_token(fact: str) -> Token | None:
    readings = fact_readings(fact)
    tokens = readings[-1] if readings else []
    return tokens[0] if len(tokens) == 1 else None


_YES_NO_READING = {"true": "yes", "false": "no"}


def _same_value(a: Token, b: Token) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return _YES_NO_READING.get(a, a) == _YES_NO_READING.get(b, b)
    return tokens_equal(a, b, MatchOptions()) or tokens_equal(b, a, MatchOptions())


def _rivals(part: GoldPart, gold_facts: set[str], fields: Sequence[list[tuple[str, str]]]) -> list[str]:
    """Other values of the fields a single-valued part's facts were read from, in any observation."""
    rivals: list[str] = []
    for fact in part.facts:
        if fact in BOOLEAN_WORDS:
            continue  # every "no" of a response is not a rival of "yes"; the opposite word is checked apart
        for leaves in fields:
            keys = {key for key, value in leaves if value == fact and key}
            rivals.extend(value for key, value in leaves if key in keys and value not in gold_facts)
    return list(dict.fromkeys(rivals))


@dataclass(frozen=True)
class _Episode:
    """What grounding reads from one episode, computed once however many answers are checked."""

    pool: _Pool
    query_pool: _Pool
    gold_pool: _Pool
    fields: list[list[tuple[str, str]]]
    unasked: list[str]


@functools.lru_cache(maxsize=32)
def _episode(query_text: str, facts: tuple[str, ...], observations: tuple[str, ...]) -> _Episode:
    query_tokens = tokenize(query_text)
    query_pool = _Pool()  # the query's own values, which an answer may repeat beside a bound fact
    query_pool.add(query_tokens, components=False)
    query_pool.numbers.sort()
    gold_pool = _Pool()
    for fact in facts:
        for reading in fact_readings(fact):
            gold_pool.add(reading)
    gold_pool.numbers.sort()
    texts = [observation_text(o) for o in observations]
    pool = _Pool()
    for text in texts:
        pool.add(tokenize(text))
    pool.add(query_tokens)
    pool.numbers.extend(gold_pool.numbers)
    pool.days |= gold_pool.days
    pool.clocks |= gold_pool.clocks
    pool.numbers.sort()
    pool.text = " " + " ".join(normalize_fact(t) for t in [*texts, query_text, *facts]) + " "
    fields = [observation_fields(o) for o in observations]
    said = f" {normalize_fact(query_text)} " + " ".join(f" {f} " for f in facts)
    unasked = [
        value
        for value in dict.fromkeys(v for leaves in fields for _, v in leaves)
        if (len(value) >= 2 or value.isdigit())
        and value not in BOOLEAN_WORDS
        and not _CODE.fullmatch(value)
        and f" {value} " not in said
    ]
    return _Episode(pool, query_pool, gold_pool, fields, unasked)


def _near_facts(facts: Sequence[str], context: Sequence[str], clause_tokens: Sequence[Sequence[Token]]) -> set[str]:
    """The (non-weak) facts stated within ``BIND_GAP`` tokens of a context phrase in one clause, or of a
    fact that is (a list after its subject: "Countries: France, Switzerland, Canada")."""
    near: set[str] = set()
    for tokens in clause_tokens:
        spans = {f: [s for r in fact_readings(f) if r for s in _spans(r, tokens)] for f in facts}
        anchors = [span for c in context for r in fact_readings(c) if r for span in _spans(r, tokens)]
        grew = True
        while grew:
            grew = False
            for fact, found in spans.items():
                if fact in near or not found:
                    continue
                if any((fs - ae if ae <= fs else as_ - fe) <= BIND_GAP for fs, fe in found for as_, ae in anchors):
                    near.add(fact)
                    anchors.extend(found)
                    grew = True
    return near


def _problems(
    several: list[str], unbound: list[str], ungrounded: list[str], extras: list[str], unasked: int
) -> list[str]:
    problems: list[str] = []
    if several:
        problems.append("several values where one is asked: " + "; ".join(dict.fromkeys(several[:5])))
    if unbound:
        problems.append(
            "stated without what they are: " + ", ".join(repr(f) for f in unbound) + " (no unit or subject next to it)"
        )
    if len(ungrounded) > MAX_UNGROUNDED:
        shown = ", ".join(ungrounded[:8]) + (" ..." if len(ungrounded) > 8 else "")
        problems.append(f"{len(ungrounded)} values appear in no observation or the query: {shown}")
    if unasked and len(extras) >= max(1, math.ceil(DUMP_SHARE * unasked)):
        problems.append(
            f"states {len(extras)} of the {unasked} response values the question did not ask for: "
            "a dump of the responses, not an answer"
        )
    return problems


def check_grounding(
    answer: str,
    gold: Gold,
    query_text: str,
    observations: Sequence[str],
    *,
    tokens: Sequence[Token] = (),
    quick: bool = False,
) -> Findings:
    """The grounding findings for ``answer`` (see the module doc); ``observations`` are the raw
    observations of the episode judged, ``tokens`` may carry ``tokenize(answer)``. ``quick`` stops
    at the first kind of problem found (cheapest checks first), for judging many answers."""
    tokens = tokens or tokenize(answer)
    episode = _episode(query_text, tuple(gold.facts), tuple(observations))
    pool, query_pool, fields = episode.pool, episode.query_pool, episode.fields
    normalized = f" {normalize_fact(answer)} "
    query_normalized = f" {normalize_fact(query_text)} "
    unasked = len(episode.unasked)

    ungrounded: list[str] = []
    invented: list[Token] = []
    for _, token in _value_tokens(tokens):
        if isinstance(token, str) or pool.grounds(token):
            continue
        invented.append(token)
        small = isinstance(token, Num) and not token.decimals and token.scale == 1 and abs(token.value) <= SMALL_INT
        if not small:
            ungrounded.append(_show(token))
    ungrounded.extend(name for name in _names(answer) if not pool.grounds_name(name))
    ungrounded = list(dict.fromkeys(ungrounded))
    extras = [value for value in episode.unasked if f" {value} " in normalized]
    several: list[str] = []
    unbound: list[str] = []
    if quick and (found := _problems(several, unbound, ungrounded, extras, unasked)):
        return Findings(ungrounded, several, unbound, extras, found)

    parts = gold.parts or [GoldPart(facts=[f]) for f in gold.facts]
    gold_facts = set(gold.facts)
    gold_text = " " + " ".join(gold.facts) + " "
    gold_tokens = [t for f in gold.facts if (t := _fact_token(f)) is not None]
    words = {t for t in tokens if isinstance(t, str)}
    answer_clauses = clauses(answer)
    for part in parts:
        if part.context and part.many:
            # A list is said after what it is, members in a row ("highs: 21, 23, 19 and 18"): each member
            # is near the context or near a member that is, weak numbers included.
            listed_near = _near_facts(list(part.facts), part.context, answer_clauses)
            unbound.extend(f for f in part.facts if f not in listed_near)
        elif part.context:
            wanted_tokens = [t for f in part.facts if (t := _fact_token(f)) is not None]

            def echoed(value: Token, wanted: Sequence[Token] = wanted_tokens) -> bool:
                return (
                    not isinstance(value, str)
                    and query_pool.grounds(value)
                    and not any(_same_value(w, value) for w in wanted)
                )

            weak = any(is_weak(f) for f in part.facts)
            yes_no = any(f in BOOLEAN_WORDS for f in part.facts)
            bound = _bound_values(part.context, answer_clauses, echoed) if weak else []
            strong = [f for f in part.facts if not is_weak(f)]
            near = _near_facts(strong, part.context, answer_clauses) if strong else set()
            for fact in part.facts:
                if is_weak(fact):
                    wanted = _fact_token(fact)
                    if wanted is not None and not any(_same_value(wanted, b) for b in bound):
                        unbound.append(fact)
                elif fact not in near:
                    unbound.append(fact)
            if not part.many:
                # A yes/no part's rival is the other word even where another part's fact is that word:
                # "valid no; disposable no" answers "valid" twice. A number's part ignores yes/no.
                several.extend(
                    f"{_show(b)} besides {part.facts[0]!r}"
                    for b in bound
                    if not (isinstance(b, str) and (not yes_no or any(_same_value(t, b) for t in wanted_tokens)))
                    and not (not isinstance(b, str) and any(_same_value(t, b) for t in gold_tokens))
                    and not (isinstance(b, str) and b in query_text.casefold().split())
                    and not (not isinstance(b, str) and query_pool.grounds(b))
                )
        for fact in part.facts:
            wanted = _fact_token(fact)
            if wanted is not None:
                # An invented number beside a list's member contradicts it as much as a single value's.
                several.extend(f"{_show(v)} besides {fact!r}" for v in invented if _close_rival(wanted, v))
        if part.many:
            continue
        for fact in part.facts:
            opposite = BOOLEAN_WORDS.get(fact)
            if opposite is not None and fact in words and opposite in words and opposite not in gold_facts:
                several.append(f"{opposite!r} besides {fact!r}")
        for rival in _rivals(part, gold_facts, fields):
            if is_weak(rival) or f" {rival} " in query_normalized or f" {rival} " in gold_text:
                continue  # a small number, or words of the query or of a gold fact, prove nothing
            if states_fact(answer, rival, tokens=tokens, normalized=normalized):
                several.append(f"{rival!r} besides {part.facts[0]!r}")
    several = list(dict.fromkeys(several))
    return Findings(ungrounded, several, unbound, extras, _problems(several, unbound, ungrounded, extras, unasked))
