"""Date Calculator: days between dates, date arithmetic, weekdays and working days."""

import importlib.util
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
    "tool_name": "Date Calculator",
    "tool_description": "Days between two dates, adding days, the weekday of a date and working days between dates.",
}


@kit.api("Days Between", example={"start_date": "2025-01-01", "end_date": "2025-12-25"})
def days_between(start_date: str, end_date: str):
    """Calendar days from one date to another (negative when the end is earlier), also in weeks.

    start_date: First date, YYYY-MM-DD.
    end_date: Second date, YYYY-MM-DD.
    """
    a, b = kit.parse_date(start_date, "start_date"), kit.parse_date(end_date, "end_date")
    days = (b - a).days
    return {"start_date": a.isoformat(), "end_date": b.isoformat(), "days": days, "weeks": round(days / 7, 2)}


@kit.api("Add Days", example={"date": "2025-06-15", "days": 100})
def add_days(date: str, days: int):
    """The date a number of days after (or, if negative, before) a date.

    date: Start date, YYYY-MM-DD.
    days: Days to add; negative to go back.
    """
    start = kit.parse_date(date)
    kit.require(abs(days) <= 100000, "days must lie between -100000 and 100000.")
    result = start + timedelta(days=days)
    return {"date": start.isoformat(), "days": days, "result": result.isoformat(), "weekday": result.strftime("%A")}


@kit.api("Day of Week", example={"date": "2000-01-01"})
def day_of_week(date: str):
    """The weekday, ISO week number and day of the year of a date.

    date: The date, YYYY-MM-DD.
    """
    when = kit.parse_date(date)
    return {
        "date": when.isoformat(),
        "weekday": when.strftime("%A"),
        "iso_week": when.isocalendar()[1],
        "day_of_year": when.timetuple().tm_yday,
    }


@kit.api("Working Days", example={"start_date": "2025-06-02", "end_date": "2025-06-30"})
def working_days(start_date: str, end_date: str):
    """Monday-to-Friday days from start to end, both included (public holidays are not subtracted).

    start_date: First date, YYYY-MM-DD.
    end_date: Last date, YYYY-MM-DD, not before start_date.
    """
    a, b = kit.parse_date(start_date, "start_date"), kit.parse_date(end_date, "end_date")
    kit.require(a <= b, "end_date must not be before start_date.")
    kit.require((b - a).days <= 36600, "The range may span at most 100 years.")
    count = sum(1 for i in range((b - a).days + 1) if (a + timedelta(days=i)).weekday() < 5)
    return {
        "start_date": a.isoformat(),
        "end_date": b.isoformat(),
        "working_days": count,
        "weekend_days": (b - a).days + 1 - count,
    }
