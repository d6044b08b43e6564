"""World Clock: the current time in cities and conversions between their time zones."""

import importlib.util
import sys
from datetime import datetime, timedelta
from pathlib import Path

_KIT = str(Path(__file__).resolve().parents[3] / "_lib" / "toolkit.py")
if _KIT not in sys.modules:  # the shared toolkit, loaded by path (see _lib/toolkit.py)
    _spec = importlib.util.spec_from_file_location("toolenv_toolkit", _KIT)
    _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)  # published only when complete: tools load in parallel threads
    sys.modules.setdefault(_KIT, _module)
kit = sys.modules[_KIT]

TOOL = {
    "tool_name": "World Clock",
    "tool_description": "Current local time in a city, conversion of a time between two cities, and time differences.",
}
NOW_UTC = "12:00"  # the world's clock stands at noon UTC on its today


def _offset(city):
    c = kit.city_named(kit.non_empty(city, "city"))
    return c, c["utc_offset"]


def _label(offset):
    hours, minutes = int(abs(offset)), int(round(abs(offset) % 1 * 60))
    return f"UTC{'+' if offset >= 0 else '-'}{hours:02d}:{minutes:02d}"


@kit.api("Current Time", example={"city": "Tokyo"})
def current_time(city: str):
    """The local date and time in a city now, with its UTC offset.

    city: City name.
    """
    c, offset = _offset(city)
    now = datetime.combine(kit.today(), datetime.strptime(NOW_UTC, "%H:%M").time()) + timedelta(hours=offset)
    return {
        "city": c["name"],
        "local_time": now.strftime("%Y-%m-%d %H:%M"),
        "weekday": now.strftime("%A"),
        "utc_offset": _label(offset),
    }


@kit.api("Convert Time", example={"time": "2025-06-20 09:30", "from_city": "New York", "to_city": "Berlin"})
def convert_time(time: str, from_city: str, to_city: str):
    """What a local time in one city is in another city.

    time: Local time in from_city as "YYYY-MM-DD HH:MM".
    from_city: City the time is given in.
    to_city: City to convert to.
    """
    try:
        moment = datetime.strptime(kit.non_empty(time, "time"), "%Y-%m-%d %H:%M")
    except ValueError:
        raise kit.ApiError(f"Invalid time '{time}': use the format YYYY-MM-DD HH:MM.") from None
    a, oa = _offset(from_city)
    b, ob = _offset(to_city)
    converted = moment + timedelta(hours=ob - oa)
    return {
        "from": {"city": a["name"], "time": moment.strftime("%Y-%m-%d %H:%M"), "utc_offset": _label(oa)},
        "to": {"city": b["name"], "time": converted.strftime("%Y-%m-%d %H:%M"), "utc_offset": _label(ob)},
    }


@kit.api("Time Difference", example={"city_a": "London", "city_b": "Sydney"})
def time_difference(city_a: str, city_b: str):
    """How many hours city_b is ahead of city_a (negative when behind).

    city_a: First city.
    city_b: Second city.
    """
    a, oa = _offset(city_a)
    b, ob = _offset(city_b)
    diff = ob - oa
    return {
        "city_a": a["name"],
        "city_b": b["name"],
        "hours_ahead": diff,
        "summary": f"{b['name']} is {abs(diff):g} hours {'ahead of' if diff >= 0 else 'behind'} {a['name']}",
    }
