"""Env modes: live leaves the cache alone, record fills it, replay answers from it and calls nothing."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from harness.envs.env import BackendEnv
from harness.envs.factory import EnvConfig, build_env
from harness.types.messages import ToolCall
from harness.types.observation import Observation
from harness.types.query import Query
from tests.envs.catalog import query_for
from tests.envs.servers import free_port, serve

CALLS = [
    ("current_weather_for_sky_cast", {"city": "Lima"}),
    ("current_weather_for_sky_cast", {"city": "Atlantis"}),
    ("forecast_for_sky_cast", {"days": 2, "city": "Oslo"}),
    ("crash_for_sky_cast", {}),
    ("slow_report_for_sky_cast", {}),
    ("current_weather_for_sky_cast", {"town": "Oslo"}),
    ("no_such_function", {}),
    ("Finish", {"return_type": "give_up_and_restart"}),
]


def run(env: BackendEnv, query: Query, calls: list[tuple[str, dict[str, object]]] = CALLS) -> list[Observation]:
    async def go() -> list[Observation]:
        return [await env.call(ToolCall(name=n, arguments=json.dumps(a)), query) for n, a in calls]

    return asyncio.run(go())


def test_replay_of_a_recorded_run_is_identical_and_calls_nothing(catalog: Path, tmp_path: Path) -> None:
    query = query_for(catalog, "Sky Cast")
    cache = tmp_path / "cache"
    recorded = run(build_env(EnvConfig(catalog=catalog, cache_dir=cache, mode="record", timeout_s=0.3)), query)
    assert [o.status_code for o in recorded] == [0, 11, 0, 11, 5, 2, 1, 4]
    assert not any(o.cache_hit for o in recorded)
    # Nothing listens on this port: any call that reached the backend would come back as status 12.
    nowhere = f"http://127.0.0.1:{free_port()}"
    replayed = run(build_env(EnvConfig(backend="virtual", url=nowhere, cache_dir=cache, mode="replay")), query)
    assert [o.text for o in replayed] == [o.text for o in recorded]
    assert [o.status_code for o in replayed] == [o.status_code for o in recorded]
    assert [o.cache_hit for o in replayed] == [True] * 6 + [False] * 2
    assert replayed[0].backend == "cache"
    # Arguments in another order are the same call.
    again = run(
        build_env(EnvConfig(backend="virtual", url=nowhere, cache_dir=cache, mode="replay")),
        query,
        [("forecast_for_sky_cast", {"city": "Oslo", "days": 2})],
    )
    assert again[0].text == recorded[2].text


def test_replay_miss_is_an_error_observation(catalog: Path, tmp_path: Path) -> None:
    query = query_for(catalog, "Sky Cast")
    env = build_env(EnvConfig(catalog=catalog, cache_dir=tmp_path / "empty", mode="replay"))
    (seen,) = run(env, query, [("current_weather_for_sky_cast", {"city": "Lima"})])
    assert seen.status_code == 12 and "never recorded" in seen.text and seen.backend == "replay"
    assert not (tmp_path / "empty").exists()


def test_live_mode_never_touches_the_cache(catalog: Path, tmp_path: Path) -> None:
    query = query_for(catalog, "Sky Cast")
    run(build_env(EnvConfig(catalog=catalog, cache_dir=tmp_path / "cache", mode="record")), query, CALLS[:1])
    path = tmp_path / "cache" / "Weather" / "sky_cast_for_Weather" / "current_weather.json"
    path.write_text(json.dumps({str({"city": "Lima"}): {"error": "", "response": "from the cache"}}))
    live = run(build_env(EnvConfig(catalog=catalog, cache_dir=tmp_path / "cache")), query, CALLS[:3])
    assert "from the cache" not in live[0].text and live[0].backend == "local"
    assert len(json.loads(path.read_text())) == 1
    recorded = run(build_env(EnvConfig(catalog=catalog, cache_dir=tmp_path / "cache", mode="record")), query, CALLS[:1])
    assert "from the cache" in recorded[0].text and recorded[0].cache_hit


def test_record_asks_again_for_a_recorded_transient_failure(catalog: Path, tmp_path: Path) -> None:
    replies: list[Response] = [
        PlainTextResponse("upstream down", status_code=502),
        JSONResponse({"error": "", "response": {"city": "Lima", "ok": True}}),
    ]
    asked: list[int] = []

    async def virtual(request: Request) -> Response:
        asked.append(1)
        return replies[min(len(asked), len(replies)) - 1]

    query = query_for(catalog, "Sky Cast")
    call = [("current_weather_for_sky_cast", {"city": "Lima"})]
    with serve(Starlette(routes=[Route("/virtual", virtual, methods=["POST"])])) as url:
        config = EnvConfig(backend="virtual", url=url, cache_dir=tmp_path / "cache", mode="record")
        first = run(build_env(config), query, call)
        second = run(build_env(config), query, call)
        third = run(build_env(config), query, call)
    assert [o.status_code for o in (*first, *second, *third)] == [12, 0, 0]
    assert third[0].cache_hit and len(asked) == 2


def test_modes_that_need_a_cache_say_so(catalog: Path) -> None:
    with pytest.raises(ValueError, match="needs a cache folder"):
        build_env(EnvConfig(catalog=catalog, mode="replay"))
