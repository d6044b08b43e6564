"""Tool faults from a server that breaks the ``{"error", "response"}`` protocol, served over real HTTP
on loopback: each is a failure (status 12) with the raw body kept, never a normal answer."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from harness.envs.backend import ApiRequest
from harness.envs.calls import parse_arguments
from harness.envs.factory import EnvConfig, build_env
from harness.envs.remote import ServerBackend
from harness.envs.result import ApiResult
from harness.types.messages import ToolCall
from tests.envs.catalog import query_for
from tests.envs.servers import serve
from tests.envs.test_server import observations

KEY = "tb-secret-key-123"
# What the server answers, chosen by the call's "city" argument.
BODIES = {
    "array": "[1, 2, 3]",
    "null": "null",
    "string": '"just a string"',
    "number": "42",
    "empty": "{}",
    "no-error": '{"response": {"temp": 20}}',
    "no-response": '{"error": ""}',
    "html": "<html><body>Bad gateway</body></html>",
    "huge-integer": '{"error": "", "response": ' + "9" * 5000 + "}",
    "deep": "[" * 100_000 + "]" * 100_000,
    "echoes-key": f'["{KEY}"]',
}
OK_BODY = '{"error": "", "response": {"temp": 20}}'


async def _virtual(request: Request) -> Response:
    payload = await request.json()
    city = json.loads(payload["tool_input"]).get("city", "")
    return Response(BODIES.get(city, OK_BODY), media_type="application/json")


@pytest.fixture
def url() -> Iterator[str]:
    with serve(Starlette(routes=[Route("/virtual", _virtual, methods=["POST"])])) as base:
        yield base


def _observed(catalog: Path, url: str, cities: list[str]) -> list[tuple[int, str]]:
    """Each call as the episode records it: the status code and the observation text."""
    calls = [ToolCall(name="forecast_for_sky_cast", arguments=json.dumps({"city": c, "days": 1})) for c in cities]
    env = build_env(EnvConfig(backend="virtual", url=url))
    return [(o.status_code, o.text) for o in observations(env, query_for(catalog, "Sky Cast"), calls)]


def _answer(catalog: Path, url: str, city: str) -> ApiResult:
    """The backend's whole answer (observations are cut at 1,024 characters, as in ToolBench)."""
    [api] = [a for a in query_for(catalog, "Sky Cast").api_list if a.api_name == "Forecast"]
    request = ApiRequest(api, {"city": city, "days": 1}, json.dumps({"city": city, "days": 1}))

    async def ask() -> ApiResult:
        backend = ServerBackend(url, key=KEY)
        try:
            return await backend.execute(request)
        finally:
            await backend.aclose()

    return asyncio.run(ask())


VIOLATIONS = [c for c in BODIES if c != "echoes-key"]


def test_protocol_violations_are_stored_as_failures(catalog: Path, url: str) -> None:
    observed = _observed(catalog, url, [*VIOLATIONS, "fine"])
    for case, (status, text) in zip(VIOLATIONS, observed, strict=False):
        assert status == 12, (case, text)
        assert text.startswith('{"error": "request invalid, data error'), case
    assert observed[-1] == (0, OK_BODY)
    assert "a JSON array, not an {error, response} object" in observed[0][1]


@pytest.mark.parametrize("case", VIOLATIONS)
def test_a_violation_keeps_the_raw_body(case: str, catalog: Path, url: str) -> None:
    answer = _answer(catalog, url, case)
    assert answer.status == 12
    assert answer.body["response"] == BODIES[case]  # exactly what the server sent
    if case in ("no-error", "no-response", "empty"):
        assert "an object without" in answer.error or "an empty object" in answer.error


def test_a_raw_body_never_keeps_the_key(catalog: Path, url: str) -> None:
    answer = _answer(catalog, url, "echoes-key")
    assert answer.status == 12 and KEY not in answer.text() and answer.body["response"]


def test_arguments_python_cannot_hold_are_a_parse_error() -> None:
    for raw in ('{"n": ' + "9" * 5000 + "}", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"):
        result = parse_arguments(raw)
        assert not isinstance(result, dict) and result.status == 2
