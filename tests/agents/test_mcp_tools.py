"""The tools over MCP, read by the official SDK's client: every bundled API is listed with ToolBench's
name and schema, and every call answers what the local backend answers in our own loop."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mcp import Client, StdioServerParameters

from harness.agents.mcp_server import MCP_EXTRA_HINT, require_mcp
from harness.agents.protocol import META_STATUS
from harness.agents.serving import MCP_PATH, catalog_tools, http_app
from harness.envs.factory import EnvConfig, build_env
from harness.toolbench.functions import build_functions
from harness.toolbench.naming import parameter_name
from harness.toolbench.tools import read_tool_dir
from harness.types.docs import ApiDoc
from harness.types.messages import ToolCall
from harness.types.query import AgentQuery
from tests.envs.servers import serve

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "tasks" / "toolenv" / "tools"
APIS: list[ApiDoc] = [api for tool in read_tool_dir(BUNDLED) for api in tool.api_docs()]
FUNCTIONS = build_functions(APIS)
FINISH = json.dumps({"return_type": "give_answer", "final_answer": "done"})


@pytest.fixture(scope="module")
def mcp_url() -> Iterator[str]:
    """The bundled catalog served over streamable HTTP, once for the module."""
    with serve(http_app(catalog_tools(EnvConfig(catalog=BUNDLED)))) as base:
        yield base + MCP_PATH


def _example(api: ApiDoc) -> dict[str, Any]:
    return {parameter_name(p.name): p.default for p in api.required_parameters}


def test_every_bundled_api_is_listed_with_toolbench_name_and_schema(mcp_url: str) -> None:
    async def listing() -> list[Any]:
        async with Client(mcp_url) as client:
            return list((await client.list_tools()).tools)

    tools = asyncio.run(listing())
    assert len(APIS) == 254
    assert len(tools) == 255 and tools[-1].name == "Finish"
    assert [t.name for t in tools] == [f.name for f in FUNCTIONS]
    assert all(t.name.endswith("_for_" + t.name.split("_for_")[-1]) for t in tools[:-1])
    assert [t.input_schema for t in tools] == [f.parameters for f in FUNCTIONS]
    assert [t.description for t in tools] == [f.description for f in FUNCTIONS]


def test_every_call_observes_what_the_local_backend_answers(mcp_url: str) -> None:
    calls = [(f.name, _example(api)) for f, api in zip(FUNCTIONS, APIS, strict=False)]
    calls += [(FUNCTIONS[0].name, {}), ("no_such_api_for_nobody", {}), ("Finish", json.loads(FINISH))]

    async def over_mcp() -> list[tuple[str, int, bool]]:
        async with Client(mcp_url) as client:
            results = [await client.call_tool(name, arguments) for name, arguments in calls]
        return [
            ("".join(b.text for b in r.content if b.type == "text"), r.meta[META_STATUS], r.is_error) for r in results
        ]

    async def local() -> list[tuple[str, int]]:
        env = build_env(EnvConfig(catalog=BUNDLED))
        query = AgentQuery(query_id="catalog", text="", api_list=APIS)
        try:
            return [
                ((o := await env.call(ToolCall(name=n, arguments=json.dumps(a)), query)).text, o.status_code)
                for n, a in calls
            ]
        finally:
            await env.aclose()

    served, expected = asyncio.run(over_mcp()), asyncio.run(local())
    assert [(text, code) for text, code, _ in served] == expected
    codes = [code for _, code in expected]
    assert codes.count(0) >= 254 and codes[-3:] == [2, 1, 3]  # data for every API; refusals as ToolBench codes
    assert [error for _, _, error in served][-3:] == [True, True, False]


def test_serve_tools_over_stdio_answers_the_sdk_client() -> None:
    server = StdioServerParameters(
        command=sys.executable,
        args=["-m", "harness.cli.main", "serve-tools", "--mcp", "--stdio", "--catalog", str(BUNDLED)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        cwd=str(REPO),
    )

    async def session() -> tuple[int, str]:
        async with Client(server) as client:
            tools = (await client.list_tools()).tools
            result = await client.call_tool(FUNCTIONS[0].name, _example(APIS[0]))
        return len(tools), "".join(b.text for b in result.content if b.type == "text")

    count, text = asyncio.run(session())
    assert count == 255
    assert json.loads(text)["error"] == "" and json.loads(text)["response"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--catalog", "nowhere"], "nowhere"),
        (["--catalog", str(BUNDLED), "--workers", "2"], "--workers apply to the /virtual server"),
        (["--catalog", str(BUNDLED), "-E", "mode=sideways"], "bad tool environment"),
    ],
)
def test_bad_mcp_serving_options_are_one_line(args: list[str], message: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "harness.cli.main", "serve-tools", "--mcp", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0]
    assert "Traceback" not in done.stderr


def test_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "mcp", None)
    with pytest.raises(ImportError, match=r"toolharness\[mcp\]"):
        require_mcp()
    assert "mcp extra" in MCP_EXTRA_HINT
