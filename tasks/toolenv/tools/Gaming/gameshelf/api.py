"""GameShelf: video games, platforms, prices and deals."""

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
    "tool_name": "GameShelf",
    "tool_description": "Video game catalogue: search, details, prices and discounts per platform, and platform listings.",
}
PLATFORMS = ["PC", "PlayStation", "Xbox", "Switch", "Mobile"]


def _game(game_id):
    return kit.get("games", "id", str(game_id).strip(), "game", "Find games with Search Games.")


@kit.api("Search Games", example={"title": "Harbor"})
def search_games(title: str):
    """Games whose title contains the text.

    title: Part of the game title.
    """
    title = kit.non_empty(title, "title")
    return {
        "games": [
            {"game_id": g["id"], "title": g["title"], "year": g["year"]}
            for g in kit.table("games")
            if kit.contains(g["title"], title)
        ]
    }


@kit.api("Game Details", example=lambda: {"game_id": kit.table("games")[0]["id"]})
def game_details(game_id: str):
    """Developer, release year, genres, platforms, critic score and age rating of a game.

    game_id: The game_id from Search Games.
    """
    g = _game(game_id)
    return {
        "game_id": g["id"],
        "title": g["title"],
        "developer": g["developer"],
        "year": g["year"],
        "genres": g["genres"],
        "platforms": g["platforms"],
        "critic_score": g["rating"],
        "age_rating": g["age_rating"],
    }


@kit.api("Game Prices", example=lambda: {"game_id": kit.table("games")[0]["id"]})
def game_prices(game_id: str):
    """List price, current discount and sale price on every platform.

    game_id: The game_id from Search Games.
    """
    g = _game(game_id)
    return {
        "title": g["title"],
        "prices": [
            {
                "platform": p,
                "list_price_usd": v["price_usd"],
                "discount_percent": v["discount_pct"],
                "sale_price_usd": round(v["price_usd"] * (100 - v["discount_pct"]) / 100, 2),
            }
            for p, v in g["prices"].items()
        ],
    }


@kit.api("Games by Platform", example={"platform": "Switch"})
def games_by_platform(platform: str, sort: str = "score", page: int = 1, limit: int = 10):
    """Games on a platform, by critic score or newest first.

    platform: PC, PlayStation, Xbox, Switch or Mobile.
    sort: score or newest.
    page: Page number, starting at 1.
    limit: Games per page (1-50).
    """
    kit.require(platform in PLATFORMS, f"Unknown platform '{platform}': use {', '.join(PLATFORMS)}.")
    kit.require(sort in ("score", "newest"), f"Invalid sort '{sort}': use score or newest.")
    key = (lambda g: (-g["rating"], g["title"])) if sort == "score" else (lambda g: (-g["year"], g["title"]))
    rows = [
        {"game_id": g["id"], "title": g["title"], "year": g["year"], "critic_score": g["rating"]}
        for g in sorted(kit.table("games"), key=key)
        if platform in g["platforms"]
    ]
    return {"platform": platform, **kit.paginate(rows, page, limit, key="games")}
