"""Planet Facts: the eight planets of the Solar System."""

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
    "tool_name": "Planet Facts",
    "tool_description": "Size, distance from the Sun, day and year length and moons of the Solar System's planets.",
}


def _planet(name):
    wanted = kit.fold(kit.non_empty(name, "planet"))
    for p in kit.table("planets"):
        if kit.fold(p["name"]) == wanted:
            return p
    raise kit.ApiError(f"Unknown planet '{name}'. Planets: {', '.join(p['name'] for p in kit.table('planets'))}.", 404)


@kit.api("Planet Details", example={"planet": "Mars"})
def planet_details(planet: str):
    """Mean distance from the Sun, diameter, length of day and year, and number of known moons.

    planet: Planet name.
    """
    return _planet(planet)


@kit.api("List Planets", example={"order": "distance"})
def list_planets(order: str):
    """All planets ordered by distance from the Sun, diameter or number of moons.

    order: distance, diameter or moons.
    """
    keys = {"distance": "distance_from_sun_million_km", "diameter": "diameter_km", "moons": "moons"}
    kit.require(order in keys, f"Invalid order '{order}': use distance, diameter or moons.")
    reverse = order != "distance"
    rows = sorted(kit.table("planets"), key=lambda p: p[keys[order]], reverse=reverse)
    return {"order": order, "planets": [{"name": p["name"], keys[order]: p[keys[order]]} for p in rows]}


@kit.api("Compare Planets", example={"planet_a": "Earth", "planet_b": "Jupiter"})
def compare_planets(planet_a: str, planet_b: str):
    """How two planets compare: diameter ratio, distance between their orbits and difference in moons.

    planet_a: First planet.
    planet_b: Second planet.
    """
    a, b = _planet(planet_a), _planet(planet_b)
    return {
        "planet_a": a["name"],
        "planet_b": b["name"],
        "diameter_ratio": round(b["diameter_km"] / a["diameter_km"], 2),
        "orbit_gap_million_km": round(abs(b["distance_from_sun_million_km"] - a["distance_from_sun_million_km"]), 1),
        "moons_difference": b["moons"] - a["moons"],
    }


@kit.api("Light Travel Time", example={"planet": "Neptune"})
def light_travel_time(planet: str):
    """How long sunlight takes to reach a planet at its mean distance from the Sun.

    planet: Planet name.
    """
    p = _planet(planet)
    seconds = p["distance_from_sun_million_km"] * 1e6 / 299792.458
    return {"planet": p["name"], "seconds": round(seconds), "minutes": round(seconds / 60, 1)}
