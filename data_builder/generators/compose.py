"""Joining single requests into one natural multi-part instruction, with varied wording."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

# First words that may be lowercased when a request continues a sentence; anything else (a name, "I",
# an acronym) keeps its capital, so such a request only follows connectives that start a sentence.
_STARTERS = """
a an and are calculate can check compare compute convert could count do does each fetch find for get
give help how i'd in is it let list look now on please pull search show tell the then there what
when where which who whose why will would
"""
_LOWERCASABLE = frozenset(_STARTERS.split())
_OPENERS = (
    "",
    "",
    "",
    "I have a few things to ask. ",
    "Could you help me with a couple of things? ",
    "I need some help. ",
    "Quick questions for you. ",
)
# Connectives that start a new sentence and leave the request as written.
_SENTENCE = ("{b}", "{b}", "Next: {b}", "One more thing: {b}", "Separately: {b}", "Also this: {b}")
# Connectives that run into the request, which then starts in lower case.
_RUN_ON = ("Also, {b}", "Additionally, {b}", "On top of that, {b}", "After that, {b}", "And {b}", "Besides that, {b}")
_FIRST_WORD = re.compile(r"^([A-Za-z']+)")


def _lowercased(text: str) -> str | None:
    """``text`` with its first letter lowercased, or None when that would be wrong (a name, "I")."""
    match = _FIRST_WORD.match(text)
    if match is None or match.group(1).lower() not in _LOWERCASABLE or match.group(1) in {"I", "I'd"}:
        return None
    return text[0].lower() + text[1:]


def _sentence(text: str) -> str:
    """A request as a finished sentence."""
    text = " ".join(text.split())
    return text if text[-1:] in {".", "?", "!"} else f"{text}."


def compose_request(requests: Sequence[str], rng: random.Random) -> str:
    """One instruction from one or more self-contained requests, in a varied arrangement."""
    parts = [_sentence(r) for r in requests]
    if len(parts) == 1:
        return parts[0]
    if len(parts) in (2, 3) and rng.random() < 0.15:
        ordinals = ("First", "Second", "Third")
        lowered = [low for p in parts if (low := _lowercased(p)) is not None]
        if len(lowered) == len(parts):
            return " ".join(f"{ordinals[i]}, {low}" for i, low in enumerate(lowered))
    pieces = [rng.choice(_OPENERS) + parts[0]]
    for part in parts[1:]:
        running = _lowercased(part)
        if running is not None and rng.random() < 0.6:
            pieces.append(rng.choice(_RUN_ON).format(b=running))
        else:
            pieces.append(rng.choice(_SENTENCE).format(b=part))
    return " ".join(pieces)
