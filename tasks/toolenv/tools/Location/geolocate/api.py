"""GeoLocate: geocoding, reverse geocoding, distances and nearby cities."""

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
    "tool_name": "GeoLocate",
    "tool_description": "Turn city names into coordinates and back, measure distances and find nearby cities.",
}


def _point(latitude, longitude):
    kit.require(-90 <= latitude <= 90, f"Invalid latitude {latitude}: it must lie between -90 and 90.")
    kit.require(-180 <= longitude <= 180, f"Invalid longitude {longitude}: it must lie between -180 and 180.")


@kit.api("Geocode City", example={"city": "Nairobi"})
def geocode_city(city: str):
    """Latitude and longitude of a city.

    city: City name.
    """
    c = kit.city_named(kit.non_empty(city, "city"))
    return {**kit.place(c), "latitude": c["lat"], "longitude": c["lon"]}


@kit.api("Reverse Geocode", example={"latitude": 48.85, "longitude": 2.35})
def reverse_geocode(latitude: float, longitude: float):
    """The nearest known city to a point and how far away it is.

    latitude: Latitude in degrees.
    longitude: Longitude in degrees.
    """
    _point(latitude, longitude)
    best = min(kit.table("cities"), key=lambda c: kit.distance_km(latitude, longitude, c["lat"], c["lon"]))
    return {**kit.place(best), "distance_km": round(kit.distance_km(latitude, longitude, best["lat"], best["lon"]), 1)}


@kit.api("Distance Between Points", example={"lat1": 51.51, "lon1": -0.13, "lat2": 48.86, "lon2": 2.35})
def distance_between_points(lat1: float, lon1: float, lat2: float, lon2: float, unit: str = "km"):
    """Great-circle distance between two points.

    lat1: Latitude of the first point.
    lon1: Longitude of the first point.
    lat2: Latitude of the second point.
    lon2: Longitude of the second point.
    unit: km or mi.
    """
    _point(lat1, lon1)
    _point(lat2, lon2)
    kit.require(unit in ("km", "mi"), f"Invalid unit '{unit}': use km or mi.")
    km = kit.distance_km(lat1, lon1, lat2, lon2)
    return {"distance": round(km if unit == "km" else km * 0.621371, 1), "unit": unit}


@kit.api("Nearby Cities", example={"city": "Milan"})
def nearby_cities(city: str, radius_km: int = 500):
    """Other cities within a radius of a city, nearest first.

    city: City name.
    radius_km: Search radius in kilometres (1-5000).
    """
    c = kit.city_named(kit.non_empty(city, "city"))
    kit.require(1 <= radius_km <= 5000, f"Invalid radius_km {radius_km}: choose 1 to 5000.")
    rows = sorted(
        (
            (round(kit.distance_km(c["lat"], c["lon"], o["lat"], o["lon"]), 1), o)
            for o in kit.table("cities")
            if o["id"] != c["id"]
        ),
        key=lambda x: x[0],
    )
    return {
        "city": c["name"],
        "radius_km": radius_km,
        "nearby": [{**kit.place(o), "distance_km": d} for d, o in rows if d <= radius_km],
    }
