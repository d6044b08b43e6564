"""The virtual API server over real HTTP on loopback, and the virtual client backend."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from harness.envs.cache import ResponseCache
from harness.envs.env import BackendEnv
from harness.envs.factory import EnvConfig, build_env
from harness.envs.serve_config import SERVE_CONFIG_ENV, ServeConfig, app_from_environment
from harness.envs.server import VirtualService, create_app
from harness.types.messages import ToolCall
from harness.types.observation import Observation
from harness.types.query import Query
from tests.envs.catalog import query_for
from tests.envs.servers import free_port, serve
from tests.fakes.openai_server import FakeOpenAIServer

STB_HEADERS = {"accept": "application/json", "Content-Type": "application/json"}


@pytest.fixture
def server(catalog: Path, tmp_path: Path) -> Iterator[str]:
    service = VirtualService(catalog, ResponseCache(tmp_path / "server-cache"), timeout_s=0.5)
    with serve(create_app(service)) as url:
        yield url


def post(url: str, data: dict[str, object]) -> httpx.Response:
    # Exactly how StableToolBench's README tests its server: a JSON string body with these headers.
    return httpx.post(f"{url}/virtual", headers=STB_HEADERS, content=json.dumps(data), timeout=30)


def test_stabletoolbench_request_bodies_as_their_clients_send_them(server: str) -> None:
    readme_style = {
        "category": "Weather",
        "tool_name": "Sky Cast",
        "api_name": "Current Weather",
        "tool_input": '{"city": "Oslo"}',
        "strip": "truncate",
        "toolbench_key": "",
    }
    reply = post(server, readme_style)
    assert reply.status_code == 200
    expected = {
        "error": "",
        "response": {"city": "Oslo", "temperature": 4.5, "units": "metric", "conditions": "cloudy"},
    }
    assert reply.json() == expected
    assert reply.headers["x-harness-source"] == "local"
    # The inference client (rapidapi.py) posts json= with the key in a header, a standardized tool name
    # and API name, and the model's raw argument string.
    client_style = {
        "category": "Weather",
        "tool_name": "sky_cast",
        "api_name": "current_weather",
        "tool_input": '{"city": "Oslo"}',
        "strip": "truncate",
        "toolbench_key": "my-toolbench-key",
    }
    reply = httpx.post(f"{server}/virtual", json=client_style, headers={"toolbench_key": "my-toolbench-key"})
    assert reply.json() == expected
    # StableToolBench's server passes on an already parsed tool_input and a tool named <tool>_for_<category>.
    server_style = dict(client_style, tool_name="sky_cast_for_Weather", tool_input={"city": "Oslo"})
    assert post(server, server_style).json() == expected


def test_unknown_api_and_bad_input_get_errors(server: str) -> None:
    base = {"category": "Weather", "tool_name": "sky_cast", "strip": "", "toolbench_key": ""}
    unknown = post(server, dict(base, api_name="moon_phase", tool_input="{}")).json()
    assert unknown["error"] == "API not working error..." and "moon_phase" in unknown["response"]
    unknown_tool = post(server, dict(base, tool_name="no_such_tool", api_name="x", tool_input="{}")).json()
    assert unknown_tool["error"] == "API not working error..."
    broken = post(server, dict(base, api_name="current_weather", tool_input="{city: Oslo")).json()
    assert broken["error"].startswith("Tool input parse error")
    assert post(server, {"category": "Weather"}).status_code == 422


def test_apis_without_code_are_simulated_once_then_served_from_the_cache(server: str, tmp_path: Path) -> None:
    data = {
        "category": "Data",
        "tool_name": "doc_only",
        "api_name": "search_books",
        "tool_input": '{"query": "dune"}',
        "strip": "",
        "toolbench_key": "",
    }
    first = post(server, data)
    assert first.headers["x-harness-source"] == "schema"
    answer = first.json()
    assert answer["error"] == "" and {"total", "page", "results", "tags"} <= set(answer["response"])
    second = post(server, data)
    assert second.headers["x-harness-source"] == "cache" and second.json() == answer
    recorded = json.loads((tmp_path / "server-cache" / "Data" / "doc_only_for_Data" / "search_books.json").read_text())
    assert recorded == {"{'query': 'dune'}": answer}
    # A tool with code, asked for an API it has no code for, is simulated from its doc.
    historic = dict(data, category="Weather", tool_name="sky_cast", api_name="historic_weather")
    historic["tool_input"] = '{"city": "Oslo", "year": 1990}'
    reply = post(server, historic)
    assert reply.headers["x-harness-source"] == "schema"
    assert reply.json()["response"]["city"] == "Oslo" and reply.json()["response"]["year"] == 1990


def test_many_concurrent_requests_writing_one_cache_file_lose_nothing(server: str, tmp_path: Path) -> None:
    async def ask_all() -> list[dict[str, object]]:
        async with httpx.AsyncClient(timeout=60) as client:

            async def ask(n: int) -> dict[str, object]:
                data = {
                    "category": "Data",
                    "tool_name": "doc_only",
                    "api_name": "search_books",
                    "tool_input": json.dumps({"query": f"book {n}", "page": n % 3 + 1}),
                    "strip": "",
                    "toolbench_key": "",
                }
                reply = await client.post(f"{server}/virtual", json=data)
                assert reply.status_code == 200
                return dict(reply.json())

            return await asyncio.gather(*(ask(n) for n in range(64)))

    answers = asyncio.run(ask_all())
    path = tmp_path / "server-cache" / "Data" / "doc_only_for_Data" / "search_books.json"
    recorded = json.loads(path.read_text())
    assert len(recorded) == 64
    for n, answer in enumerate(answers):
        assert recorded[str({"query": f"book {n}", "page": n % 3 + 1})] == answer
    assert len({json.dumps(a) for a in answers}) == 64  # other arguments, other answers


def observations(env: BackendEnv, query: Query, calls: list[ToolCall]) -> list[Observation]:
    async def run() -> list[Observation]:
        try:
            return [await env.call(c, query) for c in calls]
        finally:
            await env.aclose()

    return asyncio.run(run())


def sky_cast_calls() -> list[ToolCall]:
    arguments = [
        ("current_weather_for_sky_cast", {"city": "Cairo", "units": "imperial"}),
        ("current_weather_for_sky_cast", {"city": "Atlantis"}),
        ("current_weather_for_sky_cast", {"town": "Oslo"}),
        ("forecast_for_sky_cast", {"city": "Lima", "days": 3}),
        ("crash_for_sky_cast", {}),
        ("status_probe_for_sky_cast", {"kind": "unsubscribed"}),
        ("slow_report_for_sky_cast", {}),
        ("no_such_function", {}),
        ("Finish", {"return_type": "give_answer", "final_answer": "done"}),
    ]
    return [ToolCall(name=name, arguments=json.dumps(args)) for name, args in arguments]


def test_serve_tools_command_answers_like_the_local_backend(
    catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOOLBENCH_KEY", "tb-secret-4242")  # sent along, as ToolBench's clients do
    port = free_port()
    with FakeOpenAIServer(api_key="sk-sim") as fake:
        fake.push('{"error": "", "response": {"total": 1, "results": [{"title": "Emma"}]}}')
        command = [sys.executable, "-m", "harness.cli.main", "serve-tools", "--catalog", str(catalog)]
        command += ["--port", str(port), "--timeout", "0.5", "--log", str(tmp_path / "server.log")]
        command += ["--cache", str(tmp_path / "cache"), "--simulator", "openai:sim"]
        command += ["-M", f"base_url={fake.base_url}", "-M", "api_key=sk-sim"]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ))
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_until_up(url, process)
            query = query_for(catalog, "Sky Cast")
            virtual = observations(build_env(EnvConfig(backend="virtual", url=url)), query, sky_cast_calls())
            local_env = build_env(EnvConfig(backend="local", catalog=catalog, timeout_s=0.5))
            local = observations(local_env, query, sky_cast_calls())
            books = ToolCall(name="search_books_for_doc_only", arguments='{"query": "emma"}')
            (simulated,) = observations(build_env(EnvConfig(backend="virtual", url=url)), query_for(catalog), [books])
        finally:
            process.terminate()
            process.wait(10)
    assert [o.text for o in virtual] == [o.text for o in local]
    assert [o.status_code for o in virtual] == [0, 11, 2, 0, 11, 8, 5, 1, 3]
    assert [o.status_code for o in virtual] == [o.status_code for o in local]
    assert virtual[0].backend == "virtual:local"
    assert simulated.backend == "virtual:simulator" and json.loads(simulated.text)["response"]["total"] == 1
    log = (tmp_path / "server.log").read_text()
    assert "Weather/sky_cast/current_weather source=local status=0" in log
    assert "Data/doc_only/search_books source=simulator status=0" in log
    assert "tb-secret-4242" not in log + "".join(o.text for o in virtual)


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/health").status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert time.monotonic() < deadline, "serve-tools did not start"
        time.sleep(0.1)


def test_virtual_client_maps_transport_failures(catalog: Path) -> None:
    query = query_for(catalog, "Sky Cast")
    call = [ToolCall(name="forecast_for_sky_cast", arguments='{"city": "Oslo", "days": 1}')]
    down = observations(build_env(EnvConfig(backend="virtual", url=f"http://127.0.0.1:{free_port()}")), query, call)
    assert down[0].status_code == 12 and "request invalid" in down[0].text

    from starlette.applications import Starlette
    from starlette.responses import JSONResponse, PlainTextResponse
    from starlette.routing import Route

    async def broken(request: object) -> PlainTextResponse:
        return PlainTextResponse("Internal Server Error", status_code=500)

    async def sleepy(request: object) -> JSONResponse:
        await asyncio.sleep(1)
        return JSONResponse({"error": "", "response": "late"})

    app = Starlette(routes=[Route("/virtual", broken, methods=["POST"]), Route("/slow", sleepy, methods=["POST"])])
    with serve(app) as url:
        failed = observations(build_env(EnvConfig(backend="virtual", url=url)), query, call)
        assert failed[0].status_code == 12 and "status_code=500" in failed[0].text
        late = observations(build_env(EnvConfig(backend="virtual", url=f"{url}/slow", timeout_s=0.2)), query, call)
        assert late[0].status_code == 5 and "Timeout error" in late[0].text


def _start(catalog: Path, tmp_path: Path, name: str, *options: str) -> tuple[str, subprocess.Popen[bytes]]:
    port = free_port()
    command = [sys.executable, "-m", "harness.cli.main", "serve-tools", "--catalog", str(catalog), "--port", str(port)]
    command += ["--cache", str(tmp_path / "cache"), "--log", str(tmp_path / f"{name}.log"), *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ))
    return f"http://127.0.0.1:{port}", process


def test_server_processes_share_one_cache_without_losing_entries(catalog: Path, tmp_path: Path) -> None:
    servers = [_start(catalog, tmp_path, "a"), _start(catalog, tmp_path, "b")]
    try:
        for url, process in servers:
            _wait_until_up(url, process)

        async def ask_all() -> list[dict[str, object]]:
            async with httpx.AsyncClient(timeout=60) as client:

                async def ask(n: int) -> dict[str, object]:
                    data = {"category": "Data", "tool_name": "doc_only", "api_name": "search_books"}
                    data |= {"tool_input": json.dumps({"query": f"w{n}"}), "strip": "", "toolbench_key": ""}
                    url = servers[n % 2][0]
                    return dict((await client.post(f"{url}/virtual", json=data)).json())

                return await asyncio.gather(*(ask(n) for n in range(60)))

        answers = asyncio.run(ask_all())
    finally:
        for _, process in servers:
            process.terminate()
            process.wait(10)
    recorded = json.loads((tmp_path / "cache" / "Data" / "doc_only_for_Data" / "search_books.json").read_text())
    assert recorded == {str({"query": f"w{n}"}): answer for n, answer in enumerate(answers)}
    for name in ("a", "b"):  # each process recorded its half into the one file
        assert (tmp_path / f"{name}.log").read_text().count("source=schema status=0") == 30


def test_worker_processes_build_their_app_from_the_environment(
    catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What each of `serve-tools --workers N`'s processes does on start; it configures the log.
    logger = logging.getLogger("harness")
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(logger, "level", logger.level)
    config = ServeConfig(catalog=catalog, cache=tmp_path / "cache", timeout_s=0.5, log_file=tmp_path / "w.log")
    monkeypatch.setenv(SERVE_CONFIG_ENV, config.model_dump_json())
    with serve(app_from_environment()) as url:
        data = {"category": "Weather", "tool_name": "sky_cast", "api_name": "slow_report", "tool_input": "{}"}
        assert post(url, data).json()["error"] == "Timeout error..."
    assert "Weather/sky_cast/slow_report source=local status=5" in (tmp_path / "w.log").read_text()
