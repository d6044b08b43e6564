"""StormWatch Alerts: official weather warnings by country and city."""

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
    "tool_name": "StormWatch Alerts",
    "tool_description": "Weather warnings (heat, storm, flood, wind, fog) with severity, validity and advice.",
}
V1_REGIONS = {"Europe"}


def _status(alert):
    today = kit.today().isoformat()
    return (
        "active" if alert["starts"] <= today <= alert["ends"] else "upcoming" if alert["starts"] > today else "expired"
    )


def _summary(alert):
    return {
        "alert_id": alert["id"],
        "type": alert["type"],
        "severity": alert["severity"],
        "headline": alert["headline"],
        "starts": alert["starts"],
        "ends": alert["ends"],
        "status": _status(alert),
    }


@kit.api("Alerts by Country", example={"country": "FR"})
def alerts_by_country(country: str, severity: str = ""):
    """Current and upcoming warnings in a country, newest first.

    country: Two-letter country code or country name.
    severity: Only this severity: Minor, Moderate or Severe; empty for all.
    """
    code = kit.country(kit.non_empty(country, "country"))["code"]
    kit.require(
        severity in ("", "Minor", "Moderate", "Severe"),
        f"Invalid severity '{severity}': use Minor, Moderate or Severe.",
    )
    rows = [
        a
        for a in kit.table("alerts")
        if a["country_code"] == code and severity in ("", a["severity"]) and _status(a) != "expired"
    ]
    return {"country": code, "count": len(rows), "alerts": [_summary(a) for a in rows]}


@kit.api("Alerts by City", example={"city": "Paris"})
def alerts_by_city(city: str):
    """Current and upcoming warnings for one city.

    city: City name, e.g. "Paris".
    """
    row = kit.city_named(kit.non_empty(city, "city"))
    rows = [a for a in kit.table("alerts") if a["city_id"] == row["id"] and _status(a) != "expired"]
    return {**kit.place(row), "count": len(rows), "alerts": [_summary(a) for a in rows]}


@kit.api("Alert Details", example=lambda: {"alert_id": kit.table("alerts")[0]["id"]})
def alert_details(alert_id: str):
    """Everything about one warning, including what to do.

    alert_id: The alert_id from Alerts by Country or Alerts by City.
    """
    alert = kit.get("alerts", "id", str(alert_id).strip(), "alert", "List alerts with Alerts by Country first.")
    return {**_summary(alert), **kit.place(kit.city(alert["city_id"])), "instructions": alert["instructions"]}


@kit.api("Alert Feed v1", example={"country": "FR"})
def alert_feed_v1(country: str):
    """Deprecated first version of the country feed, still served for European countries only; use Alerts by
    Country instead.

    country: Two-letter country code or country name.
    """
    row = kit.country(kit.non_empty(country, "country"))
    if row["continent"] not in V1_REGIONS:
        return {
            "error": "Alert Feed v1 is deprecated and no longer serves this region. Use Alerts by Country.",
            "deprecated": True,
            "status_code": 410,
        }
    return {
        "feed_version": 1,
        "country": row["code"],
        "items": [a["headline"] for a in kit.table("alerts") if a["country_code"] == row["code"]],
    }
