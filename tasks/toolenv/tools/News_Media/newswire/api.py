"""NewsWire: headlines, article search and sources."""

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
    "tool_name": "NewsWire",
    "tool_description": "News headlines by country and topic, full-text article search, article details and sources.",
}


def _summary(a):
    return {
        "article_id": a["id"],
        "title": a["title"],
        "source": kit.index("news_sources", "id")[a["source_id"]]["name"],
        "published": a["published"],
        "topic": a["topic"],
    }


@kit.api(
    "Top Headlines",
    example=lambda: {
        "country": next(
            a["country_code"] for a in kit.table("articles") if kit.bucket(a["country_code"], "headlines", modulo=5)
        )
    },
)
def top_headlines(country: str, limit: int = 10):
    """The latest headlines about a country. The headline feed of some countries is served by a failing backend;
    Search Articles still works for them.

    country: Two-letter country code or country name.
    limit: Number of headlines (1-50).
    """
    code = kit.country(kit.non_empty(country, "country"))["code"]
    kit.require(1 <= limit <= 50, f"Invalid limit {limit}: choose between 1 and 50.")
    if kit.bucket(code, "headlines", modulo=5) == 0:
        return kit.not_working(f"The headline feed for {code} is unavailable; use Search Articles.")
    return {
        "country": code,
        "articles": [_summary(a) for a in kit.table("articles") if a["country_code"] == code][:limit],
    }


@kit.api("Search Articles", example={"query": "record crowds"})
def search_articles(query: str, country: str = "", page: int = 1, limit: int = 10):
    """Articles whose title contains the text, newest first.

    query: Words from the title.
    country: Two-letter country code or name; empty for all.
    page: Page number, starting at 1.
    limit: Articles per page (1-50).
    """
    query = kit.non_empty(query, "query")
    code = kit.country(country)["code"] if str(country).strip() else ""
    found = [
        _summary(a)
        for a in kit.table("articles")
        if kit.contains(a["title"], query) and code in ("", a["country_code"])
    ]
    return kit.paginate(found, page, limit, key="articles")


@kit.api("Articles by Topic", example={"topic": "Technology"})
def articles_by_topic(topic: str, page: int = 1, limit: int = 10):
    """Articles on a topic, newest first.

    topic: Politics, Business, Technology, Science, Sports, Health, Culture, Environment or Travel.
    page: Page number, starting at 1.
    limit: Articles per page (1-50).
    """
    topics = sorted({a["topic"] for a in kit.table("articles")})
    kit.require(topic in topics, f"Unknown topic '{topic}'. Topics: {', '.join(topics)}.")
    return {
        "topic": topic,
        **kit.paginate(
            [_summary(a) for a in kit.table("articles") if a["topic"] == topic], page, limit, key="articles"
        ),
    }


@kit.api("Article Details", example=lambda: {"article_id": kit.table("articles")[0]["id"]})
def article_details(article_id: str):
    """Author, publication date, length and summary of an article.

    article_id: The article_id from a search or headline list.
    """
    a = kit.get("articles", "id", str(article_id).strip(), "article", "Find articles with Search Articles.")
    return {
        **_summary(a),
        "author": a["author"],
        "word_count": a["word_count"],
        "summary": a["summary"],
        "country": a["country_code"],
    }


@kit.api("List Sources", example={"language": "en"})
def list_sources(language: str):
    """News sources with their home country and founding year.

    language: Language code; only "en" sources exist.
    """
    rows = [s for s in kit.table("news_sources") if s["language"] == kit.non_empty(language, "language").lower()]
    kit.require(bool(rows), f"No sources in language '{language}': only 'en' is available.")
    return {"sources": rows}
