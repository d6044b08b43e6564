"""Text Toolkit: counting, case changes, slugs, find-and-replace and reversal."""

import importlib.util
import re
import sys
import unicodedata
from pathlib import Path

_KIT = str(Path(__file__).resolve().parents[3] / "_lib" / "toolkit.py")
if _KIT not in sys.modules:  # the shared toolkit, loaded by path (see _lib/toolkit.py)
    _spec = importlib.util.spec_from_file_location("toolenv_toolkit", _KIT)
    _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)  # published only when complete: tools load in parallel threads
    sys.modules.setdefault(_KIT, _module)
kit = sys.modules[_KIT]

TOOL = {
    "tool_name": "Text Toolkit",
    "tool_description": "Small text utilities: word and character counts, case conversion, URL slugs, find and replace, reversal.",
}


@kit.api("Word Count", example={"text": "The quick brown fox jumps over the lazy dog."})
def word_count(text: str):
    """Words, characters, sentences and the most frequent word of a text.

    text: The text to analyse.
    """
    text = kit.non_empty(text, "text")
    words = re.findall(r"[A-Za-z0-9']+", text.lower())
    counts = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    top = min(counts, key=lambda w: (-counts[w], w)) if counts else None
    return {
        "words": len(words),
        "characters": len(text),
        "characters_no_spaces": len(text.replace(" ", "")),
        "sentences": len([s for s in re.split(r"[.!?]+", text) if s.strip()]),
        "most_frequent_word": top,
    }


@kit.api("Change Case", example={"text": "hello world from the toolkit", "case": "title"})
def change_case(text: str, case: str):
    """Rewrite a text in upper, lower, title, snake or camel case.

    text: The text to convert.
    case: upper, lower, title, snake or camel.
    """
    text = kit.non_empty(text, "text")
    words = re.findall(r"[A-Za-z0-9]+", text)
    converters = {
        "upper": lambda: text.upper(),
        "lower": lambda: text.lower(),
        "title": lambda: text.title(),
        "snake": lambda: "_".join(w.lower() for w in words),
        "camel": lambda: words[0].lower() + "".join(w.capitalize() for w in words[1:]) if words else "",
    }
    kit.require(case in converters, f"Invalid case '{case}': use upper, lower, title, snake or camel.")
    return {"case": case, "result": converters[case]()}


@kit.api("Slugify", example={"text": "Ten Best Cafés in Lisbon!"})
def slugify(text: str, separator: str = "-"):
    """A URL slug: accents removed, lower case, words joined by a separator.

    text: The text to turn into a slug.
    separator: "-" or "_".
    """
    kit.require(separator in ("-", "_"), f"Invalid separator '{separator}': use '-' or '_'.")
    plain = unicodedata.normalize("NFKD", kit.non_empty(text, "text")).encode("ascii", "ignore").decode()
    return {"slug": separator.join(re.findall(r"[a-z0-9]+", plain.lower()))}


@kit.api("Find and Replace", example={"text": "I like cats. Cats are great.", "find": "cats", "replace": "dogs"})
def find_and_replace(text: str, find: str, replace: str, case_sensitive: bool = False):
    """Replace every occurrence of a word or phrase and count the replacements.

    text: The text to change.
    find: The phrase to look for.
    replace: What to put in its place.
    case_sensitive: Match case exactly when true.
    """
    text, find = kit.non_empty(text, "text"), kit.non_empty(find, "find")
    pattern = re.compile(re.escape(find), 0 if case_sensitive else re.IGNORECASE)
    result, count = pattern.subn(lambda _: replace, text)
    return {"result": result, "replacements": count}


@kit.api("Reverse Text", example={"text": "stressed", "mode": "characters"})
def reverse_text(text: str, mode: str):
    """Reverse a text by characters or by word order, and say whether it is a palindrome.

    text: The text to reverse.
    mode: characters or words.
    """
    text = kit.non_empty(text, "text")
    kit.require(mode in ("characters", "words"), f"Invalid mode '{mode}': use characters or words.")
    result = text[::-1] if mode == "characters" else " ".join(reversed(text.split()))
    letters = [c.lower() for c in text if c.isalnum()]
    return {"result": result, "is_palindrome": letters == letters[::-1]}
