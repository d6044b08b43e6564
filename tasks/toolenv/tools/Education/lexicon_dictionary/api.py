"""Lexicon Dictionary: definitions, synonyms, antonyms and a word of the day."""

import importlib.util
import sys
from datetime import date as _date
from pathlib import Path

_KIT = str(Path(__file__).resolve().parents[3] / "_lib" / "toolkit.py")
if _KIT not in sys.modules:  # the shared toolkit, loaded by path (see _lib/toolkit.py)
    _spec = importlib.util.spec_from_file_location("toolenv_toolkit", _KIT)
    _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)  # published only when complete: tools load in parallel threads
    sys.modules.setdefault(_KIT, _module)
kit = sys.modules[_KIT]

TOOL = {
    "tool_name": "Lexicon Dictionary",
    "tool_description": "An English dictionary: definitions with examples, synonyms, antonyms and a daily word.",
}


def _word(word):
    entry = kit.index("words", "word").get(kit.non_empty(word, "word").lower())
    if entry is None:
        raise kit.ApiError(f"No entry for '{word}' in the dictionary.", 404)
    return entry


@kit.api("Define Word", example={"word": "resilient"})
def define_word(word: str):
    """Part of speech, definition and an example sentence.

    word: An English word.
    """
    e = _word(word)
    return {
        "word": e["word"],
        "part_of_speech": e["part_of_speech"],
        "definition": e["definition"],
        "example": e["example"],
    }


@kit.api("Synonyms", example={"word": "brief"})
def synonyms(word: str):
    """Words with the same or a similar meaning.

    word: An English word.
    """
    e = _word(word)
    return {"word": e["word"], "synonyms": e["synonyms"]}


@kit.api("Antonyms", example={"word": "generous"})
def antonyms(word: str):
    """Words with the opposite meaning.

    word: An English word.
    """
    e = _word(word)
    return {"word": e["word"], "antonyms": e["antonyms"], "note": "" if e["antonyms"] else "No common antonym."}


@kit.api("Word of the Day", example={"date": "2025-06-15"})
def word_of_the_day(date: str):
    """The featured word for a date, with its definition.

    date: The day as YYYY-MM-DD.
    """
    when = kit.parse_date(date)
    words = kit.table("words")
    e = words[(when - _date(2000, 1, 1)).days % len(words)]
    return {"date": when.isoformat(), "word": e["word"], "definition": e["definition"]}
