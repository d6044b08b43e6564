"""RailPlanner: train stations, departures and fares within countries."""

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
    "tool_name": "RailPlanner",
    "tool_description": "Train stations, timetabled departures between cities of the same country, and fares by class.",
}


def _station(station_id, name):
    return kit.get(
        "stations", "id", kit.non_empty(station_id, name).upper(), "station", "Find station ids with Search Stations."
    )


def _service(origin, destination):
    a, b = _station(origin, "origin"), _station(destination, "destination")
    service = next((s for s in kit.table("rail_services") if s["from"] == a["id"] and s["to"] == b["id"]), None)
    if service is None:
        raise kit.ApiError(f"No direct train from {a['name']} to {b['name']}: services run within one country.", 404)
    return a, b, service


@kit.api("Search Stations", example={"city": "Milan"})
def search_stations(city: str):
    """Train stations whose city or name contains the text.

    city: City or station name.
    """
    query = kit.non_empty(city, "city")
    return {
        "stations": [
            {"station_id": s["id"], "name": s["name"], "city": kit.city(s["city_id"])["name"]}
            for s in kit.table("stations")
            if kit.contains(s["name"], query)
        ]
    }


@kit.api("Station Details", example=lambda: {"station_id": kit.table("stations")[0]["id"]})
def station_details(station_id: str):
    """Platforms of a station and the cities it has direct trains to.

    station_id: The station_id from Search Stations.
    """
    s = _station(station_id, "station_id")
    stations = kit.index("stations", "id")
    return {
        "station_id": s["id"],
        "name": s["name"],
        "platforms": s["platforms"],
        "direct_to": [
            kit.city(stations[x["to"]]["city_id"])["name"] for x in kit.table("rail_services") if x["from"] == s["id"]
        ],
    }


@kit.api(
    "Departures",
    example=lambda: {
        "origin": kit.table("rail_services")[0]["from"],
        "destination": kit.table("rail_services")[0]["to"],
    },
)
def departures(origin: str, destination: str, after: str = "00:00"):
    """Daily departures between two stations after a time, with arrival times and operator.

    origin: Departure station_id.
    destination: Arrival station_id.
    after: Earliest departure as HH:MM.
    """
    a, b, service = _service(origin, destination)
    kit.require(len(after) == 5 and after[2] == ":", f"Invalid after '{after}': use HH:MM.")

    def arrive(t):
        total = int(t[:2]) * 60 + int(t[3:]) + service["duration_min"]
        return f"{total // 60 % 24:02d}:{total % 60:02d}"

    return {
        "from": a["name"],
        "to": b["name"],
        "operator": service["operator"],
        "duration_min": service["duration_min"],
        "departures": [{"departs": t, "arrives": arrive(t)} for t in service["departures"] if t >= after],
    }


@kit.api(
    "Journey Fare",
    example=lambda: {
        "origin": kit.table("rail_services")[0]["from"],
        "destination": kit.table("rail_services")[0]["to"],
    },
)
def journey_fare(origin: str, destination: str, travel_class: str = "second", passengers: int = 1):
    """Fare in US dollars between two stations (first class costs 1.6 times second).

    origin: Departure station_id.
    destination: Arrival station_id.
    travel_class: first or second.
    passengers: Number of passengers (1-9).
    """
    a, b, service = _service(origin, destination)
    kit.require(travel_class in ("first", "second"), f"Invalid travel_class '{travel_class}': use first or second.")
    kit.require(1 <= passengers <= 9, f"Invalid passengers {passengers}: give 1 to 9.")
    each = round(service["fare_second_usd"] * (1.6 if travel_class == "first" else 1), 2)
    return {
        "from": a["name"],
        "to": b["name"],
        "class": travel_class,
        "fare_per_passenger_usd": each,
        "total_usd": round(each * passengers, 2),
        "distance_km": service["distance_km"],
    }
