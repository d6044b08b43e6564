"""Happenings: concerts, festivals, conferences and more, with tickets."""

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
    "tool_name": "Happenings",
    "tool_description": "Find events by city, date and type, read event details and ticket tiers with availability.",
}
TYPES = ["Concert", "Festival", "Conference", "Exhibition", "Theatre", "Comedy", "Sports", "Food Fair"]


def _event(event_id):
    return kit.get("events", "id", str(event_id).strip(), "event", "Find events with Search Events.")


def _summary(e):
    return {"event_id": e["id"], "name": e["name"], "type": e["type"], "date": e["date"], "status": e["status"]}


@kit.api("Search Events", example={"city": "London"})
def search_events(city: str, type: str = "", start_date: str = "", end_date: str = "", page: int = 1, limit: int = 10):
    """Events in a city in date order, from today unless a start date is given.

    city: City name.
    type: Concert, Festival, Conference, Exhibition, Theatre, Comedy, Sports or Food Fair; empty for all.
    start_date: First day (YYYY-MM-DD); empty for today.
    end_date: Last day (YYYY-MM-DD); empty for no limit.
    page: Page number, starting at 1.
    limit: Events per page (1-50).
    """
    row = kit.city_named(kit.non_empty(city, "city"))
    kit.require(type in ("", *TYPES), f"Invalid type '{type}': use {', '.join(TYPES)}.")
    low = kit.parse_date(start_date, "start_date").isoformat() if start_date else kit.today().isoformat()
    high = kit.parse_date(end_date, "end_date").isoformat() if end_date else "9999"
    found = [
        _summary(e)
        for e in kit.table("events")
        if e["city_id"] == row["id"] and type in ("", e["type"]) and low <= e["date"] <= high
    ]
    return {**kit.place(row), **kit.paginate(found, page, limit, key="events")}


@kit.api("Event Details", example=lambda: {"event_id": kit.table("events")[0]["id"]})
def event_details(event_id: str):
    """Venue, start time, organizer and performers of an event.

    event_id: The event_id from Search Events.
    """
    e = _event(event_id)
    artists = kit.index("artists", "id")
    return {
        **_summary(e),
        "venue": kit.index("venues", "id")[e["venue_id"]]["name"],
        "start_time": e["start_time"],
        "organizer": e["organizer"],
        "performers": [artists[a]["name"] for a in e["performers"]],
    }


@kit.api("Event Tickets", example=lambda: {"event_id": kit.table("events")[0]["id"]})
def event_tickets(event_id: str):
    """Ticket tiers with prices (US dollars) and remaining availability.

    event_id: The event_id from Search Events.
    """
    e = _event(event_id)
    if e["status"] == "Cancelled":
        raise kit.ApiError(f"Event {e['id']} was cancelled: no tickets are sold.", 410)
    sold_out = e["status"] == "Sold out"
    return {"event": e["name"], "tiers": [{**t, "available": 0 if sold_out else t["available"]} for t in e["tickets"]]}


@kit.api(
    "Events by Performer",
    example=lambda: {"artist_id": next(e["performers"][0] for e in kit.table("events") if e["performers"])},
)
def events_by_performer(artist_id: str):
    """Upcoming and recent events where an artist performs.

    artist_id: Artist id (from TuneVault Music's Search Artists).
    """
    artist = kit.get("artists", "id", str(artist_id).strip(), "artist")
    rows = [
        {**_summary(e), "city": kit.city(e["city_id"])["name"]}
        for e in kit.table("events")
        if artist["id"] in e["performers"]
    ]
    return {"artist": artist["name"], "events": rows}
