"""Language Detector: identifies the language of short texts from common words."""

import importlib.util
import re
import sys
from pathlib import Path

_KIT = str(Path(__file__).resolve().parents[3] / "_lib" / "toolkit.py")
if _KIT not in sys.modules:  # the shared toolkit, loaded by path (see _lib/toolkit.py)
    _spec = importlib.util.spec_from_file_location("toolenv_toolkit", _KIT)
    _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)  # published only when complete: tools load in parallel threads
    sys.modules.setdefault(_KIT, _module)
kit = sys.modules[_KIT]

TOOL = {
    "tool_name": "Language Detector",
    "tool_description": "Detects whether a text is English, Spanish, French, German, Italian or Portuguese.",
}
MARKERS = {
    "en": {"the", "and", "is", "you", "of", "to", "it", "please", "thank", "where", "what", "good"},
    "es": {
        "el",
        "la",
        "los",
        "las",
        "es",
        "por",
        "favor",
        "gracias",
        "dónde",
        "está",
        "que",
        "buenos",
        "muchas",
        "cuánto",
    },
    "fr": {"le", "la", "les", "est", "vous", "merci", "où", "je", "bonjour", "s'il", "plaît", "combien", "ça", "une"},
    "de": {"der", "die", "das", "ist", "und", "bitte", "danke", "wo", "ich", "sie", "guten", "vielen", "wie", "kostet"},
    "it": {"il", "lo", "la", "è", "per", "favore", "grazie", "dove", "buongiorno", "quanto", "costa", "mi", "ho", "un"},
    "pt": {"o", "a", "os", "é", "por", "favor", "obrigado", "onde", "fica", "bom", "dia", "quanto", "custa", "muito"},
}


@kit.api("Detect Language", example={"text": "Où est la gare, s'il vous plaît ?"})
def detect_language(text: str):
    """The most likely language of a text, with a confidence between 0 and 1.

    text: The text (a few words are enough).
    """
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", kit.non_empty(text, "text").lower())
    scores = {code: sum(w in markers for w in words) for code, markers in MARKERS.items()}
    best = max(sorted(scores), key=lambda c: scores[c])
    total = sum(scores.values())
    if total == 0:
        raise kit.ApiError("Could not detect a language: no known words found. Supported: en, es, fr, de, it, pt.", 422)
    name = kit.index("languages", "code")[best]["name"]
    return {"language": best, "name": name, "confidence": round(scores[best] / total, 2)}


@kit.api("Supported Languages", example={"scope": "detection"})
def supported_languages(scope: str):
    """Languages the detector knows.

    scope: Only "detection" is available.
    """
    kit.require(scope == "detection", f"Unknown scope '{scope}': use 'detection'.")
    return {"languages": kit.table("languages")}


@kit.api("Language Details", example={"code": "pt"})
def language_details(code: str):
    """Name of a language and the countries in the world data that speak it.

    code: Two-letter language code such as "de".
    """
    row = kit.get("languages", "code", kit.non_empty(code, "code").lower(), "language")
    countries = [c["name"] for c in kit.table("countries") if row["name"] in c["languages"]]
    return {"code": row["code"], "name": row["name"], "spoken_in": countries}
