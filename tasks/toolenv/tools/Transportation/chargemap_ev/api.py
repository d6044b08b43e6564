"""ChargeMap EV: electric-vehicle chargers, their connectors and charging costs."""

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
    "tool_name": "ChargeMap EV",
    "tool_description": "EV charging stations by city and operator, connector details, live status and charging cost estimates.",
}


def _charger(charger_id):
    return kit.get("chargers", "id", str(charger_id).strip(), "charger", "Find chargers with Chargers in City.")


@kit.api("Chargers in City", example={"city": "Oslo"})
def chargers_in_city(city: str, min_power_kw: int = 0, available_only: bool = False):
    """Charging stations in a city.

    city: City name.
    min_power_kw: Only stations with a connector of at least this power.
    available_only: Only stations whose status is Available when true.
    """
    row = kit.city_named(kit.non_empty(city, "city"))
    rows = [
        c
        for c in kit.table("chargers")
        if c["city_id"] == row["id"]
        and max(x["power_kw"] for x in c["connectors"]) >= min_power_kw
        and (c["status"] == "Available" or not available_only)
    ]
    return {
        **kit.place(row),
        "chargers": [
            {
                "charger_id": c["id"],
                "operator": c["operator"],
                "address": c["address"],
                "status": c["status"],
                "max_power_kw": max(x["power_kw"] for x in c["connectors"]),
            }
            for c in rows
        ],
    }


@kit.api("Charger Details", example=lambda: {"charger_id": kit.table("chargers")[0]["id"]})
def charger_details(charger_id: str):
    """Connectors (type, power, count), price per kWh, status and opening of a station.

    charger_id: The charger_id from Chargers in City.
    """
    c = _charger(charger_id)
    return {
        "charger_id": c["id"],
        "operator": c["operator"],
        "address": c["address"],
        "status": c["status"],
        "open_24h": c["open_24h"],
        "price_per_kwh_usd": c["price_per_kwh_usd"],
        "connectors": c["connectors"],
    }


@kit.api("Charging Cost", example=lambda: {"charger_id": kit.table("chargers")[0]["id"], "kwh": 40})
def charging_cost(charger_id: str, kwh: float):
    """Cost and time to charge an amount of energy at a station's fastest connector.

    charger_id: The charger_id from Chargers in City.
    kwh: Energy to charge in kWh (1-200).
    """
    c = _charger(charger_id)
    kit.require(1 <= kwh <= 200, f"Invalid kwh {kwh}: give 1 to 200.")
    power = max(x["power_kw"] for x in c["connectors"])
    return {
        "charger_id": c["id"],
        "kwh": kwh,
        "cost_usd": round(kwh * c["price_per_kwh_usd"], 2),
        "minutes_at_max_power": round(kwh / power * 60),
        "max_power_kw": power,
    }


@kit.api("Operators", example={"city": "Oslo"})
def operators(city: str):
    """Charging operators in a city and how many stations each runs there.

    city: City name.
    """
    row = kit.city_named(kit.non_empty(city, "city"))
    counts = {}
    for c in kit.table("chargers"):
        if c["city_id"] == row["id"]:
            counts[c["operator"]] = counts.get(c["operator"], 0) + 1
    return {"city": row["name"], "operators": [{"operator": o, "stations": counts[o]} for o in sorted(counts)]}
