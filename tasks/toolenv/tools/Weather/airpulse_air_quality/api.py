"""AirPulse Air Quality: air quality index, pollutant levels and pollen for cities."""

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
    "tool_name": "AirPulse Air Quality",
    "tool_description": "Air quality index (AQI), pollutant concentrations, city rankings and pollen levels.",
}
BANDS = [
    (50, "Good"),
    (100, "Moderate"),
    (150, "Unhealthy for sensitive groups"),
    (200, "Unhealthy"),
    (300, "Very unhealthy"),
    (10_000, "Hazardous"),
]
POLLEN_WORDS = ["None", "Very low", "Low", "Moderate", "High", "Very high"]


def _band(aqi):
    return next(label for limit, label in BANDS if aqi <= limit)


def _reading(city_name):
    city = kit.city_named(kit.non_empty(city_name, "city"))
    return city, kit.index("air_quality", "city_id")[city["id"]]


@kit.api("Air Quality by City", example={"city": "Lisbon"})
def air_quality_by_city(city: str):
    """Today's air quality index with its health category, the dominant pollutant and every pollutant level.

    city: City name, e.g. "Lisbon".
    """
    row, reading = _reading(city)
    units = {p["code"]: p["unit"] for p in kit.table("pollutants")}
    return {
        **kit.place(row),
        "date": kit.today().isoformat(),
        "aqi": reading["aqi"],
        "category": _band(reading["aqi"]),
        "dominant_pollutant": reading["dominant_pollutant"],
        "pollutants": [
            {"code": code, "value": value, "unit": units[code]} for code, value in reading["pollutants"].items()
        ],
    }


@kit.api("Pollutant Info", example={"code": "pm25"})
def pollutant_info(code: str):
    """What a pollutant code stands for and the unit its levels are given in.

    code: Pollutant code as used in Air Quality by City: pm25, pm10, o3, no2, so2 or co.
    """
    known = kit.index("pollutants", "code")
    wanted = str(code).strip().lower().replace(".", "")
    kit.require(wanted in known, f"Unknown pollutant code '{code}'. Known codes: {', '.join(known)}.")
    return known[wanted]


@kit.api("Cleanest Cities", example={"country": "all"})
def cleanest_cities(country: str, page: int = 1, limit: int = 10):
    """Cities ranked from the cleanest air (lowest AQI) to the most polluted, worldwide or within one country.

    country: Two-letter country code or country name, or "all" for every country.
    page: Page number, starting at 1.
    limit: Cities per page (1-50).
    """
    cities = kit.table("cities")
    if kit.non_empty(country, "country").lower() != "all":
        code = kit.country(country)["code"]
        cities = [c for c in cities if c["country_code"] == code]
    readings = kit.index("air_quality", "city_id")
    ranked = sorted(cities, key=lambda c: (readings[c["id"]]["aqi"], c["name"]))
    rows = [{"rank": i + 1, **kit.place(c), "aqi": readings[c["id"]]["aqi"]} for i, c in enumerate(ranked)]
    return kit.paginate(rows, page, limit, key="cities")


@kit.api("Pollen Forecast", example={"city": "Lisbon"})
def pollen_forecast(city: str):
    """Today's grass, tree and weed pollen levels on a 0-5 scale with a word for each.

    city: City name, e.g. "Madrid".
    """
    row, reading = _reading(city)
    return {
        **kit.place(row),
        "date": kit.today().isoformat(),
        "pollen": [
            {"type": kind, "level": level, "description": POLLEN_WORDS[level]}
            for kind, level in reading["pollen"].items()
        ],
    }
