"""ParcelTrack: package tracking, shipping quotes and carriers."""

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
    "tool_name": "ParcelTrack",
    "tool_description": "Track parcels across carriers, compare shipping quotes between cities and list carriers.",
}


@kit.api("Track Package", example=lambda: {"tracking_number": kit.table("packages")[0]["tracking_number"]})
def track_package(tracking_number: str):
    """Current status, estimated delivery and scan history of a parcel.

    tracking_number: The tracking number, e.g. "SW1234567890".
    """
    p = kit.get("packages", "tracking_number", kit.non_empty(tracking_number, "tracking_number").upper(), "package")
    return {
        "tracking_number": p["tracking_number"],
        "carrier": kit.index("carriers", "code")[p["carrier"]]["name"],
        "status": p["status"],
        "origin": kit.city(p["origin_city_id"])["name"],
        "destination": kit.city(p["destination_city_id"])["name"],
        "estimated_delivery": p["estimated_delivery"],
        "events": p["events"],
    }


@kit.api("Shipping Quote", example={"origin_city": "Berlin", "destination_city": "Madrid", "weight_kg": 2.5})
def shipping_quote(origin_city: str, destination_city: str, weight_kg: float):
    """Prices and delivery days from each carrier for a parcel between two cities, cheapest first.

    origin_city: City the parcel leaves from.
    destination_city: City it goes to.
    weight_kg: Parcel weight in kilograms (up to 30).
    """
    a, b = (
        kit.city_named(kit.non_empty(origin_city, "origin_city")),
        kit.city_named(kit.non_empty(destination_city, "destination_city")),
    )
    kit.require(0 < weight_kg <= 30, f"Invalid weight_kg {weight_kg}: parcels weigh more than 0 and at most 30 kg.")
    km = kit.distance_km(a["lat"], a["lon"], b["lat"], b["lon"])
    quotes = []
    for c in kit.table("carriers"):
        price = round((4 + 1.2 * weight_kg + km * 0.004) * c["price_factor"], 2)
        days = max(1, round((2 + km / 1500) / c["price_factor"]))
        quotes.append({"carrier": c["name"], "price_usd": price, "delivery_days": days})
    quotes.sort(key=lambda q: (q["price_usd"], q["carrier"]))
    return {
        "origin": a["name"],
        "destination": b["name"],
        "distance_km": round(km),
        "weight_kg": weight_kg,
        "quotes": quotes,
    }


@kit.api("List Carriers", example={"region": "worldwide"})
def list_carriers(region: str):
    """Carriers that ParcelTrack follows, with their tracking number prefixes.

    region: Only "worldwide" is supported.
    """
    kit.require(str(region).strip().lower() == "worldwide", f"Unknown region '{region}': use 'worldwide'.")
    return {
        "carriers": [
            {"code": c["code"], "name": c["name"], "tracking_prefix": c["tracking_prefix"]}
            for c in kit.table("carriers")
        ]
    }
