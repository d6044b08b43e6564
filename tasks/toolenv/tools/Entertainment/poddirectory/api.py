"""PodDirectory: podcasts, their hosts and episodes."""

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
    "tool_name": "PodDirectory",
    "tool_description": "Podcast search by title and category, episode lists with dates and lengths, and latest episodes.",
}


def _podcast(podcast_id):
    return kit.get("podcasts", "id", str(podcast_id).strip(), "podcast", "Find podcasts with Search Podcasts.")


@kit.api("Search Podcasts", example={"query": "Hour"})
def search_podcasts(query: str):
    """Podcasts whose title or host contains the text.

    query: Part of a title or host name.
    """
    query = kit.non_empty(query, "query")
    return {
        "podcasts": [
            {"podcast_id": p["id"], "title": p["title"], "host": p["host"], "category": p["category"]}
            for p in kit.table("podcasts")
            if kit.contains(p["title"], query) or kit.contains(p["host"], query)
        ]
    }


@kit.api("Podcasts by Category", example={"category": "Science"})
def podcasts_by_category(category: str):
    """Podcasts of a category, best rated first.

    category: Technology, True Crime, Comedy, History, Science, Business, Health or Education.
    """
    categories = sorted({p["category"] for p in kit.table("podcasts")})
    kit.require(category in categories, f"Unknown category '{category}'. Categories: {', '.join(categories)}.")
    rows = sorted(
        (p for p in kit.table("podcasts") if p["category"] == category), key=lambda p: (-p["rating"], p["title"])
    )
    return {
        "category": category,
        "podcasts": [{"podcast_id": p["id"], "title": p["title"], "rating": p["rating"]} for p in rows],
    }


@kit.api("Podcast Episodes", example=lambda: {"podcast_id": kit.table("podcasts")[0]["id"]})
def podcast_episodes(podcast_id: str, page: int = 1, limit: int = 5):
    """Episodes of a podcast, newest first.

    podcast_id: The podcast_id from Search Podcasts.
    page: Page number, starting at 1.
    limit: Episodes per page (1-50).
    """
    p = _podcast(podcast_id)
    return {"podcast": p["title"], **kit.paginate(list(reversed(p["episodes"])), page, limit, key="episodes")}


@kit.api("Latest Episode", example=lambda: {"podcast_id": kit.table("podcasts")[0]["id"]})
def latest_episode(podcast_id: str):
    """The most recent episode of a podcast.

    podcast_id: The podcast_id from Search Podcasts.
    """
    p = _podcast(podcast_id)
    return {"podcast": p["title"], "host": p["host"], **max(p["episodes"], key=lambda e: e["published"])}
