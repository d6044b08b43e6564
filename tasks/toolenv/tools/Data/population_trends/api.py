"""Population Trends: yearly population figures of countries, growth and rankings."""

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
    "tool_name": "Population Trends",
    "tool_description": "Yearly population of countries from 2015 to 2024, growth between years and rankings.",
}


def _series(country):
    c = kit.country(kit.non_empty(country, "country"))
    return c, c["population_history"]


def _at(c, series, year):
    value = series.get(str(year))
    if value is None:
        raise kit.ApiError(f"No population figure for {year}: years 2015 to 2024 are available.", 404)
    return value


@kit.api("Population by Year", example={"country": "Canada", "year": 2020})
def population_by_year(country: str, year: int):
    """A country's population in a year.

    country: Two-letter country code or country name.
    year: Year between 2015 and 2024.
    """
    c, series = _series(country)
    return {"country": c["name"], "year": year, "population": _at(c, series, year)}


@kit.api("Population Growth", example={"country": "India", "from_year": 2015, "to_year": 2024})
def population_growth(country: str, from_year: int, to_year: int):
    """Change in a country's population between two years, absolute and in percent.

    country: Two-letter country code or country name.
    from_year: First year (2015-2024).
    to_year: Last year (2015-2024).
    """
    c, series = _series(country)
    a, b = _at(c, series, from_year), _at(c, series, to_year)
    return {
        "country": c["name"],
        "from_year": from_year,
        "to_year": to_year,
        "change": b - a,
        "change_percent": round((b - a) / a * 100, 2),
    }


@kit.api("Most Populous Countries", example={"year": 2024})
def most_populous_countries(year: int, limit: int = 10):
    """Countries ranked by population in a year.

    year: Year between 2015 and 2024.
    limit: Number of countries (1-50).
    """
    kit.require(1 <= limit <= 50, f"Invalid limit {limit}: choose between 1 and 50.")
    rows = [(c, _at(c, c["population_history"], year)) for c in kit.table("countries")]
    rows.sort(key=lambda x: (-x[1], x[0]["name"]))
    return {
        "year": year,
        "countries": [{"rank": i + 1, "country": c["name"], "population": p} for i, (c, p) in enumerate(rows[:limit])],
    }
