"""Phrasebook: travel phrases translated between six languages."""

import importlib.util
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
    "tool_name": "Phrasebook",
    "tool_description": "Translations of common travel phrases between English, Spanish, French, German, Italian and Portuguese.",
}


def _language(code, name):
    return kit.get(
        "languages",
        "code",
        kit.non_empty(code, name).lower(),
        "language",
        "Use a code from List Languages, such as es or de.",
    )["code"]


@kit.api("Translate Phrase", example={"text": "Thank you very much", "source": "en", "target": "it"})
def translate_phrase(text: str, source: str, target: str):
    """Translate one of the phrasebook's phrases (see List Phrases); other text cannot be translated.

    text: The phrase, exactly as in the source language.
    source: Language code of the text.
    target: Language code to translate into.
    """
    src, dst = _language(source, "source"), _language(target, "target")
    wanted = kit.fold(kit.non_empty(text, "text")).rstrip(" ?!.")
    for phrase in kit.table("phrases"):
        if kit.fold(phrase["texts"][src]).rstrip(" ?!.") == wanted:
            return {"source": src, "target": dst, "text": phrase["texts"][src], "translation": phrase["texts"][dst]}
    raise kit.ApiError(f"Phrase not in the phrasebook for '{src}'. See List Phrases for what can be translated.", 404)


@kit.api("List Phrases", example={"language": "en"})
def list_phrases(language: str):
    """Every phrase of the phrasebook in one language.

    language: Language code.
    """
    code = _language(language, "language")
    return {"language": code, "phrases": [p["texts"][code] for p in kit.table("phrases")]}


@kit.api("List Languages", example={"include_names": True})
def list_languages(include_names: bool):
    """Language codes supported by the phrasebook.

    include_names: Add the English name of each language when true.
    """
    rows = kit.table("languages")
    return {"languages": rows if include_names else [r["code"] for r in rows]}


@kit.api("Phrase in All Languages", example={"text": "Good morning"})
def phrase_in_all_languages(text: str):
    """An English phrasebook phrase in every supported language.

    text: The phrase in English, as listed by List Phrases.
    """
    wanted = kit.fold(kit.non_empty(text, "text")).rstrip(" ?!.")
    for phrase in kit.table("phrases"):
        if kit.fold(phrase["texts"]["en"]).rstrip(" ?!.") == wanted:
            return {
                "phrase": phrase["texts"]["en"],
                "translations": [{"language": k, "text": v} for k, v in phrase["texts"].items()],
            }
    raise kit.ApiError(f"'{text}' is not in the English phrasebook; see List Phrases.", 404)
