"""SkyRoute Flights: airports, scheduled flights with fares, flight status and airlines."""

from datetime import timedelta

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
    "tool_name": "SkyRoute Flights",
    "tool_description": "Look up airports, search scheduled flights with fares, check flight status and airlines.",
}
STATUSES = ["On time", "On time", "On time", "Delayed", "On time", "Boarding", "On time", "Delayed", "Cancelled"]


def _airport(code):
    return kit.get("airports", "iata", str(code).strip().upper(), "airport", "Find IATA codes with Search Airports.")


def _fare(route, when):
    return round(route["base_price_usd"] * (0.8 + kit.bucket(route["flight_number"], when, modulo=9) * 0.1), 2)


def _arrival(route):
    hours, minutes = map(int, route["departure_time"].split(":"))
    total = hours * 60 + minutes + route["duration_min"]
    return f"{total // 60 % 24:02d}:{total % 60:02d}" + (" (+1 day)" if total >= 24 * 60 else "")


@kit.api("Search Airports", example={"query": "Tokyo"})
def search_airports(query: str):
    """Airports whose city or name contains the text, with their IATA codes.

    query: City or airport name, e.g. "Tokyo".
    """
    query = kit.non_empty(query, "query")
    return {
        "airports": [
            {"iata": a["iata"], "name": a["name"], **kit.place(kit.city(a["city_id"]))}
            for a in kit.table("airports")
            if kit.contains(a["name"], query) or kit.contains(kit.city(a["city_id"])["name"], query)
        ]
    }


def _example(throttled_ok=True):
    """A documented call: a route that is not throttled, on a day it flies (the Monday after today + weekday)."""
    route = next(r for r in kit.table("routes") if throttled_ok or kit.bucket(r["flight_number"], modulo=7))
    monday = kit.today() + timedelta(days=8 - kit.today().isoweekday())
    when = monday + timedelta(days=route["weekdays"][0] - 1)
    return {
        "origin": route["from"],
        "destination": route["to"],
        "flight_number": route["flight_number"],
        "date": when.isoformat(),
    }


@kit.api("Search Flights", example=lambda: {k: v for k, v in _example().items() if k != "flight_number"})
def search_flights(origin: str, destination: str, date: str, max_price: float = 0):
    """Direct flights between two airports on a date, cheapest first, with the fare for that day.

    origin: Departure airport IATA code.
    destination: Arrival airport IATA code.
    date: Travel date as YYYY-MM-DD.
    max_price: Only fares up to this many US dollars; 0 for no limit.
    """
    start, end = _airport(origin), _airport(destination)
    when = kit.parse_date(date)
    kit.require(when >= kit.today(), f"Invalid date {when}: flights can be searched from {kit.today()} on.")
    found = []
    for r in kit.table("routes"):
        if r["from"] == start["iata"] and r["to"] == end["iata"] and when.isoweekday() in r["weekdays"]:
            fare = _fare(r, when.isoformat())
            if max_price <= 0 or fare <= max_price:
                found.append(
                    {
                        "flight_number": r["flight_number"],
                        "airline_code": r["airline_code"],
                        "departure": r["departure_time"],
                        "arrival": _arrival(r),
                        "duration_min": r["duration_min"],
                        "aircraft": r["aircraft"],
                        "price_usd": fare,
                    }
                )
    found.sort(key=lambda f: (f["price_usd"], f["flight_number"]))
    return {
        "origin": start["iata"],
        "destination": end["iata"],
        "date": when.isoformat(),
        "count": len(found),
        "flights": found,
    }


@kit.api("Flight Status", example=lambda: {k: v for k, v in _example(False).items() if k in ("flight_number", "date")})
def flight_status(flight_number: str, date: str):
    """Status of a flight on a date (on time, boarding, delayed, cancelled) with its gate. Popular flights are
    throttled.

    flight_number: Flight number such as "MW3826".
    date: Flight date as YYYY-MM-DD.
    """
    route = kit.get(
        "routes",
        "flight_number",
        str(flight_number).strip().upper(),
        "flight",
        "Find flight numbers with Search Flights.",
    )
    when = kit.parse_date(date)
    if when.isoweekday() not in route["weekdays"]:
        raise kit.ApiError(f"Flight {route['flight_number']} does not operate on {when} ({when.strftime('%A')}).", 404)
    if kit.bucket(route["flight_number"], modulo=7) == 0:
        return kit.too_many_requests("Status for this flight is limited to one request per hour; try again later.")
    status = STATUSES[kit.bucket(route["flight_number"], when.isoformat(), "status", modulo=len(STATUSES))]
    delay = (
        15 + 5 * kit.bucket(route["flight_number"], when.isoformat(), "delay", modulo=20) if status == "Delayed" else 0
    )
    return {
        "flight_number": route["flight_number"],
        "date": when.isoformat(),
        "status": status,
        "scheduled_departure": route["departure_time"],
        "delay_minutes": delay,
        "gate": f"{'ABCDE'[kit.bucket(route['flight_number'], modulo=5)]}{1 + kit.bucket(when.isoformat(), route['to'], modulo=40)}",
        "origin": route["from"],
        "destination": route["to"],
    }


@kit.api("Airline Info", example={"airline_code": "AU"})
def airline_info(airline_code: str):
    """Name, home country, alliance, fleet size and on-time rate of an airline.

    airline_code: Two-letter airline code, the first letters of a flight number.
    """
    a = kit.get("airlines", "code", str(airline_code).strip().upper(), "airline")
    return {
        "code": a["code"],
        "name": a["name"],
        "country": kit.country(a["country_code"])["name"],
        "alliance": a["alliance"],
        "fleet_size": a["fleet_size"],
        "founded": a["founded"],
        "on_time_rate": a["on_time_rate"],
    }
