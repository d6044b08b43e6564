"""Does a final answer state a gold fact? Matching that survives how people and models write values.

Both texts become token lists: words (case, accents and punctuation gone, unit names folded to one
spelling: "kilometres" -> "km", "%" -> "percent", "$" -> "usd"), numbers (with the decimals they were
written with and a "million"/"billion" scale), dates (from ISO, month-name and numeric forms), and
times of day (24-hour or am/pm). A fact is stated when its tokens appear in order in the answer, with
at most two connecting words ("to", "and", "at", ...) between them. Numbers compare by value on token
boundaries, so "10" never matches "100" while "3.50" matches "3.5"; an answer may round a fact to
fewer decimals (at least one kept), or to three or more significant digits with a scale word
("1.23 million" for 1,234,567).

Gold facts are stored normalised by the data builder (``harness.util.text.normalize_fact``:
punctuation gone, "2024-05-03" kept as "2024 05 03", "14:00" as "14 00"), so a fact is also read with
those digit groups as a date or a time. The builder and the judge share that normaliser: a fact the
builder's own test finds in an answer (``mentions_fact``: the normalised fact as whole words of the
normalised answer) is stated; the token matching here only adds the other ways of writing it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from harness.util.text import fold as fold_text
from harness.util.text import mentions_fact, normalize_fact

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

# One spelling per unit; a value with spaces stands for several tokens ("mph" -> "mi h").
UNIT_ALIASES = {
    **dict.fromkeys(("kilometer", "kilometers", "kilometre", "kilometres", "kms"), "km"),
    **dict.fromkeys(("mile", "miles"), "mi"),
    **dict.fromkeys(("meter", "meters", "metre", "metres"), "m"),
    **dict.fromkeys(("centimeter", "centimeters", "centimetre", "centimetres"), "cm"),
    **dict.fromkeys(("millimeter", "millimeters", "millimetre", "millimetres"), "mm"),
    **dict.fromkeys(("foot", "feet", "ft"), "ft"),
    **dict.fromkeys(("inch", "inches"), "in"),
    **dict.fromkeys(("kilogram", "kilograms", "kgs", "kilo", "kilos"), "kg"),
    **dict.fromkeys(("gram", "grams", "gr"), "g"),
    **dict.fromkeys(("milligram", "milligrams"), "mg"),
    **dict.fromkeys(("pound", "pounds", "lbs"), "lb"),
    **dict.fromkeys(("ounce", "ounces"), "oz"),
    **dict.fromkeys(("liter", "liters", "litre", "litres"), "l"),
    **dict.fromkeys(("milliliter", "milliliters", "millilitre", "millilitres"), "ml"),
    **dict.fromkeys(("celsius", "centigrade"), "c"),
    "fahrenheit": "f",
    **dict.fromkeys(("pct", "percentage"), "percent"),
    **dict.fromkeys(("hour", "hours", "hr", "hrs"), "h"),
    **dict.fromkeys(("minute", "minutes", "mins"), "min"),
    **dict.fromkeys(("second", "seconds", "sec", "secs"), "s"),
    **dict.fromkeys(("days",), "day"),
    **dict.fromkeys(("weeks",), "week"),
    **dict.fromkeys(("months",), "month"),
    **dict.fromkeys(("years", "yr", "yrs"), "year"),
    **dict.fromkeys(("dollar", "dollars"), "usd"),
    **dict.fromkeys(("euro", "euros"), "eur"),
    **dict.fromkeys(("yen",), "jpy"),
    **dict.fromkeys(("rupee", "rupees"), "inr"),
    **dict.fromkeys(("calorie", "calories", "cal", "kcals"), "kcal"),
    "mph": "mi h",
    **dict.fromkeys(("kph", "kmh"), "km h"),
}
# Words that say nothing about a value: "21 degrees celsius" states the fact "21 c".
DROPPED = frozenset({"degree", "degrees", "deg"})
# Words allowed between the tokens of a fact ("08:00 to 22:00", "5 km per hour").
CONNECTORS = frozenset({"to", "and", "until", "till", "through", "from", "at", "on", "of", "the", "a", "an", "per"})
MAX_CONNECTORS = 2
SYMBOLS = {"%": " percent ", "$": " usd ", "€": " eur ", "£": " gbp ", "¥": " jpy ", "₹": " inr ", "&": " and "}
SCALES = {
    "thousand": 1e3, "thousands": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "trillion": 1e12, "trillions": 1e12, "tn": 1e12,
}  # fmt: skip
# A rounded answer must keep at least this much precision (half its last digit, relative to it).
MAX_ROUNDING = 0.05

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CURRENCY = r"us\$|\$|€|£|¥|₹"
_PATTERN = re.compile(
    rf"""
    (?P<iso>(?<!\d)(?P<iy>\d{{4}})
        (?:[-/.](?P<im>\d{{1,2}})[-/.](?P<id>\d{{1,2}})|\ (?P<im2>\d{{2}})\ (?P<id2>\d{{2}}))(?!\d)
        (?:[t\ ]\s*(?P<ih>\d{{1,2}})[:\ ](?P<imin>\d{{2}})(?:[:\ ]\d{{2}}(?:\.\d+)?)?(?!\d)\s*(?:z\b|utc\b|gmt\b)?)?)
    |(?P<mdy>\b(?P<am>{_MONTH})\.?\s+(?P<ad>\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<ay>\d{{4}})(?!\d))
    |(?P<dmy>\b(?P<bd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<bm>{_MONTH})\.?,?\s+(?P<by>\d{{4}})(?!\d))
    |(?P<numdate>(?<![\d.])(?P<n1>\d{{1,2}})[/.-](?P<n2>\d{{1,2}})[/.-](?P<ny>\d{{4}})(?!\d))
    |(?P<clock>(?<![\d:.])(?P<ch>\d{{1,2}}):(?P<cm>\d{{2}})(?::\d{{2}})?(?!\d)(?:\s*(?P<cap>[ap])\.?m\b\.?)?)
    |(?P<ampm>(?<![\d.:])(?P<hh>\d{{1,2}})\s*(?P<hap>[ap])\.?m\b\.?)
    |(?P<named_time>\b(?:noon|midday|midnight)\b)
    |(?P<money>(?P<msign>(?<![\w.])-)?(?P<cur>{_CURRENCY})\s*(?P<mnum>{_NUMBER})(?P<mscale>\s*(?:thousand|million|billion|trillion)s?\b|(?:k|bn|mn|tn)\b)?)
    |(?P<number>(?P<sign>(?<![\w.])-)?(?<![a-z_\d])(?P<num>{_NUMBER})
        (?P<scale>\s*(?:thousand|million|billion|trillion)s?\b|(?:k|bn|mn|tn)\b)?(?:st|nd|rd|th)?(?!\d))
    """,
    re.VERBOSE,
)
_WORD_SPLIT = re.compile(r"[^\w]+")
_URL_ESCAPE = re.compile(r"%(?=[0-9a-f]{2})")
_CURRENCY_WORDS = {"$": "usd", "us$": "usd", "€": "eur", "£": "gbp", "¥": "jpy", "₹": "inr"}


@dataclass(frozen=True)
class Num:
    """A number as written: its value, how many decimals it had, and a scale word's factor."""

    value: float
    decimals: int
    scale: float = 1.0
    digits: str = ""  # the digits as written (a normalised time keeps "00")


@dataclass(frozen=True)
class Day:
    """A calendar date; an ambiguous numeric date ("03/05/2024") holds both readings."""

    options: frozenset[date]


@dataclass(frozen=True)
class Clock:
    """A time of day in minutes after midnight."""

    minutes: int


Token = str | Num | Day | Clock


@dataclass(frozen=True)
class MatchOptions:
    """Extra numeric slack on top of the rounding rules: ``abs_tol`` and ``rel_tol`` (of the fact)."""

    abs_tol: float = 0.0
    rel_tol: float = 0.0


def fold(text: str) -> str:
    """The shared folding (``harness.util.text.fold``: "São Paulo" -> "sao paulo", "℃" -> "°c"), with
    typographic minus signs and dashes as "-", and URL escapes ("%20") as spaces, so that a "%" left over
    is a percent sign."""
    text = fold_text(text).replace("\u2212", "-").replace("\u2013", "-").replace("\u2014", "-").replace("º", "°")
    return _URL_ESCAPE.sub(" ", text)


def _number(raw: str, scale_word: str | None, negative: bool = False) -> Num:
    digits = raw.replace(",", "")
    _, _, fraction = digits.partition(".")
    scale = SCALES[scale_word.strip()] if scale_word and scale_word.strip() else 1.0
    value = float(digits)
    return Num(-value if negative else value, len(fraction), scale, digits)


def _date(year: str, month: int, day: str) -> frozenset[date]:
    try:
        return frozenset({date(int(year), month, int(day))})
    except ValueError:
        return frozenset()


def _clock(hour: int, minute: int, half: str | None) -> Clock | None:
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return Clock(hour * 60 + minute)


def _words(text: str) -> list[Token]:
    for symbol, word in SYMBOLS.items():
        text = text.replace(symbol, word)
    tokens: list[Token] = []
    for word in _WORD_SPLIT.split(text.replace("_", " ")):
        if not word or word in DROPPED:
            continue
        tokens.extend(UNIT_ALIASES.get(word, word).split())
    return tokens


def _entity(match: re.Match[str]) -> list[Token] | None:
    """Tokens for one recognised value, or None to read the text as plain words."""
    kind = match.lastgroup
    g = match.group
    if kind == "iso":
        days = _date(g("iy"), int(g("im") or g("im2")), g("id") or g("id2"))
        if not days:
            return None
        tokens: list[Token] = [Day(days)]
        if g("ih") is not None:
            clock = _clock(int(g("ih")), int(g("imin")), None)
            if clock is not None:
                tokens.append(clock)
        return tokens
    if kind in ("mdy", "dmy"):
        month, day, year = (g("am"), g("ad"), g("ay")) if kind == "mdy" else (g("bm"), g("bd"), g("by"))
        days = _date(year, MONTHS[month], day)
        return [Day(days)] if days else None
    if kind == "numdate":
        first, second, year = int(g("n1")), int(g("n2")), g("ny")
        days = _date(year, first, str(second)) | _date(year, second, str(first))
        return [Day(days)] if days else None
    if kind == "clock":
        clock = _clock(int(g("ch")), int(g("cm")), g("cap"))
        return [clock] if clock else None
    if kind == "ampm":
        clock = _clock(int(g("hh")), 0, g("hap"))
        return [clock] if clock else None
    if kind == "named_time":
        return [Clock(0 if "night" in match.group(0) else 720)]
    if kind == "money":
        return [_number(g("mnum"), g("mscale"), negative=g("msign") is not None), _CURRENCY_WORDS[g("cur")]]
    return [_number(g("num"), g("scale"), negative=g("sign") is not None)]


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text`` (see the module doc)."""
    return list(_tokens(text))


# Judging many answers re-reads the same facts, contexts and observations; tokens are immutable.
@functools.lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Token, ...]:
    text = fold(text)
    tokens: list[Token] = []
    last = 0
    for match in _PATTERN.finditer(text):
        entity = _entity(match)
        if entity is None:
            continue
        tokens.extend(_words(text[last : match.start()]))
        tokens.extend(entity)
        last = match.end()
    tokens.extend(_words(text[last:]))
    return tuple(tokens)


def _small_int(token: Token | None, width: int, limit: int) -> int | None:
    """The value of a plain integer token of at most ``width`` digits (exactly 2 for minutes) up to ``limit``."""
    if not isinstance(token, Num) or token.decimals or token.scale != 1 or token.value < 0:
        return None
    if len(token.digits) > width or (width == 2 and limit == 59 and len(token.digits) != 2):
        return None
    return int(token.value) if token.value <= limit else None


def _is_seconds(tokens: list[Token], at: int) -> bool:
    """Whether ``tokens[at]`` is the seconds of the time before it rather than the next time's hour."""
    if at >= len(tokens) or _small_int(tokens[at], 2, 59) is None:
        return False
    next_is_time = at + 1 < len(tokens) and _small_int(tokens[at], 2, 23) is not None
    return not (next_is_time and _small_int(tokens[at + 1], 2, 59) is not None)


def fact_readings(fact: str) -> list[list[Token]]:
    """The ways a fact can be read: as written, and with normalised "HH MM[ SS]" groups as times."""
    return [list(r) for r in _readings(fact)]


@functools.lru_cache(maxsize=65536)
def _readings(fact: str) -> tuple[tuple[Token, ...], ...]:
    tokens = tokenize(fact)
    timed: list[Token] = []
    i = 0
    while i < len(tokens):
        hour = _small_int(tokens[i], 2, 23)
        minute = _small_int(tokens[i + 1], 2, 59) if i + 1 < len(tokens) else None
        if hour is not None and minute is not None:
            timed.append(Clock(hour * 60 + minute))
            i += 3 if _is_seconds(tokens, i + 2) else 2
            continue
        timed.append(tokens[i])
        i += 1
    return (tuple(tokens), tuple(timed)) if timed != tokens else (tuple(tokens),)


def _close(fact: float, answer: float, options: MatchOptions) -> bool:
    slack = max(options.abs_tol, options.rel_tol * abs(fact))
    return abs(fact - answer) <= slack + 1e-9 * max(1.0, abs(fact))


def numbers_match(fact: Num, answer: Num, options: MatchOptions = MatchOptions()) -> bool:
    """Whether ``answer`` states the number ``fact`` (see the module doc for the rounding rules)."""
    if answer.scale == 1 and fact.scale == 1 and not answer.decimals and not (options.abs_tol or options.rel_tol):
        if not fact.decimals:
            return fact.value == answer.value  # two integers: exact, however long (an ISBN)
        return abs(fact.value - answer.value) <= 1e-9 * max(1.0, abs(fact.value))
    if fact.scale == 1 and _close(fact.value, answer.value, options):
        return True  # as written, ignoring the answer's scale word ("12.4" in "$12.4 billion")
    full_fact, full_answer = fact.value * fact.scale, answer.value * answer.scale
    if _close(full_fact, full_answer, options):
        return True
    half_step = 0.5 * 10.0 ** (-answer.decimals) * answer.scale
    coarser = half_step > 0.5 * 10.0 ** (-fact.decimals) * fact.scale
    if not coarser:
        return False
    if answer.scale != 1:
        precise_enough = half_step <= MAX_ROUNDING * abs(full_answer)
    else:
        precise_enough = answer.decimals >= 1 and fact.scale == 1
    return precise_enough and abs(full_fact - full_answer) <= half_step * (1 + 1e-9)


def tokens_equal(fact: Token, answer: Token, options: MatchOptions) -> bool:
    """One fact token against one answer token."""
    if isinstance(fact, str) or isinstance(answer, str):
        return fact == answer
    if isinstance(fact, Num) and isinstance(answer, Num):
        return numbers_match(fact, answer, options)
    if isinstance(fact, Day) and isinstance(answer, Day):
        return bool(fact.options & answer.options)
    if isinstance(fact, Clock) and isinstance(answer, Clock):
        return fact.minutes == answer.minutes
    return False


def occurrences(needle: Sequence[Token], haystack: Sequence[Token], options: MatchOptions) -> Iterator[tuple[int, int]]:
    """Where ``needle`` occurs in ``haystack`` as a fact is read (a few connecting words allowed
    between its tokens: "Books & Office" for "books office"), as (start, end) index pairs, lazily."""
    first = needle[0]
    for start, token in enumerate(haystack):
        if type(token) is not type(first) or not tokens_equal(first, token, options):
            continue
        at, found = start + 1, True
        for wanted in needle[1:]:
            skipped = 0
            while (
                at < len(haystack)
                and not tokens_equal(wanted, haystack[at], options)
                and isinstance(haystack[at], str)
                and haystack[at] in CONNECTORS
                and skipped < MAX_CONNECTORS
            ):
                at, skipped = at + 1, skipped + 1
            if at >= len(haystack) or not tokens_equal(wanted, haystack[at], options):
                found = False
                break
            at += 1
        if found:
            yield start, at


def _occurs(needle: Sequence[Token], haystack: Sequence[Token], options: MatchOptions) -> bool:
    return next(occurrences(needle, haystack, options), None) is not None


def states_fact(
    answer: str,
    fact: str,
    options: MatchOptions = MatchOptions(),
    *,
    tokens: Sequence[Token] = (),
    normalized: str | None = None,
) -> bool:
    """Whether ``answer`` states ``fact``: the builder's own test (``mentions_fact``: the normalised fact
    as whole words of the normalised answer), or the token matching of this module. ``tokens`` may
    carry ``tokenize(answer)`` and ``normalized`` `` f" {normalize_fact(answer)} "`` when several
    facts are checked. A fact without any token states nothing checkable and counts as stated."""
    readings = [r for r in fact_readings(fact) if r]
    if not readings:
        return True
    if normalized is not None:
        needle = normalize_fact(fact)
        if needle and f" {needle} " in normalized:
            return True
    elif mentions_fact(answer, fact):
        return True
    haystack = tokens or tokenize(answer)
    return any(_occurs(reading, haystack, options) for reading in readings)


def missing_facts(
    answer: str, facts: Sequence[str], options: MatchOptions = MatchOptions(), *, tokens: Sequence[Token] = ()
) -> list[str]:
    """The facts ``answer`` does not state, in their given order (``tokens``: ``tokenize(answer)``)."""
    tokens = tokens or tokenize(answer)
    normalized = f" {normalize_fact(answer)} "
    return [fact for fact in facts if not states_fact(answer, fact, options, tokens=tokens, normalized=normalized)]
