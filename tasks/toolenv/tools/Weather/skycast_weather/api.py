"""SkyCast Weather: current conditions, forecasts and recent history by location key."""

import importlib.util
import math
import sys
from datetime import timedelta
from pathlib import Path

_KIT = str(Path(__file__).resolve().parents[3] / "_lib" / "toolkit.py")
if _KIT not in sys.modules:  # the shared toolkit, loaded by path (see _lib/toolkit.py)
    _spec = importlib.util.spec_from_file_location("toolenv_toolkit", _KIT)
    _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)  # published only when complete: tools load in parallel threads
    sys.modules.setdefault(_KIT, _module)
kit = sys.modules[_KIT]

TOOL = {
    "tool_name": "SkyCast Weather",
    "tool_description": "Current weather, daily and hourly forecasts and recent history for cities worldwide.",
}
LOOKUP_HINT = "Find the location key with Search Locations first."


def _location(location_key):
    row = kit.index("cities", "weather_key").get(str(location_key).strip())
    if row is None:
        raise kit.ApiError(f"No location found with location_key '{location_key}'. {LOOKUP_HINT}", 404)
    return row, kit.index("weather", "city_id")[row["id"]]


def _units(units):
    kit.require(units in ("metric", "imperial"), f"Invalid units '{units}': use 'metric' or 'imperial'.")
    return units == "imperial"


def _temp(celsius, imperial):
    return round(celsius * 9 / 5 + 32, 1) if imperial else celsius


def _speed(kph, imperial):
    return round(kph * 0.621371, 1) if imperial else kph


def _unit_block(imperial):
    return {"temperature": "°F" if imperial else "°C", "wind_speed": "mph" if imperial else "km/h"}


def _day(weather, when):
    for row in weather["days"]:
        if row["date"] == when:
            return row
    return None


@kit.api("Search Locations", example={"query": "Lisbon"})
def search_locations(query: str, limit: int = 5):
    """Find cities by name. Every other endpoint takes the location_key returned here.

    query: Whole or partial city name, e.g. "San" or "Lisbon".
    limit: Maximum number of matches to return (1-20).
    """
    query = kit.non_empty(query, "query")
    kit.require(1 <= limit <= 20, f"Invalid limit {limit}: choose between 1 and 20.")
    found = [c for c in kit.table("cities") if kit.contains(c["name"], query)]
    return {
        "count": len(found[:limit]),
        "results": [
            {
                "location_key": c["weather_key"],
                "name": c["name"],
                "country_code": c["country_code"],
                "latitude": c["lat"],
                "longitude": c["lon"],
            }
            for c in found[:limit]
        ],
    }


@kit.api("Current Weather", example={"location_key": "260819"})
def current_weather(location_key: str, units: str = "metric"):
    """Current conditions (temperature, feels-like, humidity, wind, UV index, pressure) for a location.

    location_key: The location key from Search Locations.
    units: "metric" (°C, km/h) or "imperial" (°F, mph).
    """
    imperial = _units(units)
    city, weather = _location(location_key)
    now = weather["current"]
    return {
        "location": kit.place(city),
        "observed_at": now["observed_at"],
        "condition": now["condition"],
        "temperature": _temp(now["temp_c"], imperial),
        "feels_like": _temp(now["feels_like_c"], imperial),
        "humidity": now["humidity"],
        "wind_speed": _speed(now["wind_kph"], imperial),
        "uv_index": now["uv_index"],
        "pressure_hpa": now["pressure_hpa"],
        "units": _unit_block(imperial),
    }


@kit.api("Daily Forecast", example={"location_key": "260819"})
def daily_forecast(location_key: str, days: int = 3, units: str = "metric"):
    """Daily forecast from today: minimum and maximum temperature, condition and chance of precipitation.

    location_key: The location key from Search Locations.
    days: Number of days to return, 1-14 (today counts as the first day).
    units: "metric" (°C) or "imperial" (°F).
    """
    imperial = _units(units)
    kit.require(1 <= days <= 14, f"Invalid days {days}: the forecast covers 1 to 14 days.")
    city, weather = _location(location_key)
    today = kit.today().isoformat()
    upcoming = [d for d in weather["days"] if d["date"] >= today][:days]
    return {
        "location": kit.place(city),
        "units": _unit_block(imperial),
        "forecast": [
            {
                "date": d["date"],
                "condition": d["condition"],
                "min_temp": _temp(d["min_c"], imperial),
                "max_temp": _temp(d["max_c"], imperial),
                "precipitation_chance": d["precip_chance"],
                "precipitation_mm": d["precip_mm"],
            }
            for d in upcoming
        ],
    }


@kit.api("Hourly Forecast", example={"location_key": "260819"})
def hourly_forecast(location_key: str, date: str = "", units: str = "metric"):
    """Hour-by-hour temperatures for one forecast day. Served by a separate backend that is down for some
    locations; Daily Forecast covers the same days.

    location_key: The location key from Search Locations.
    date: Forecast day as YYYY-MM-DD (today up to 13 days ahead); empty means today.
    units: "metric" (°C) or "imperial" (°F).
    """
    imperial = _units(units)
    city, weather = _location(location_key)
    when = kit.parse_date(date) if date else kit.today()
    kit.require(
        kit.today() <= when <= kit.today() + timedelta(days=13),
        f"Invalid date '{when}': hourly forecasts cover {kit.today()} to {kit.today() + timedelta(days=13)}.",
    )
    if kit.bucket(location_key, modulo=6) == 0:
        return kit.not_working("The hourly forecast backend is unavailable for this location; use Daily Forecast.")
    row = _day(weather, when.isoformat())
    low, high = row["min_c"], row["max_c"]
    hours = [
        {
            "time": f"{hour:02d}:00",
            "temperature": _temp(
                round(
                    low + (high - low) * (1 - math.cos(math.pi * max(0, hour - 5) / 10)) / 2
                    if hour <= 15
                    else high - (high - low) * (hour - 15) / 9,
                    1,
                ),
                imperial,
            ),
        }
        for hour in range(24)
    ]
    return {
        "location": kit.place(city),
        "date": when.isoformat(),
        "condition": row["condition"],
        "units": _unit_block(imperial),
        "hours": hours,
    }


@kit.api("Weather History", example={"location_key": "260819", "date": "2025-06-10"})
def weather_history(location_key: str, date: str, units: str = "metric"):
    """Observed weather for one past day within the last 20 days.

    location_key: The location key from Search Locations.
    date: The day as YYYY-MM-DD.
    units: "metric" (°C, km/h) or "imperial" (°F, mph).
    """
    imperial = _units(units)
    city, weather = _location(location_key)
    when = kit.parse_date(date)
    first = kit.today() - timedelta(days=20)
    kit.require(
        first <= when < kit.today(),
        f"No history for {when}: history covers {first} to the day before "
        f"{kit.today()}; use Daily Forecast for today and later.",
    )
    row = _day(weather, when.isoformat())
    return {
        "location": kit.place(city),
        "date": row["date"],
        "condition": row["condition"],
        "min_temp": _temp(row["min_c"], imperial),
        "max_temp": _temp(row["max_c"], imperial),
        "precipitation_mm": row["precip_mm"],
        "humidity": row["humidity"],
        "wind_speed": _speed(row["wind_kph"], imperial),
        "units": _unit_block(imperial),
    }
