"""CityGuide Attractions: sights, museums, parks and markets with prices and opening hours."""

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
    "tool_name": "CityGuide Attractions",
    "tool_description": "Find things to see in a city, with ratings, ticket prices, opening hours and closing days.",
}
TYPES = ("Museum", "Park", "Landmark", "Market")


def _summary(a):
    return {
        "attraction_id": a["id"],
        "name": a["name"],
        "type": a["type"],
        "rating": a["rating"],
        "ticket_price_usd": a["ticket_price_usd"],
    }


@kit.api("Search Attractions", example={"city": "Kyoto"})
def search_attractions(city: str, type: str = "", page: int = 1, limit: int = 10):
    """Attractions in a city, best rated first, optionally of one type.

    city: City name.
    type: Museum, Park, Landmark or Market; empty for all.
    page: Page number, starting at 1.
    limit: Attractions per page (1-50).
    """
    row = kit.city_named(kit.non_empty(city, "city"))
    kit.require(type in ("", *TYPES), f"Invalid type '{type}': use {', '.join(TYPES)}.")
    found = sorted(
        (a for a in kit.table("attractions") if a["city_id"] == row["id"] and type in ("", a["type"])),
        key=lambda a: (-a["rating"], a["name"]),
    )
    return {**kit.place(row), **kit.paginate([_summary(a) for a in found], page, limit, key="attractions")}


@kit.api("Attraction Details", example=lambda: {"attraction_id": kit.table("attractions")[0]["id"]})
def attraction_details(attraction_id: str):
    """Opening hours, closing day, ticket price and typical visit length of one attraction.

    attraction_id: The attraction_id from Search Attractions.
    """
    a = kit.get("attractions", "id", str(attraction_id).strip(), "attraction", "Use Search Attractions first.")
    return {
        **_summary(a),
        **kit.place(kit.city(a["city_id"])),
        "opening_hours": a["opening_hours"],
        "closed_on": a["closed_on"],
        "typical_visit_minutes": a["visit_minutes"],
    }


@kit.api("Free Attractions", example={"country": "JP"})
def free_attractions(country: str):
    """Attractions with free entry across a country's cities.

    country: Two-letter country code or country name.
    """
    code = kit.country(kit.non_empty(country, "country"))["code"]
    rows = [
        {**_summary(a), "city": kit.city(a["city_id"])["name"]}
        for a in kit.table("attractions")
        if a["ticket_price_usd"] == 0 and kit.city(a["city_id"])["country_code"] == code
    ]
    return {"country": code, "count": len(rows), "attractions": rows}
