"""Real-API behaviour of the bundled tools: lookups, paging, throttling, outages and deprecations."""

from __future__ import annotations

import shutil
from pathlib import Path

from data_builder.catalog import load_catalog
from data_builder.intent import CallStep
from data_builder.world.store import load_world
from tests.toolworld.helpers import catalog, toolbench_status

WORLD = load_world()


def run(tool: str, api: str, **arguments: object) -> object:
    return catalog().function(tool, api)(**arguments)


def test_ids_must_be_looked_up_first() -> None:
    city = WORLD["cities"][3]
    found = run("SkyCast Weather", "Search Locations", query=city["name"])
    key = next(r["location_key"] for r in found["results"] if r["name"] == city["name"])
    assert toolbench_status(run("SkyCast Weather", "Current Weather", location_key=key)) == 0
    wrong = run("SkyCast Weather", "Current Weather", location_key=city["name"])
    assert toolbench_status(wrong) == 11 and "Search Locations" in wrong["error"]


def test_pagination_pages_are_disjoint_and_totals_consistent() -> None:
    first = run("AirPulse Air Quality", "Cleanest Cities", country="all", page=1, limit=7)
    second = run("AirPulse Air Quality", "Cleanest Cities", country="all", page=2, limit=7)
    assert first["total"] == second["total"] == len(WORLD["cities"])
    assert first["total_pages"] == -(-first["total"] // 7)
    assert [c["rank"] for c in first["cities"]] == list(range(1, 8))
    assert [c["rank"] for c in second["cities"]] == list(range(8, 15))
    beyond = run("AirPulse Air Quality", "Cleanest Cities", country="all", page=first["total_pages"] + 1, limit=7)
    assert beyond["cities"] == []
    assert toolbench_status(run("AirPulse Air Quality", "Cleanest Cities", country="all", limit=500)) == 11
    assert toolbench_status(run("AirPulse Air Quality", "Cleanest Cities", country="all", page=0)) == 11


def test_optional_parameters_have_working_defaults() -> None:
    key = WORLD["cities"][0]["weather_key"]
    default = run("SkyCast Weather", "Daily Forecast", location_key=key)
    assert len(default["forecast"]) == 3 and default["units"]["temperature"] == "°C"
    imperial = run("SkyCast Weather", "Daily Forecast", location_key=key, days="5", units="imperial")
    assert len(imperial["forecast"]) == 5
    assert imperial["forecast"][0]["max_temp"] == round(default["forecast"][0]["max_temp"] * 9 / 5 + 32, 1)


def test_hourly_forecast_backend_is_down_for_some_locations_only() -> None:
    replies = {
        c["weather_key"]: run("SkyCast Weather", "Hourly Forecast", location_key=c["weather_key"])
        for c in WORLD["cities"]
    }
    statuses = [toolbench_status(r) for r in replies.values()]
    assert 6 in statuses and 0 in statuses  # "API not working" for some, answers for the rest
    down = next(k for k, r in replies.items() if toolbench_status(r) == 6)
    assert run("SkyCast Weather", "Hourly Forecast", location_key=down) == replies[down]  # deterministic
    assert toolbench_status(run("SkyCast Weather", "Daily Forecast", location_key=down)) == 0  # the alternative


def test_flight_status_is_throttled_for_some_flights() -> None:
    statuses = set()
    for route in WORLD["routes"][:80]:
        for day in range(16, 23):
            reply = run(
                "SkyRoute Flights", "Flight Status", flight_number=route["flight_number"], date=f"2025-06-{day}"
            )
            statuses.add(toolbench_status(reply))
    assert {0, 9, 11} <= statuses  # answers, "Too many requests", and "not operating on that day"


def test_deprecated_endpoints_answer_only_their_remaining_inputs() -> None:
    assert toolbench_status(run("FX Rates", "Latest Rates Legacy", base="USD")) == 0
    gone = run("FX Rates", "Latest Rates Legacy", base="EUR")
    assert toolbench_status(gone) == 11 and gone["deprecated"] and "Exchange Rate" in gone["error"]
    nasdaq = next(c["ticker"] for c in WORLD["companies"] if c["exchange"] == "NASDAQ")
    other = next(c["ticker"] for c in WORLD["companies"] if c["exchange"] != "NASDAQ")
    assert toolbench_status(run("Ticker Tape Stocks", "Stock Quote v1", symbol=nasdaq)) == 0
    assert toolbench_status(run("Ticker Tape Stocks", "Stock Quote v1", symbol=other)) == 11
    assert toolbench_status(run("StormWatch Alerts", "Alert Feed v1", country="FR")) == 0
    assert toolbench_status(run("StormWatch Alerts", "Alert Feed v1", country="JP")) == 11


def test_unlicensed_lyrics_and_failing_headline_feeds() -> None:
    explicit = next(s["id"] for s in WORLD["songs"] if s["explicit"])
    assert toolbench_status(run("LyricLine", "Get Lyrics", song_id=explicit)) == 11
    statuses = {toolbench_status(run("NewsWire", "Top Headlines", country=c["code"])) for c in WORLD["countries"]}
    assert statuses == {0, 6}


def test_execute_runs_a_call_step_and_caches_the_module() -> None:
    step = CallStep("Tools", "Unit Converter", "Convert Length", {"value": 1, "from_unit": "mi", "to_unit": "km"})
    assert catalog().execute(step)["result"] == 1.6093
    tool = catalog().tool("Unit Converter")
    assert catalog().module(tool) is catalog().module(tool)


def test_two_catalog_copies_load_separate_modules(tmp_path: Path) -> None:
    copy = tmp_path / "toolenv"
    shutil.copytree(catalog().root, copy)
    other = load_catalog(copy)
    tool = other.tool("Unit Converter")
    assert other.module(tool) is not catalog().module(catalog().tool("Unit Converter"))
    assert Path(other.module(tool).__file__).is_relative_to(copy)
