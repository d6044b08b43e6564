"""Text normalisation shared by the data builder (which records gold facts) and the rule judge (which
looks for them in a final answer): both sides must normalise the same way or a correct answer fails."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Thousands separators only between digit groups ("1,234,567"), so "3, 4" stays two numbers.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# Trailing zeros of a decimal ("12.50" -> "12.5", "3.0" -> "3"); the lookahead keeps "3.05", and a
# dotted sequence such as an address ("203.130.2") is not a decimal at all.
_TRAILING_ZEROS = re.compile(r"(?<![\d.])(\d+)\.(\d*?)0+(?!\.?\d)")
# A decimal point or a minus sign that belongs to a number survives; other punctuation separates words.
_KEEP = re.compile(r"(?<=\d)\.(?=\d)|(?<![\w.])-(?=\d)")
_SEPARATORS = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """Compatibility forms unified, accents removed, case folded: the first step of ``normalize_fact``,
    and of the rule judge's reading of an answer (``harness.eval.matching``)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _trim_decimals(match: re.Match[str]) -> str:
    whole, fraction = match.group(1), match.group(2)
    return f"{whole}.{fraction}" if fraction else whole


def normalize_fact(text: str) -> str:
    """A canonical form for matching: case, accents, punctuation and number formatting removed.

    ``"São Paulo"`` -> ``"sao paulo"``, ``"1,234.50 USD"`` -> ``"1234.5 usd"``, ``"-3.0°C"`` -> ``"-3 c"``.
    Idempotent, so normalising an already normalised fact changes nothing.
    """
    text = _THOUSANDS.sub("", fold(text))
    text = _TRAILING_ZEROS.sub(_trim_decimals, text)
    kept: list[str] = []
    last = 0
    for match in _KEEP.finditer(text):
        kept.append(_SEPARATORS.sub(" ", text[last : match.start()]))
        kept.append(match.group(0))
        last = match.end()
    kept.append(_SEPARATORS.sub(" ", text[last:]))
    joined = "".join(kept).replace("_", " ")
    return " ".join(joined.split())


def mentions_fact(text: str, fact: str) -> bool:
    """Whether ``text`` states ``fact``: the normalised fact occurs in the normalised text as whole words
    (so the fact "12" is not found in "120")."""
    needle = normalize_fact(fact)
    if not needle:
        return False
    return f" {needle} " in f" {normalize_fact(text)} "


_WEAK = re.compile(r"^-?\d{1,4}$")
YES_NO = frozenset({"yes", "no", "true", "false"})


def is_weak(fact: str) -> bool:
    """Whether a normalised fact says nothing alone: a bare integer of at most four digits, or a
    yes/no. The builder binds such a fact to a context and the rule judge checks the binding."""
    return bool(_WEAK.match(fact)) or fact in YES_NO


def fact_text(value: Any) -> str:
    """A response value as fact text: numbers rounded to two decimals, booleans as yes/no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}"
    return str(value)
