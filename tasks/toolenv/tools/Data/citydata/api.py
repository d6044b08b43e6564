"""CityData: city search, city profiles and rankings by population."""

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
    "tool_name": "CityData",
    "tool_description": "City profiles: coordinates, population, elevation and time zone, with search and population rankings.",
}


@kit.api("Search Cities", example={"name": "San"})
def search_cities(name: str, country: str = ""):
    """Cities whose name contains the text, optionally within one country.

    name: Whole or partial city name.
    country: Two-letter country code or name; empty for all.
    """
    name = kit.non_empty(name, "name")
    code = kit.country(country)["code"] if str(country).strip() else ""
    return {
        "cities": [
            {"city_id": c["id"], "name": c["name"], "country_code": c["country_code"]}
            for c in kit.table("cities")
            if kit.contains(c["name"], name) and code in ("", c["country_code"])
        ]
    }


@kit.api("City Details", example=lambda: {"city_id": kit.table("cities")[0]["id"]})
def city_details(city_id: str):
    """Coordinates, population, elevation, UTC offset and capital status of a city.

    city_id: The city_id from Search Cities.
    """
    c = kit.get("cities", "id", str(city_id).strip(), "city", "Find city ids with Search Cities.")
    return {
        "city_id": c["id"],
        **kit.place(c),
        "latitude": c["lat"],
        "longitude": c["lon"],
        "population": c["population"],
        "elevation_m": c["elevation_m"],
        "utc_offset": c["utc_offset"],
        "is_capital": c["is_capital"],
    }


@kit.api("Largest Cities", example={"continent": "Asia"})
def largest_cities(continent: str, page: int = 1, limit: int = 10):
    """Cities ranked by population, on one continent or worldwide.

    continent: Africa, Asia, Europe, North America, South America, Oceania, or "all".
    page: Page number, starting at 1.
    limit: Cities per page (1-50).
    """
    continent = kit.non_empty(continent, "continent")
    countries = kit.index("countries", "code")
    rows = sorted(
        (
            c
            for c in kit.table("cities")
            if continent.lower() == "all" or countries[c["country_code"]]["continent"] == continent
        ),
        key=lambda c: (-c["population"], c["name"]),
    )
    kit.require(bool(rows), f"Unknown continent '{continent}'.")
    ranked = [{"rank": i + 1, **kit.place(c), "population": c["population"]} for i, c in enumerate(rows)]
    return kit.paginate(ranked, page, limit, key="cities")
