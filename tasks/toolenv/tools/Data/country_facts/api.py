"""Country Facts: countries with capitals, currencies, languages, calling codes and their cities."""

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
    "tool_name": "Country Facts",
    "tool_description": "Facts about countries: capital, continent, currency, languages, calling code, area and cities.",
}


def _summary(c):
    return {"code": c["code"], "name": c["name"], "capital": c["capital"], "continent": c["continent"]}


@kit.api("List Countries", example={"continent": "Europe"})
def list_countries(continent: str, page: int = 1, limit: int = 20):
    """Countries of a continent (or all), by name, paged.

    continent: Africa, Asia, Europe, North America, South America, Oceania, or "all".
    page: Page number, starting at 1.
    limit: Countries per page (1-50).
    """
    continent = kit.non_empty(continent, "continent")
    known = sorted({c["continent"] for c in kit.table("countries")})
    kit.require(
        continent.lower() == "all" or continent in known,
        f"Unknown continent '{continent}'. Use: {', '.join(known)} or all.",
    )
    rows = sorted(
        (c for c in kit.table("countries") if continent.lower() == "all" or c["continent"] == continent),
        key=lambda c: c["name"],
    )
    return kit.paginate([_summary(c) for c in rows], page, limit, key="countries")


@kit.api("Country Details", example={"country": "Japan"})
def country_details(country: str):
    """Capital, currency, languages, calling code, population, area and GDP of a country.

    country: Two-letter country code or country name.
    """
    c = kit.country(kit.non_empty(country, "country"))
    return {
        **_summary(c),
        "currency": c["currency"],
        "languages": c["languages"],
        "calling_code": c["calling_code"],
        "population": c["population"],
        "area_km2": c["area_km2"],
        "gdp_usd_billion": c["gdp_usd_billion"],
        "utc_offset": c["utc_offset"],
    }


@kit.api("Countries by Currency", example={"currency": "EUR"})
def countries_by_currency(currency: str):
    """Countries that use a currency.

    currency: Three-letter currency code, e.g. EUR.
    """
    code = kit.non_empty(currency, "currency").upper()
    rows = [_summary(c) for c in kit.table("countries") if c["currency"] == code]
    if not rows:
        raise kit.ApiError(f"No country uses currency '{currency}'. Use a three-letter code such as EUR or JPY.", 404)
    return {"currency": code, "countries": rows}


@kit.api("Country Cities", example={"country": "BR"})
def country_cities(country: str):
    """The cities of a country in the database, largest first.

    country: Two-letter country code or country name.
    """
    c = kit.country(kit.non_empty(country, "country"))
    rows = sorted((x for x in kit.table("cities") if x["country_code"] == c["code"]), key=lambda x: -x["population"])
    return {
        "country": c["name"],
        "cities": [{"name": x["name"], "population": x["population"], "is_capital": x["is_capital"]} for x in rows],
    }
