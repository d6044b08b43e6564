"""Showtime Finder: cinemas by city and what they show this week."""

import importlib.util
import sys
from datetime import timedelta
from pathlib import Path

_KIT = str(Path(__file__).resolve().parents[3] / "_lib" / "toolkit.py")
if _KIT not in sys.modules:  # the shared toolkit, loaded by path (see _lib/toolkit.py)
    _spec = importlib.util.spec_from_file_location("toolenv_toolkit", _KIT)
    _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)  # published only when complete: tools load in parallel threads
    sys.modules.setdefault(_KIT, _module)
kit = sys.modules[_KIT]

TOOL = {
    "tool_name": "Showtime Finder",
    "tool_description": "Cinemas in a city, their programmes and the showtimes of a film for the coming week.",
}


def _day(date):
    when = kit.parse_date(date) if date else kit.today()
    last = kit.today() + timedelta(days=6)
    kit.require(kit.today() <= when <= last, f"Showtimes are published for {kit.today()} to {last} only.")
    return when


def _times(cinema, entry, when):
    # Matinees are dropped on weekdays, so programmes differ between days.
    return [t for t in entry["times"] if when.isoweekday() >= 6 or t >= "16:00"] or entry["times"][-1:]


@kit.api("Cinemas in City", example={"city": "Lisbon"})
def cinemas_in_city(city: str):
    """Cinemas in a city with address, screens and ticket price.

    city: City name.
    """
    row = kit.city_named(kit.non_empty(city, "city"))
    return {
        **kit.place(row),
        "cinemas": [
            {
                "cinema_id": c["id"],
                "name": c["name"],
                "address": c["address"],
                "screens": c["screens"],
                "ticket_price_usd": c["ticket_price_usd"],
            }
            for c in kit.table("cinemas")
            if c["city_id"] == row["id"]
        ],
    }


@kit.api("Cinema Programme", example=lambda: {"cinema_id": kit.table("cinemas")[0]["id"]})
def cinema_programme(cinema_id: str, date: str = ""):
    """Films and showtimes at one cinema on a day of the coming week.

    cinema_id: The cinema_id from Cinemas in City.
    date: Day as YYYY-MM-DD within the next 7 days; empty for today.
    """
    cinema = kit.get("cinemas", "id", str(cinema_id).strip(), "cinema", "Use Cinemas in City first.")
    when = _day(date)
    films = kit.index("films", "id")
    return {
        "cinema": cinema["name"],
        "date": when.isoformat(),
        "films": [
            {"film_id": e["film_id"], "title": films[e["film_id"]]["title"], "times": _times(cinema, e, when)}
            for e in cinema["schedule"]
        ],
    }


@kit.api(
    "Film Showtimes",
    example=lambda: {
        "film_id": kit.table("cinemas")[0]["schedule"][0]["film_id"],
        "city": kit.city(kit.table("cinemas")[0]["city_id"])["name"],
    },
)
def film_showtimes(film_id: str, city: str, date: str = ""):
    """Where and when a film plays in a city on a day of the coming week.

    film_id: Film id (the film_id of ReelBase Films or of Cinema Programme).
    city: City name.
    date: Day as YYYY-MM-DD within the next 7 days; empty for today.
    """
    film = kit.get("films", "id", str(film_id).strip(), "film")
    row = kit.city_named(kit.non_empty(city, "city"))
    when = _day(date)
    shows = [
        {"cinema_id": c["id"], "cinema": c["name"], "times": _times(c, e, when)}
        for c in kit.table("cinemas")
        if c["city_id"] == row["id"]
        for e in c["schedule"]
        if e["film_id"] == film["id"]
    ]
    return {"title": film["title"], **kit.place(row), "date": when.isoformat(), "showtimes": shows}
