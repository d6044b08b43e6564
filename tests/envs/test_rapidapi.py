"""The live backends against local stand-ins that speak ToolBench's hosted-server and RapidAPI's wire
formats: status codes from real HTTP behaviour, backoff on rate limits, and keys that never leak."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import duckdb
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from harness.envs.factory import EnvConfig, build_env
from harness.store import StoreWriter
from harness.types.docs import ApiDoc
from harness.types.messages import ToolCall
from harness.types.observation import Observation
from harness.types.query import Query
from harness.types.trajectory import NodeKind, Trajectory, TrajectoryNode
from tests.envs.catalog import query_for
from tests.envs.servers import serve

TOOLBENCH_KEY = "tbk-5f1e9c0a7d"
RAPIDAPI_KEY = "rak-93be02cd1147"


def run(config: EnvConfig, query: Query, calls: list[tuple[str, dict[str, Any]]]) -> list[Observation]:
    async def go() -> list[Observation]:
        env = build_env(config)
        try:
            return [await env.call(ToolCall(name=n, arguments=json.dumps(a)), query) for n, a in calls]
        finally:
            await env.aclose()

    return asyncio.run(go())


def hosted_toolbench() -> tuple[Starlette, dict[str, int]]:
    """ToolBench's hosted proxy: POST /rapidapi with the key in a header and in the body."""
    asked: dict[str, int] = {}

    async def rapidapi(request: Request) -> Response:
        payload = await request.json()
        if request.headers.get("toolbench_key") != TOOLBENCH_KEY or payload["toolbench_key"] != TOOLBENCH_KEY:
            return JSONResponse({"error": "Unauthorized error...", "response": "bad toolbench key"})
        api = payload["api_name"]
        asked[api] = asked.get(api, 0) + 1
        if api == "current_weather":
            echo = f"{{'temp': 4.5, 'input': {payload['tool_input']!r}, 'key': '{TOOLBENCH_KEY}'}}"
            return JSONResponse({"error": "", "response": echo})
        if api == "forecast" and asked[api] < 3:
            return JSONResponse({"error": "Rate limit per minute error...", "response": ""})
        if api == "crash":
            return JSONResponse({"error": "Rate limit per minute error...", "response": ""})
        if api == "status_probe":
            return PlainTextResponse("Too Many Requests", status_code=429, headers={"Retry-After": "0"})
        if api == "slow_report":
            await asyncio.sleep(1)
        if api == "historic_weather":
            return JSONResponse({"error": "Unsubscribed error...", "response": "You are not subscribed to this API."})
        return JSONResponse({"error": "", "response": "[{'day': 1}]"})

    return Starlette(routes=[Route("/rapidapi", rapidapi, methods=["POST"])]), asked


def rapidapi_itself() -> tuple[Starlette, dict[str, int]]:
    """RapidAPI's gateway: the documented path, X-RapidAPI-Key / X-RapidAPI-Host headers."""
    asked: dict[str, int] = {}

    async def endpoint(request: Request) -> Response:
        if request.headers.get("x-rapidapi-key") != RAPIDAPI_KEY:
            return JSONResponse({"message": "Invalid API key."}, status_code=401)
        assert request.headers.get("x-rapidapi-host") == "live-probe.p.rapidapi.com"
        name = request.url.path.split("/")[1]
        asked[name] = asked.get(name, 0) + 1
        if name == "echo":
            return JSONResponse({"q": request.path_params["q"], "params": dict(request.query_params)})
        if name == "flaky" and asked[name] == 1:
            return JSONResponse({"message": "Too many requests"}, status_code=429)
        if name == "busy":
            return JSONResponse({"message": "Too many requests"}, status_code=429)
        if name == "quota":
            text = "You have exceeded the rate limit per minute for your plan, BASIC, by the API provider"
            return JSONResponse({"message": text}, status_code=429)
        if name == "private":
            return JSONResponse({"message": "You are not subscribed to this API."}, status_code=403)
        if name == "locked":
            return JSONResponse({"message": "Invalid API key. Go to the docs for more info."}, status_code=401)
        if name == "gone":
            return JSONResponse({"message": "API doesn't exists"}, status_code=404)
        if name == "sleepy":
            await asyncio.sleep(1)
        if name == "leaky":
            return JSONResponse({"debug": f"called with key {RAPIDAPI_KEY}", f"k-{RAPIDAPI_KEY}": 1})
        return JSONResponse({"temp": 3, "params": dict(request.query_params)})

    paths = ["echo/{q}", "weather", "flaky", "busy", "quota", "private", "locked", "gone", "sleepy", "leaky"]
    return Starlette(routes=[Route(f"/{p}", endpoint, methods=["GET"]) for p in paths]), asked


def test_missing_keys_are_named(catalog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TOOLBENCH_KEY", raising=False)
    monkeypatch.delenv("RAPIDAPI_KEY", raising=False)
    with pytest.raises(ValueError, match="set the environment variable TOOLBENCH_KEY"):
        build_env(EnvConfig(backend="rapidapi"))
    with pytest.raises(ValueError, match="set the environment variable RAPIDAPI_KEY"):
        build_env(EnvConfig(backend="rapidapi", service="rapidapi", catalog=catalog))


def test_toolbench_hosted_server_codes_and_backoff(catalog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOOLBENCH_KEY", TOOLBENCH_KEY)
    app, asked = hosted_toolbench()
    calls = [
        ("current_weather_for_sky_cast", {"city": "Oslo"}),
        ("forecast_for_sky_cast", {"city": "Oslo", "days": 1}),
        ("crash_for_sky_cast", {}),
        ("status_probe_for_sky_cast", {"kind": "x"}),
        ("slow_report_for_sky_cast", {}),
        ("historic_weather_for_sky_cast", {"city": "Oslo", "year": 1990}),
    ]
    with serve(app) as url:
        config = EnvConfig(backend="rapidapi", url=f"{url}/rapidapi", timeout_s=0.3, retries=2, backoff_s=0.01)
        seen = run(config, query_for(catalog, "Sky Cast"), calls)
    assert [o.status_code for o in seen] == [0, 0, 10, 9, 5, 8]
    assert asked["forecast"] == 3 and asked["crash"] == 3 and asked["status_probe"] == 3
    assert '{"city": "Oslo"}' in json.loads(seen[0].text)["response"]  # the raw argument string went as tool_input
    assert all(TOOLBENCH_KEY not in o.text for o in seen) and "[redacted]" in seen[0].text
    assert {o.backend for o in seen} == {"rapidapi"}


def test_rapidapi_with_own_key_codes_backoff_and_request_shape(catalog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAPIDAPI_KEY", RAPIDAPI_KEY)
    app, asked = rapidapi_itself()
    calls = [
        ("echo_for_live_probe", {"q": "a b&c"}),
        ("weather_for_live_probe", {"city_name": "Oslo", "days": 2, "extra": True}),
        ("flaky_for_live_probe", {}),
        ("busy_for_live_probe", {}),
        ("quota_for_live_probe", {}),
        ("private_for_live_probe", {}),
        ("locked_for_live_probe", {}),
        ("gone_for_live_probe", {}),
        ("sleepy_for_live_probe", {}),
    ]
    with serve(app) as url:
        config = EnvConfig(
            backend="rapidapi", service="rapidapi", catalog=catalog, url=url, timeout_s=0.3, retries=1, backoff_s=0.01
        )
        seen = run(config, query_for(catalog, "Live Probe"), calls)
    assert [o.status_code for o in seen] == [0, 0, 0, 9, 10, 8, 7, 6, 5]
    assert json.loads(seen[0].text)["response"] == {"q": "a b&c", "params": {}}
    # Standardized parameter names go out under the documented ones.
    expected = {"City Name": "Oslo", "Days": "2", "extra": "true"}
    assert json.loads(seen[1].text)["response"] == {"temp": 3, "params": expected}
    assert asked["flaky"] == 2 and asked["busy"] == 2


def _trajectory(query: Query, calls: list[tuple[str, dict[str, Any]]], seen: list[Observation]) -> Trajectory:
    nodes = [TrajectoryNode(id=0, parent_id=None, kind=NodeKind.ACTION_INPUT)]
    for (name, arguments), observation in zip(calls, seen, strict=True):
        parent = nodes[-1].id
        nodes.append(TrajectoryNode(id=parent + 1, parent_id=parent, kind=NodeKind.ACTION, content=name))
        nodes.append(
            TrajectoryNode(
                id=parent + 2,
                parent_id=parent + 1,
                kind=NodeKind.ACTION_INPUT,
                content=json.dumps(arguments),
                observation=observation.text,
                observation_code=observation.status_code,
                extra=observation.model_dump(exclude={"text", "status_code"}),
            )
        )
    return Trajectory(query_id=query.query_id, query=query.text, nodes=nodes, chosen_path=[n.id for n in nodes[1:]])


def test_no_key_in_observations_cache_logs_or_database_after_a_live_run(
    catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("RAPIDAPI_KEY", RAPIDAPI_KEY)
    monkeypatch.setenv("TOOLBENCH_KEY", TOOLBENCH_KEY)
    caplog.set_level(logging.DEBUG)
    rapid, _ = rapidapi_itself()
    hosted, _ = hosted_toolbench()
    rapid_calls = [("leaky_for_live_probe", {}), ("locked_for_live_probe", {}), ("quota_for_live_probe", {})]
    hosted_calls = [("current_weather_for_sky_cast", {"city": "Oslo"}), ("status_probe_for_sky_cast", {"kind": "x"})]
    with serve(rapid) as rapid_url, serve(hosted) as hosted_url:
        cache = tmp_path / "cache"
        direct = EnvConfig(
            backend="rapidapi", service="rapidapi", catalog=catalog, url=rapid_url, cache_dir=cache, mode="record"
        )
        direct = direct.model_copy(update={"retries": 1, "backoff_s": 0.01})
        # One run records into the cache, the other is live (no cache at all).
        proxied = EnvConfig(backend="rapidapi", url=f"{hosted_url}/rapidapi", retries=1, backoff_s=0.01)
        seen_direct = run(direct, query_for(catalog, "Live Probe"), rapid_calls)
        seen_hosted = run(proxied, query_for(catalog, "Sky Cast"), hosted_calls)
    assert "[redacted]" in seen_direct[0].text and seen_hosted[0].status_code == 0
    db = tmp_path / "runs.duckdb"
    with StoreWriter(db) as writer:
        spec = {"env": direct.model_dump(mode="json")}
        writer.ensure_run("run-1", "live", "run", spec, "test")
        writer.add_episode("run-1", _trajectory(query_for(catalog, "Live Probe"), rapid_calls, seen_direct), "G1")
        writer.add_episode("run-1", _trajectory(query_for(catalog, "Sky Cast"), hosted_calls, seen_hosted), "G2")
    written = []
    with duckdb.connect(str(db), read_only=True) as conn:
        for (table,) in conn.execute("SELECT table_name FROM information_schema.tables").fetchall():
            written.append(str(conn.execute(f"SELECT * FROM {table}").fetchall()))
    written.extend(p.read_text() for p in cache.rglob("*.json"))
    written.append(caplog.text)
    everything = "\n".join(written)
    assert "live_probe" in everything and "leaky" in everything  # the checks see real content
    for key in (RAPIDAPI_KEY, TOOLBENCH_KEY):
        assert key not in everything
        assert key.encode() not in db.read_bytes()


def test_an_unreadable_tool_file_is_an_observation_not_a_crash(
    catalog: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("RAPIDAPI_KEY", RAPIDAPI_KEY)
    (catalog / "Tools" / "broken.json").write_text("{")
    query = Query(query_id="q", text="", api_list=[ApiDoc(category_name="Tools", tool_name="broken", api_name="Get")])
    config = EnvConfig(backend="rapidapi", service="rapidapi", catalog=catalog, url="http://127.0.0.1:1")
    (seen,) = run(config, query, [("get_for_broken", {})])
    assert seen.status_code == 6 and "broken.json: not valid JSON" in seen.text
    assert "Traceback" in caplog.text and "backend rapidapi failed on broken/get" in caplog.text
