"""ReelBase Films: film search, details, cast, reviews and top-rated lists."""

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
    "tool_name": "ReelBase Films",
    "tool_description": "A film database: search titles, details, cast with characters, critic reviews and top-rated lists.",
}


def _film(film_id):
    return kit.get("films", "id", str(film_id).strip(), "film", "Find film ids with Search Films.")


def _person(person_id):
    return kit.index("film_people", "id")[person_id]


def _summary(f):
    return {"film_id": f["id"], "title": f["title"], "year": f["year"], "rating": f["rating"], "genres": f["genres"]}


@kit.api("Search Films", example={"title": "The"})
def search_films(title: str, year: int = 0, page: int = 1, limit: int = 10):
    """Films whose title contains the text, optionally from one year.

    title: Whole or partial title.
    year: Release year; 0 for any year.
    page: Page number, starting at 1.
    limit: Films per page (1-50).
    """
    title = kit.non_empty(title, "title")
    found = [_summary(f) for f in kit.table("films") if kit.contains(f["title"], title) and year in (0, f["year"])]
    return kit.paginate(found, page, limit, key="films")


@kit.api("Film Details", example=lambda: {"film_id": kit.table("films")[0]["id"]})
def film_details(film_id: str):
    """Runtime, director, language, certification, box office and synopsis of a film.

    film_id: The film_id from Search Films.
    """
    f = _film(film_id)
    return {
        **_summary(f),
        "runtime_min": f["runtime_min"],
        "director": _person(f["director_id"])["name"],
        "language": f["language"],
        "certification": f["certification"],
        "box_office_usd": f["box_office_usd"],
        "votes": f["votes"],
        "synopsis": f["synopsis"],
    }


@kit.api("Film Cast", example=lambda: {"film_id": kit.table("films")[0]["id"]})
def film_cast(film_id: str):
    """The main cast of a film with the characters they play and their person ids.

    film_id: The film_id from Search Films.
    """
    f = _film(film_id)
    return {
        "film_id": f["id"],
        "title": f["title"],
        "cast": [
            {"person_id": c["person_id"], "name": _person(c["person_id"])["name"], "character": c["character"]}
            for c in f["cast"]
        ],
    }


@kit.api("Film Reviews", example=lambda: {"film_id": kit.table("films")[0]["id"]})
def film_reviews(film_id: str, page: int = 1, limit: int = 5):
    """Critic reviews of a film (score out of 10), newest first.

    film_id: The film_id from Search Films.
    page: Page number, starting at 1.
    limit: Reviews per page (1-20).
    """
    f = _film(film_id)
    rows = sorted(
        (r for r in kit.table("film_reviews") if r["film_id"] == f["id"]), key=lambda r: r["date"], reverse=True
    )
    reviews = [{"author": r["author"], "score": r["score"], "date": r["date"], "headline": r["headline"]} for r in rows]
    return {"film_id": f["id"], **kit.paginate(reviews, page, limit, key="reviews", max_limit=20)}


@kit.api("Top Rated Films", example={"genre": "Drama"})
def top_rated_films(genre: str, page: int = 1, limit: int = 10):
    """The best-rated films of a genre (ties broken by votes).

    genre: A genre such as Drama, Comedy, Thriller, Science Fiction, Romance, Animation, Documentary, Horror,
        Adventure or Crime; "all" for every genre.
    page: Page number, starting at 1.
    limit: Films per page (1-50).
    """
    genre = kit.non_empty(genre, "genre")
    known = sorted({g for f in kit.table("films") for g in f["genres"]})
    kit.require(genre.lower() == "all" or genre in known, f"Unknown genre '{genre}'. Known genres: {', '.join(known)}.")
    found = sorted(
        (f for f in kit.table("films") if genre.lower() == "all" or genre in f["genres"]),
        key=lambda f: (-f["rating"], -f["votes"]),
    )
    return {"genre": genre, **kit.paginate([_summary(f) for f in found], page, limit, key="films")}
