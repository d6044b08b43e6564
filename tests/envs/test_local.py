"""The local backend and ToolBench's call semantics, each status code from a real cause."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path

import pytest

from harness.envs.catalog import LocalCatalog
from harness.envs.env import BackendEnv
from harness.envs.factory import EnvConfig, build_env
from harness.envs.local import LocalBackend
from harness.envs.threads import DeadlinePool
from harness.toolbench.functions import build_functions
from harness.types.messages import ToolCall
from harness.types.observation import Observation
from harness.types.query import Query
from tests.envs.catalog import query_for


def call(env: BackendEnv, query: Query, name: str, arguments: str | dict[str, object] = "{}") -> Observation:
    raw = arguments if isinstance(arguments, str) else json.dumps(arguments)
    return asyncio.run(env.call(ToolCall(name=name, arguments=raw), query))


def body(observation: Observation) -> dict[str, object]:
    value = json.loads(observation.text)
    assert isinstance(value, dict)
    return value


@pytest.fixture
def env(catalog: Path) -> BackendEnv:
    return build_env(EnvConfig(backend="local", catalog=catalog, timeout_s=0.5))


@pytest.fixture
def query(catalog: Path) -> Query:
    return query_for(catalog, "Sky Cast")


def test_function_names_resolve_to_their_api_and_code(env: BackendEnv, query: Query) -> None:
    names = [f.name for f in build_functions(query.api_list)]
    assert "current_weather_for_sky_cast" in names
    seen = call(env, query, "current_weather_for_sky_cast", {"city": "Lima", "units": "imperial"})
    assert seen.status_code == 0
    assert body(seen) == {
        "error": "",
        "response": {"city": "Lima", "temperature": 66.2, "units": "imperial", "conditions": "cloudy"},
    }
    assert (seen.backend, seen.category, seen.tool_name, seen.api_name) == (
        "local",
        "Weather",
        "Sky Cast",
        "Current Weather",
    )
    assert not seen.cache_hit and seen.latency_s > 0


def test_suffix_of_a_function_name_reaches_it_like_toolbench(env: BackendEnv, query: Query) -> None:
    seen = call(env, query, "weather_for_sky_cast", {"city": "Oslo"})
    assert seen.status_code == 0 and seen.api_name == "Current Weather"


def test_hallucinated_name_is_code_1_with_toolbenchs_message(env: BackendEnv, query: Query) -> None:
    seen = call(env, query, "moon_phase_for_sky_cast", {"city": "Oslo"})
    assert seen.status_code == 1
    assert seen.text == '{"error": "No such function name: moon_phase_for_sky_cast", "response": ""}'


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [
        ('{"city": "Oslo"', "not valid JSON"),
        ('["Oslo"]', "must be a JSON object"),
        ({"city": "Oslo", "town": "Oslo"}, "unexpected keyword argument 'town'"),
        ({}, "missing a required argument: 'city'"),
    ],
)
def test_bad_arguments_are_code_2(
    env: BackendEnv, query: Query, arguments: str | dict[str, object], fragment: str
) -> None:
    seen = call(env, query, "current_weather_for_sky_cast", arguments)
    assert seen.status_code == 2
    assert fragment in str(body(seen)["response"])


@pytest.mark.parametrize(
    ("arguments", "status", "text"),
    [
        ('{"return_type": "give_answer", "final_answer": "4.5 C in Oslo"}', 3, "successfully giving the final answer"),
        ('{"return_type": "give_up_and_restart"}', 4, "chose to give up and restart"),
        ('{"final_answer": "no type"}', 2, 'must have "return_type"'),
        ('{"return_type": "give_answer"}', 2, 'must have "final_answer"'),
        ('{"return_type": "shrug"}', 2, "is not a valid choice"),
        ('{"return_type": "give_answer", "final_answer": "cut off', 3, "successfully"),
    ],
)
def test_finish(env: BackendEnv, query: Query, arguments: str, status: int, text: str) -> None:
    seen = call(env, query, "Finish", arguments)
    assert (seen.status_code, seen.backend) == (status, "finish")
    assert text in seen.text


def test_slow_tool_times_out_as_code_5_without_holding_the_episode(env: BackendEnv, query: Query) -> None:
    start = time.perf_counter()
    seen = call(env, query, "slow_report_for_sky_cast")
    assert seen.status_code == 5 and "Timeout error" in seen.text
    assert time.perf_counter() - start < 5


def test_api_without_code_is_code_6(env: BackendEnv, query: Query) -> None:
    seen = call(env, query, "historic_weather_for_sky_cast", {"city": "Oslo", "year": 2000})
    assert seen.status_code == 6
    assert body(seen)["error"] == "API not working error..."


@pytest.mark.parametrize(
    ("kind", "status"),
    [("not_working", 6), ("unauthorized", 7), ("unsubscribed", 8), ("too_many", 9), ("quota", 10)],
)
def test_rapidapi_failure_wordings_classify_like_toolbenchs_server(
    env: BackendEnv, query: Query, kind: str, status: int
) -> None:
    seen = call(env, query, "status_probe_for_sky_cast", {"kind": kind})
    assert seen.status_code == status


def test_error_answer_and_raising_tool_are_code_11(env: BackendEnv, query: Query) -> None:
    answered = call(env, query, "current_weather_for_sky_cast", {"city": "Atlantis"})
    assert answered.status_code == 11
    assert body(answered) == {"error": "Message error...", "response": {"error": "city not found: Atlantis"}}
    raised = call(env, query, "crash_for_sky_cast")
    assert raised.status_code == 11
    assert "RuntimeError: sensor offline" in str(body(raised)["error"])


def test_observation_is_cut_to_max_length_plus_dots(catalog: Path, query: Query) -> None:
    env = build_env(EnvConfig(backend="local", catalog=catalog, max_observation_length=40))
    seen = call(env, query, "forecast_for_sky_cast", {"city": "Oslo", "days": 5})
    assert len(seen.text) == 43 and seen.text.endswith("...")
    full = call(
        build_env(EnvConfig(backend="local", catalog=catalog)),
        query,
        "forecast_for_sky_cast",
        {"city": "Oslo", "days": 5},
    )
    assert seen.text[:40] == full.text[:40] and len(full.text) > 43


def test_code_outside_the_catalog_is_never_loaded(tmp_path: Path, catalog: Path) -> None:
    outside = tmp_path / "elsewhere" / "evil"
    outside.mkdir(parents=True)
    (outside / "api.py").write_text("raise SystemExit('loaded code from outside the catalog')\n")
    (catalog / "Weather" / "evil").symlink_to(outside)
    local = LocalCatalog(catalog)
    assert local.api_file("Weather", "evil") is None
    assert local.api_file("..", "elsewhere") is None
    assert local.function("Weather", "sky_cast", "current_weather") is not None


def test_missing_catalog_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such catalog folder"):
        LocalBackend(LocalCatalog(tmp_path / "absent"))
    with pytest.raises(ValueError, match="needs a catalog folder"):
        build_env(EnvConfig(backend="local"))


def test_many_concurrent_calls_with_a_hung_tool(env: BackendEnv, query: Query) -> None:
    async def run() -> list[Observation]:
        calls = [
            ToolCall(name="forecast_for_sky_cast", arguments=json.dumps({"city": "Oslo", "days": d % 4}))
            for d in range(40)
        ]
        calls.append(ToolCall(name="slow_report_for_sky_cast", arguments="{}"))
        return await asyncio.gather(*(env.call(c, query) for c in calls))

    start = time.perf_counter()
    seen = asyncio.run(run())
    assert [o.status_code for o in seen[:-1]] == [0] * 40 and seen[-1].status_code == 5
    assert [len(body(o)["response"]) for o in seen[:4]] == [0, 1, 2, 3]  # type: ignore[arg-type]
    assert time.perf_counter() - start < 5


def test_a_hung_call_costs_one_worker_and_the_pool_replaces_it() -> None:
    pool = DeadlinePool(2)
    release = threading.Event()

    async def go() -> list[int]:
        for _ in range(2):  # both workers hang
            with pytest.raises(TimeoutError):
                await pool.run(release.wait, 0.05)
        return await asyncio.gather(*(pool.run(lambda: 7, 2.0) for _ in range(10)))

    try:
        assert asyncio.run(go()) == [7] * 10
    finally:
        release.set()
    assert pool.started == 4
    with pytest.raises(ValueError, match="at least one worker"):
        DeadlinePool(0)
