"""Venue Directory: arenas, halls and theatres and what is on there."""

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
    "tool_name": "Venue Directory",
    "tool_description": "Event venues by city with type and capacity, and the events each venue hosts.",
}


def _venue(venue_id):
    return kit.get("venues", "id", str(venue_id).strip(), "venue", "Find venues with Venues in City.")


@kit.api("Venues in City", example={"city": "Osaka"})
def venues_in_city(city: str):
    """Venues in a city with their ids, types and capacities.

    city: City name.
    """
    row = kit.city_named(kit.non_empty(city, "city"))
    return {
        **kit.place(row),
        "venues": [
            {"venue_id": v["id"], "name": v["name"], "type": v["type"], "capacity": v["capacity"]}
            for v in kit.table("venues")
            if v["city_id"] == row["id"]
        ],
    }


@kit.api("Venue Details", example=lambda: {"venue_id": kit.table("venues")[0]["id"]})
def venue_details(venue_id: str):
    """Address, type and capacity of a venue.

    venue_id: The venue_id from Venues in City.
    """
    v = _venue(venue_id)
    return {
        "venue_id": v["id"],
        "name": v["name"],
        "type": v["type"],
        "capacity": v["capacity"],
        "address": v["address"],
    }


@kit.api("Venue Events", example=lambda: {"venue_id": kit.table("events")[0]["venue_id"]})
def venue_events(venue_id: str):
    """Events at a venue in date order.

    venue_id: The venue_id from Venues in City.
    """
    v = _venue(venue_id)
    return {
        "venue": v["name"],
        "events": [
            {"event_id": e["id"], "name": e["name"], "date": e["date"], "status": e["status"]}
            for e in kit.table("events")
            if e["venue_id"] == v["id"]
        ],
    }


@kit.api("Largest Venues", example={"country": "US"})
def largest_venues(country: str, limit: int = 5):
    """The venues with the biggest capacity in a country.

    country: Two-letter country code or country name.
    limit: Number of venues (1-20).
    """
    code = kit.country(kit.non_empty(country, "country"))["code"]
    kit.require(1 <= limit <= 20, f"Invalid limit {limit}: choose 1 to 20.")
    rows = sorted(
        (v for v in kit.table("venues") if kit.city(v["city_id"])["country_code"] == code),
        key=lambda v: (-v["capacity"], v["name"]),
    )
    return {
        "country": code,
        "venues": [
            {"name": v["name"], "city": kit.city(v["city_id"])["name"], "capacity": v["capacity"]} for v in rows[:limit]
        ],
    }
