"""RoutePlanner: driving routes between cities with times and fuel costs."""

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
    "tool_name": "RoutePlanner",
    "tool_description": "Estimated driving distance and time between cities, fuel cost of a trip and the midpoint of a route.",
}
ROAD_FACTOR = 1.25  # roads are longer than the great circle


def _leg(origin, destination):
    a, b = kit.city_named(kit.non_empty(origin, "origin")), kit.city_named(kit.non_empty(destination, "destination"))
    kit.require(a["id"] != b["id"], "origin and destination must be different cities.")
    return a, b, kit.distance_km(a["lat"], a["lon"], b["lat"], b["lon"]) * ROAD_FACTOR


@kit.api("Driving Route", example={"origin": "Madrid", "destination": "Lisbon"})
def driving_route(origin: str, destination: str, avoid_tolls: bool = False):
    """Road distance and driving time between two cities (about 85 km/h, 75 km/h avoiding tolls).

    origin: Start city.
    destination: End city.
    avoid_tolls: Use slower toll-free roads when true.
    """
    a, b, km = _leg(origin, destination)
    speed = 75 if avoid_tolls else 85
    minutes = round(km / speed * 60)
    return {
        "origin": a["name"],
        "destination": b["name"],
        "distance_km": round(km),
        "duration_min": minutes,
        "duration": f"{minutes // 60} h {minutes % 60} min",
        "avoid_tolls": avoid_tolls,
    }


@kit.api(
    "Fuel Cost", example={"origin": "Madrid", "destination": "Lisbon", "liters_per_100km": 6.5, "price_per_liter": 1.7}
)
def fuel_cost(origin: str, destination: str, liters_per_100km: float, price_per_liter: float):
    """Fuel needed and its cost for driving between two cities.

    origin: Start city.
    destination: End city.
    liters_per_100km: The car's consumption.
    price_per_liter: Fuel price per litre.
    """
    kit.require(0 < liters_per_100km <= 50, f"Invalid liters_per_100km {liters_per_100km}.")
    kit.require(0 < price_per_liter <= 20, f"Invalid price_per_liter {price_per_liter}.")
    a, b, km = _leg(origin, destination)
    liters = round(round(km) * liters_per_100km / 100, 1)
    return {
        "origin": a["name"],
        "destination": b["name"],
        "distance_km": round(km),
        "fuel_liters": liters,
        "cost": round(liters * price_per_liter, 2),
    }


@kit.api("Route Midpoint", example={"origin": "Paris", "destination": "Berlin"})
def route_midpoint(origin: str, destination: str):
    """The geographic midpoint between two cities and the known city nearest to it.

    origin: Start city.
    destination: End city.
    """
    a, b, _ = _leg(origin, destination)
    lat, lon = round((a["lat"] + b["lat"]) / 2, 2), round((a["lon"] + b["lon"]) / 2, 2)
    near = min(kit.table("cities"), key=lambda c: kit.distance_km(lat, lon, c["lat"], c["lon"]))
    return {
        "midpoint": {"latitude": lat, "longitude": lon},
        "nearest_city": near["name"],
        "nearest_city_distance_km": round(kit.distance_km(lat, lon, near["lat"], near["lon"])),
    }
