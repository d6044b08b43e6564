"""Sentiment Scope: lexicon-based sentiment, keywords and readability of English text."""

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
    "tool_name": "Sentiment Scope",
    "tool_description": "Scores the sentiment of English text with a word list, extracts keywords and rates readability.",
}
POSITIVE = {
    "good",
    "great",
    "excellent",
    "love",
    "lovely",
    "happy",
    "wonderful",
    "amazing",
    "friendly",
    "clean",
    "fast",
    "best",
    "enjoy",
    "enjoyed",
    "perfect",
    "beautiful",
    "delicious",
    "helpful",
    "recommend",
    "fantastic",
    "nice",
}
NEGATIVE = {
    "bad",
    "poor",
    "terrible",
    "hate",
    "awful",
    "slow",
    "dirty",
    "rude",
    "worst",
    "broken",
    "noisy",
    "sad",
    "disappointing",
    "disappointed",
    "expensive",
    "boring",
    "cold",
    "late",
    "problem",
    "never",
}
STOPWORDS = {
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "with",
    "is",
    "are",
    "was",
    "were",
    "it",
    "this",
    "that",
    "we",
    "i",
    "you",
    "they",
    "he",
    "she",
    "be",
    "been",
    "by",
    "from",
    "as",
    "our",
    "my",
    "your",
    "their",
    "so",
    "very",
    "not",
    "no",
    "all",
    "can",
    "will",
    "have",
    "has",
    "had",
    "there",
}


def _words(text):
    return re.findall(r"[a-z']+", kit.non_empty(text, "text").lower())


def _score(text):
    words = _words(text)
    pos = sum(w in POSITIVE for w in words)
    neg = sum(w in NEGATIVE for w in words)
    score = round((pos - neg) / max(1, pos + neg), 2)
    label = "positive" if score > 0.2 else "negative" if score < -0.2 else "neutral"
    return {"score": score, "label": label, "positive_words": pos, "negative_words": neg}


@kit.api(
    "Analyze Sentiment", example={"text": "The staff were friendly and the room was clean, but breakfast was slow."}
)
def analyze_sentiment(text: str):
    """Sentiment score from -1 (negative) to 1 (positive) with a label.

    text: English text.
    """
    return _score(text)


@kit.api("Compare Sentiment", example={"text_a": "Great food, lovely view.", "text_b": "Cold food and rude waiters."})
def compare_sentiment(text_a: str, text_b: str):
    """Score two texts and say which one is more positive.

    text_a: First English text.
    text_b: Second English text.
    """
    a, b = _score(text_a), _score(text_b)
    more = "text_a" if a["score"] > b["score"] else "text_b" if b["score"] > a["score"] else "equal"
    return {"text_a": a, "text_b": b, "more_positive": more}


@kit.api(
    "Extract Keywords",
    example={"text": "Solar panels and solar batteries cut energy bills; batteries store solar power."},
)
def extract_keywords(text: str, top: int = 5):
    """The most frequent content words (stop words removed).

    text: English text.
    top: Number of keywords (1-20).
    """
    kit.require(1 <= top <= 20, f"Invalid top {top}: choose 1 to 20.")
    counts = {}
    for word in _words(text):
        if word not in STOPWORDS and len(word) > 2:
            counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts, key=lambda w: (-counts[w], w))[:top]
    return {"keywords": [{"word": w, "count": counts[w]} for w in ranked]}


@kit.api("Readability Score", example={"text": "The cat sat on the mat. It was a sunny day."})
def readability_score(text: str):
    """Flesch reading ease (higher is easier), with sentence and syllable counts.

    text: English text.
    """
    words = _words(text)
    sentences = max(1, len([s for s in re.split(r"[.!?]+", text) if s.strip()]))
    syllables = sum(max(1, len(re.findall(r"[aeiouy]+", w.rstrip("e") or w))) for w in words)
    ease = round(206.835 - 1.015 * len(words) / sentences - 84.6 * syllables / max(1, len(words)), 1)
    level = "easy" if ease >= 70 else "standard" if ease >= 50 else "difficult"
    return {
        "flesch_reading_ease": ease,
        "level": level,
        "words": len(words),
        "sentences": sentences,
        "syllables": syllables,
    }
