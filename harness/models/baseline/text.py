"""Words and the terms they are compared by: lowercase, split at case changes and punctuation,
common words dropped, crude suffixes stripped (so "stores" meets "store" and "opening" meets "open")."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z]+|\d+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_STOPWORD_TEXT = """
    a about above after again all also am an and any are as at be been before being below between both but by
    can could did do does doing down during each few for from further give had has have having he her here hers
    him his how i if in into is it its itself just know let like me more most my no nor not now of off on once
    one only or other our out over own please quick same she should show so some such tell than that the their
    them then there these they this those through to too under until up very want was we were what when where
    which while who whom why will with would you your get find need help thing things first second next besides
    separately besides top things couple questions question"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_SUFFIXES = ("ings", "ing", "ies", "ied", "es", "ed", "s")


def words(text: str) -> list[str]:
    """Lowercased words and numbers, camelCase and snake_case split apart."""
    return [w.lower() for w in _WORD.findall(_CAMEL.sub(" ", text))]


def stem(word: str) -> str:
    """A crude stem; good enough to match inflections of one word."""
    if word.isdigit() or len(word) <= 4:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            return base + "y" if suffix in ("ies", "ied") else base
    return word


def terms(text: str) -> list[str]:
    """The content terms of ``text``, stemmed, in order."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and not w.isdigit()]
