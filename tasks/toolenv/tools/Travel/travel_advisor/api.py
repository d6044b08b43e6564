"""Travel Advisor: visa rules between countries, safety advisories and emergency numbers."""

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
    "tool_name": "Travel Advisor",
    "tool_description": "Visa requirements for a passport and destination, travel advisory levels and emergency numbers.",
}
STATUS_TEXT = {
    "visa_free": "No visa required",
    "e_visa": "Electronic visa (apply online before travel)",
    "visa_on_arrival": "Visa on arrival",
    "visa_required": "Visa required from an embassy",
}


@kit.api("Visa Requirements", example={"passport": "BR", "destination": "JP"})
def visa_requirements(passport: str, destination: str):
    """Whether a passport holder needs a visa for a destination, the longest stay and the fee.

    passport: Passport country (two-letter code or name).
    destination: Destination country (two-letter code or name).
    """
    origin, dest = (
        kit.country(kit.non_empty(passport, "passport")),
        kit.country(kit.non_empty(destination, "destination")),
    )
    kit.require(origin["code"] != dest["code"], "Passport and destination are the same country: no visa is needed.")
    rule = next(v for v in kit.table("visas") if v["from"] == origin["code"] and v["to"] == dest["code"])
    return {
        "passport": origin["name"],
        "destination": dest["name"],
        "requirement": STATUS_TEXT[rule["status"]],
        "max_stay_days": rule["max_stay_days"],
        "fee_usd": rule["fee_usd"],
    }


@kit.api("Travel Advisory", example={"country": "Kenya"})
def travel_advisory(country: str):
    """The advisory level (1 normal precautions to 4 do not travel) for a country and when it was last updated.

    country: Two-letter country code or country name.
    """
    row = kit.country(kit.non_empty(country, "country"))
    advisory = kit.index("advisories", "country_code")[row["code"]]
    return {
        "country": row["name"],
        "level": advisory["level"],
        "advice": advisory["advice"],
        "updated": advisory["updated"],
    }


@kit.api("Emergency Numbers", example={"country": "TH"})
def emergency_numbers(country: str):
    """Police, ambulance and fire phone numbers of a country.

    country: Two-letter country code or country name.
    """
    row = kit.country(kit.non_empty(country, "country"))
    numbers = kit.index("advisories", "country_code")[row["code"]]["emergency"]
    return {"country": row["name"], "calling_code": row["calling_code"], **numbers}


@kit.api("Countries by Advisory Level", example={"level": 2})
def countries_by_advisory_level(level: int):
    """Every country currently at an advisory level.

    level: Advisory level 1 (normal precautions) to 4 (do not travel).
    """
    kit.require(1 <= level <= 4, f"Invalid level {level}: levels run from 1 to 4.")
    names = kit.index("countries", "code")
    return {
        "level": level,
        "countries": sorted(names[a["country_code"]]["name"] for a in kit.table("advisories") if a["level"] == level),
    }
