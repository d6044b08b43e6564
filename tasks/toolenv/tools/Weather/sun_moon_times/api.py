"""Sun & Moon Times: sunrise, sunset, day length and moon phase computed for any place and date."""

import importlib.util
import math
import sys
from datetime import date as _date
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
    "tool_name": "Sun & Moon Times",
    "tool_description": "Computes sunrise, sunset and day length from coordinates, and the moon phase for a date.",
}
NEW_MOON = datetime(2000, 1, 6, 18, 14)  # a reference new moon (UTC)
SYNODIC_DAYS = 29.530588853
PHASES = [
    "New Moon",
    "Waxing Crescent",
    "First Quarter",
    "Waxing Gibbous",
    "Full Moon",
    "Waning Gibbous",
    "Last Quarter",
    "Waning Crescent",
]


def _coordinates(latitude, longitude):
    kit.require(-90 <= latitude <= 90, f"Invalid latitude {latitude}: it must lie between -90 and 90.")
    kit.require(-180 <= longitude <= 180, f"Invalid longitude {longitude}: it must lie between -180 and 180.")


def _solar(latitude, longitude, when):
    """Sunrise and sunset in UTC hours (NOAA's simplified equations), or None in polar day or night."""
    n = when.timetuple().tm_yday
    gamma = 2 * math.pi / 365 * (n - 1)
    eq_time = 229.18 * (
        0.000075
        + 0.001868 * math.cos(gamma)
        - 0.032077 * math.sin(gamma)
        - 0.014615 * math.cos(2 * gamma)
        - 0.040849 * math.sin(2 * gamma)
    )
    decl = (
        0.006918
        - 0.399912 * math.cos(gamma)
        + 0.070257 * math.sin(gamma)
        - 0.006758 * math.cos(2 * gamma)
        + 0.000907 * math.sin(2 * gamma)
        - 0.002697 * math.cos(3 * gamma)
        + 0.00148 * math.sin(3 * gamma)
    )
    lat = math.radians(latitude)
    cos_ha = math.cos(math.radians(90.833)) / (math.cos(lat) * math.cos(decl)) - math.tan(lat) * math.tan(decl)
    if not -1 <= cos_ha <= 1:
        return None, cos_ha < -1
    ha = math.degrees(math.acos(cos_ha))
    rise = (720 - 4 * (longitude + ha) - eq_time) / 60
    setting = (720 - 4 * (longitude - ha) - eq_time) / 60
    return (rise, setting), False


def _clock(hours):
    minutes = round(hours * 60) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@kit.api("Sunrise and Sunset", example={"latitude": 38.72, "longitude": -9.14, "date": "2025-06-21"})
def sunrise_and_sunset(latitude: float, longitude: float, date: str, utc_offset: float = 0):
    """Sunrise, sunset and solar noon for a place and date, in local time given its UTC offset.

    latitude: Latitude in degrees (south is negative).
    longitude: Longitude in degrees (west is negative).
    date: The day as YYYY-MM-DD.
    utc_offset: Hours to add to UTC for local time, e.g. 1 for Paris or -5 for New York.
    """
    _coordinates(latitude, longitude)
    kit.require(-12 <= utc_offset <= 14, f"Invalid utc_offset {utc_offset}: it must lie between -12 and 14.")
    when = kit.parse_date(date)
    times, polar_day = _solar(latitude, longitude, when)
    if times is None:
        return {
            "date": when.isoformat(),
            "sunrise": None,
            "sunset": None,
            "note": "The sun does not set on this day." if polar_day else "The sun does not rise on this day.",
        }
    rise, setting = times
    return {
        "date": when.isoformat(),
        "utc_offset": utc_offset,
        "sunrise": _clock(rise + utc_offset),
        "sunset": _clock(setting + utc_offset),
        "solar_noon": _clock((rise + setting) / 2 + utc_offset),
    }


@kit.api("Day Length", example={"latitude": 59.91, "date": "2025-06-21"})
def day_length(latitude: float, date: str):
    """Hours of daylight at a latitude on a date (longitude does not change the length of the day).

    latitude: Latitude in degrees (south is negative).
    date: The day as YYYY-MM-DD.
    """
    _coordinates(latitude, 0)
    when = kit.parse_date(date)
    times, polar_day = _solar(latitude, 0, when)
    hours = (24.0 if polar_day else 0.0) if times is None else times[1] - times[0]
    whole = int(hours)
    return {
        "date": when.isoformat(),
        "latitude": latitude,
        "daylight_hours": round(hours, 2),
        "daylight": f"{whole} h {round((hours - whole) * 60)} min",
    }


@kit.api("Moon Phase", example={"date": "2025-06-15"})
def moon_phase(date: str):
    """The moon's phase, illuminated fraction and age in days on a date (at 00:00 UTC).

    date: The day as YYYY-MM-DD.
    """
    when = kit.parse_date(date)
    age = ((datetime(when.year, when.month, when.day) - NEW_MOON).total_seconds() / 86400) % SYNODIC_DAYS
    illumination = round((1 - math.cos(2 * math.pi * age / SYNODIC_DAYS)) / 2 * 100, 1)
    phase = PHASES[int((age / SYNODIC_DAYS) * 8 + 0.5) % 8]
    following = [when + timedelta(days=d) for d in range(1, 31)]
    full = next(
        d
        for d in following
        if abs(
            ((datetime(d.year, d.month, d.day) - NEW_MOON).total_seconds() / 86400) % SYNODIC_DAYS - SYNODIC_DAYS / 2
        )
        <= 0.5
    )
    return {
        "date": when.isoformat(),
        "phase": phase,
        "illumination_percent": illumination,
        "age_days": round(age, 1),
        "next_full_moon": _date.isoformat(full),
    }
