"""The bundled catalog end to end: the virtual server answers every bundled API exactly as the local
backend does, over real HTTP, for a normal call and for a call without its required arguments."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from harness.envs.factory import EnvConfig, build_env
from harness.envs.server import VirtualService, create_app
from harness.toolbench.functions import api_function
from harness.toolbench.naming import parameter_name
from harness.toolbench.tools import read_tool_dir
from harness.types.messages import ToolCall
from harness.types.observation import Observation
from harness.types.query import Query
from tests.envs.servers import serve

BUNDLED = Path(__file__).resolve().parents[2] / "tasks" / "toolenv" / "tools"


def test_virtual_server_answers_every_bundled_api_like_the_local_backend() -> None:
    tools = read_tool_dir(BUNDLED)
    episodes: list[tuple[Query, list[ToolCall]]] = []
    for tool in tools:
        apis = tool.api_docs()
        calls = []
        for api in apis:
            name = api_function(api, tool.standard_tool_name).name
            example = {parameter_name(p.name): p.default for p in api.required_parameters}
            calls.append(ToolCall(name=name, arguments=json.dumps(example)))
            if api.required_parameters:
                calls.append(ToolCall(name=name, arguments="{}"))
        episodes.append((Query(query_id=tool.standard_tool_name, text="", api_list=apis), calls))

    async def observe(config: EnvConfig) -> list[Observation]:
        env = build_env(config)
        try:
            return [await env.call(call, query) for query, calls in episodes for call in calls]
        finally:
            await env.aclose()

    whole = 1_000_000  # compare whole answers, not their first 1024 characters
    local = asyncio.run(observe(EnvConfig(backend="local", catalog=BUNDLED, max_observation_length=whole)))
    with serve(create_app(VirtualService(BUNDLED))) as url:
        virtual = asyncio.run(observe(EnvConfig(backend="virtual", url=url, max_observation_length=whole)))
    assert len(local) > 250 + sum(len(t.api_list) for t in tools) // 2
    assert [o.text for o in virtual] == [o.text for o in local]
    assert [o.status_code for o in virtual] == [o.status_code for o in local]
    assert {o.backend for o in virtual} == {"virtual:local"}
    normal = [o for o in local if json.loads(o.text)["error"] == ""]
    assert len(normal) >= sum(len(t.api_list) for t in tools)  # every documented example answers
    assert any(o.status_code == 2 for o in local)  # and missing arguments are refused
