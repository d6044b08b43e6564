"""A small catalog in ToolBench's custom-tool layout, written by the tests into a temporary folder.

Weather/sky_cast: code for every API (normal answers, an error answer, a slow API, a raising API,
answers worded like RapidAPI's failure classes) plus one API documented without code.
Data/doc_only: documented with response shapes, no code at all.
Tools/live_probe: documented URLs for the RapidAPI stand-in, no code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.toolbench.tools import read_tool_dir
from harness.types.docs import ApiDoc
from harness.types.query import Query


def _param(name: str, kind: str = "STRING", default: Any = "") -> dict[str, Any]:
    return {"name": name, "type": kind, "description": f"the {name}", "default": default}


def _api(
    name: str, required: list[dict[str, Any]], optional: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "url": extra.pop("url", ""),
        "description": extra.pop("description", f"{name} of the tool."),
        "method": extra.pop("method", "GET"),
        "required_parameters": required,
        "optional_parameters": optional or [],
        "template_response": extra.pop("template_response", None),
        **extra,
    }


SKY_CAST = {
    "tool_name": "Sky Cast",
    "tool_description": "Weather reports for cities.",
    "host": "sky-cast.p.rapidapi.com",
    "api_list": [
        _api(
            "Current Weather",
            [_param("city", default="Oslo")],
            [_param("units", default="metric")],
            template_response={"city": "str", "temperature": "float", "units": "str", "conditions": "str"},
        ),
        _api("Forecast", [_param("city"), _param("days", "NUMBER", 3)]),
        _api("Slow Report", []),
        _api("Crash", []),
        _api("Status Probe", [_param("kind")]),
        _api(
            "Historic Weather",
            [_param("city"), _param("year", "NUMBER", 2020)],
            template_response={"city": "str", "year": "int", "mean_temperature": "float"},
        ),
    ],
}

SKY_CAST_CODE = """
import time

_TEMPERATURES = {"Oslo": 4.5, "Lima": 19.0, "Cairo": 27.25}

_PROBES = {
    "not_working": {"message": "Your Client (working) ---> Gateway (working) ---> API (not working)"},
    "unauthorized": {"message": "Unauthorized"},
    "unsubscribed": {"message": "You are not subscribed to this API."},
    "too_many": {"message": "Too many requests"},
    "quota": {"message": "You have exceeded the MONTHLY quota for Requests on your current plan"},
}


def current_weather(city, units="metric"):
    if city == "Atlantis":
        return {"error": "city not found: Atlantis"}
    temperature = _TEMPERATURES.get(city, 12.0)
    if units == "imperial":
        temperature = round(temperature * 9 / 5 + 32, 1)
    return {"city": city, "temperature": temperature, "units": units, "conditions": "cloudy"}


def forecast(city, days):
    return [{"day": day + 1, "city": city, "high": 10 + day} for day in range(int(days))]


def slow_report():
    time.sleep(30)
    return {"late": True}


def crash():
    raise RuntimeError("sensor offline")


def status_probe(kind):
    return _PROBES[kind]
"""

DOC_ONLY = {
    "tool_name": "Doc Only",
    "tool_description": "A tool with documentation and no code.",
    "api_list": [
        _api(
            "Search Books",
            [_param("query", default="dune")],
            [_param("page", "NUMBER", 1)],
            template_response={
                "total": "int",
                "page": "int",
                "results": [{"title": "str", "author": "str", "year": "int", "isbn": "str", "_list_length": 3}],
                "tags": "list of str with length 2",
            },
        ),
        _api("Book Cover", [_param("isbn")], template_response=json.dumps({"isbn": "str", "image_url": "str"})),
        _api("Ping", []),
    ],
}

PROBE_PARAMETERS = {"Echo": [_param("q")], "Weather": [_param("City Name"), _param("Days", "NUMBER", 1)]}

LIVE_PROBE = {
    "tool_name": "Live Probe",
    "tool_description": "Endpoints of the RapidAPI stand-in.",
    "host": "live-probe.p.rapidapi.com",
    "api_list": [
        _api(name, PROBE_PARAMETERS.get(name, []), url=f"https://live-probe.p.rapidapi.com/{path}")
        for name, path in (
            ("Echo", "echo/{q}"),
            ("Weather", "weather"),
            ("Flaky", "flaky"),
            ("Busy", "busy"),
            ("Quota", "quota"),
            ("Private", "private"),
            ("Locked", "locked"),
            ("Gone", "gone"),
            ("Sleepy", "sleepy"),
            ("Leaky", "leaky"),
        )
    ],
}


def write_catalog(root: Path) -> Path:
    """Write the catalog under ``root/tools`` and return that folder."""
    tools = root / "tools"
    files: dict[str, Any] = {
        "Weather/sky_cast.json": SKY_CAST,
        "Data/doc_only.json": DOC_ONLY,
        "Tools/live_probe.json": LIVE_PROBE,
    }
    for relative, doc in files.items():
        path = tools / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc, indent=2))
    code = tools / "Weather" / "sky_cast" / "api.py"
    code.parent.mkdir(parents=True)
    code.write_text(SKY_CAST_CODE)
    return tools


def catalog_apis(tools: Path) -> list[ApiDoc]:
    """Every API of the catalog in the query-file shape."""
    return [api for tool in read_tool_dir(tools) for api in tool.api_docs()]


def query_for(tools: Path, *tool_names: str, query_id: str = "q1") -> Query:
    """A query offering every API of the named tools (all tools when none are named)."""
    apis = [api for api in catalog_apis(tools) if not tool_names or api.tool_name in tool_names]
    return Query(query_id=query_id, text="test", api_list=apis)
