"""StayFinder Hotels: destinations, hotel search with paging, details, reviews and room availability."""

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
    "tool_name": "StayFinder Hotels",
    "tool_description": "Search hotels by destination, read details and guest reviews, and check room prices.",
}
SORTS = {
    "popularity": lambda h: (-h["review_count"], h["name"]),
    "price": lambda h: (h["price_per_night_usd"], h["name"]),
    "rating": lambda h: (-h["rating"], h["name"]),
    "stars": lambda h: (-h["stars"], h["name"]),
}


def _hotel(hotel_id):
    return kit.get("hotels", "id", str(hotel_id).strip(), "hotel", "Search hotels with Search Hotels first.")


def _summary(h):
    return {
        "hotel_id": h["id"],
        "name": h["name"],
        "stars": h["stars"],
        "rating": h["rating"],
        "review_count": h["review_count"],
        "price_per_night_usd": h["price_per_night_usd"],
    }


@kit.api("Search Destinations", example={"query": "Rome"})
def search_destinations(query: str):
    """Find destinations by city name; Search Hotels takes the returned dest_id.

    query: Whole or partial city name.
    """
    query = kit.non_empty(query, "query")
    found = [c for c in kit.table("cities") if kit.contains(c["name"], query)]
    return [
        {
            "dest_id": c["dest_id"],
            "dest_type": "city",
            "label": f"{c['name']}, {kit.place(c)['country']}",
            "hotels": sum(h["city_id"] == c["id"] for h in kit.table("hotels")),
        }
        for c in found[:10]
    ]


@kit.api("Search Hotels", example=lambda: {"dest_id": kit.table("cities")[0]["dest_id"]})
def search_hotels(dest_id: str, sort_by: str = "popularity", min_stars: int = 0, page: int = 1, limit: int = 10):
    """Hotels in a destination, sorted and paged.

    dest_id: Destination id from Search Destinations.
    sort_by: popularity, price (cheapest first), rating or stars.
    min_stars: Only hotels with at least this many stars (0-5).
    page: Page number, starting at 1.
    limit: Hotels per page (1-50).
    """
    city = kit.get("cities", "dest_id", str(dest_id).strip(), "destination", "Look it up with Search Destinations.")
    kit.require(sort_by in SORTS, f"Invalid sort_by '{sort_by}': use {', '.join(SORTS)}.")
    kit.require(0 <= min_stars <= 5, f"Invalid min_stars {min_stars}: choose 0 to 5.")
    found = sorted(
        (h for h in kit.table("hotels") if h["city_id"] == city["id"] and h["stars"] >= min_stars), key=SORTS[sort_by]
    )
    return {"destination": kit.place(city), **kit.paginate([_summary(h) for h in found], page, limit, key="hotels")}


@kit.api("Hotel Details", example=lambda: {"hotel_id": kit.table("hotels")[0]["id"]})
def hotel_details(hotel_id: str):
    """Address, amenities, check-in and check-out times and room types of a hotel.

    hotel_id: The hotel_id from Search Hotels.
    """
    h = _hotel(hotel_id)
    return {
        **_summary(h),
        "address": h["address"],
        **kit.place(kit.city(h["city_id"])),
        "amenities": h["amenities"],
        "checkin_from": h["checkin_time"],
        "checkout_until": h["checkout_time"],
        "room_types": [
            {"type": r["type"], "max_guests": r["capacity"], "price_usd": r["price_usd"]} for r in h["rooms"]
        ],
    }


@kit.api("Hotel Reviews", example=lambda: {"hotel_id": kit.table("hotels")[0]["id"]})
def hotel_reviews(hotel_id: str, page: int = 1, limit: int = 5):
    """Guest reviews of a hotel, newest first.

    hotel_id: The hotel_id from Search Hotels.
    page: Page number, starting at 1.
    limit: Reviews per page (1-20).
    """
    h = _hotel(hotel_id)
    rows = sorted(
        (r for r in kit.table("hotel_reviews") if r["hotel_id"] == h["id"]), key=lambda r: r["date"], reverse=True
    )
    reviews = [
        {"review_id": r["id"], "author": r["author"], "rating": r["rating"], "date": r["date"], "title": r["title"]}
        for r in rows
    ]
    return {"hotel_id": h["id"], **kit.paginate(reviews, page, limit, key="reviews", max_limit=20)}


@kit.api("Room Availability", example=lambda: {"hotel_id": kit.table("hotels")[0]["id"], "checkin": "2025-07-01"})
def room_availability(hotel_id: str, checkin: str, nights: int = 1, guests: int = 2):
    """Rooms of a hotel that fit the guests for the stay, with the total price; some nights are sold out.

    hotel_id: The hotel_id from Search Hotels.
    checkin: Arrival date as YYYY-MM-DD (today or later).
    nights: Number of nights (1-30).
    guests: Number of guests (1-4).
    """
    h = _hotel(hotel_id)
    start = kit.parse_date(checkin, "checkin")
    kit.require(start >= kit.today(), f"Invalid checkin {start}: it must be {kit.today()} or later.")
    kit.require(1 <= nights <= 30, f"Invalid nights {nights}: choose 1 to 30.")
    kit.require(1 <= guests <= 4, f"Invalid guests {guests}: rooms take 1 to 4 guests.")
    stay = [start + timedelta(days=i) for i in range(nights)]
    rooms = []
    for room in h["rooms"]:
        if room["capacity"] < guests:
            continue
        free = all(kit.bucket(h["id"], room["type"], night.isoformat(), modulo=5) != 0 for night in stay)
        rooms.append(
            {
                "type": room["type"],
                "available": free,
                "price_per_night_usd": room["price_usd"],
                "total_price_usd": round(room["price_usd"] * nights, 2),
            }
        )
    return {
        "hotel_id": h["id"],
        "checkin": start.isoformat(),
        "checkout": (start + timedelta(days=nights)).isoformat(),
        "nights": nights,
        "guests": guests,
        "rooms": rooms,
    }
