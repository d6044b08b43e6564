"""The bundled catalog: sizes, ToolBench's doc fields, names, and one good and one bad call per API."""

from __future__ import annotations

import inspect
import json

import pytest

from data_builder.catalog_docs import doc_texts
from harness.toolbench.functions import build_functions
from harness.toolbench.naming import api_name_part
from harness.toolbench.tools import read_tool_dir
from harness.types.docs import ApiDoc
from tests.toolworld.helpers import all_apis, call, catalog, example_arguments, toolbench_status

APIS = all_apis()
IDS = [f"{a.tool_name}/{a.api_name}" for a in APIS]


def test_catalog_sizes() -> None:
    tools = catalog().tools
    assert len({t.category_name for t in tools}) >= 16
    assert len(tools) >= 64
    assert len(APIS) >= 250


def test_every_tool_and_api_has_toolbench_fields() -> None:
    root = catalog().root / "tools"
    assert len(read_tool_dir(root)) == len(catalog().tools)
    for path in sorted(root.glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert {"tool_name", "tool_description", "title", "pricing", "home_url", "host", "api_list"} <= set(data)
        for api in data["api_list"]:
            assert {
                "name",
                "url",
                "description",
                "method",
                "required_parameters",
                "optional_parameters",
                "template_response",
            } <= set(api), path
            assert api["description"] and api["template_response"], (path, api["name"])
            for parameter in api["required_parameters"] + api["optional_parameters"]:
                assert set(parameter) == {"name", "type", "description", "default"}
                assert parameter["type"] in ("STRING", "NUMBER", "BOOLEAN") and parameter["description"]


def test_committed_tool_docs_match_their_code() -> None:
    stale = [str(path) for path, text in doc_texts(catalog().root).items() if path.read_text(encoding="utf-8") != text]
    assert stale == [], "regenerate with python -m data_builder.catalog_docs"


def test_function_names_are_unique_and_implemented() -> None:
    for tool in catalog().tools:
        functions = build_functions(tool.api_docs(), standard_tool_names=[tool.standard_tool_name] * len(tool.api_list))
        names = [f.name for f in functions]
        assert len(names) == len(set(names)), tool.tool_name
        module = catalog().module(tool)
        for api in tool.api_list:
            function = getattr(module, api_name_part(api.name))
            signature = inspect.signature(function)
            documented = [p.name for p in api.required_parameters + api.optional_parameters]
            assert sorted(signature.parameters) == sorted(documented), (tool.tool_name, api.name)


@pytest.mark.parametrize("api", APIS, ids=IDS)
def test_documented_example_call_succeeds_and_is_deterministic(api: ApiDoc) -> None:
    # Every API takes a required parameter: ToolBench offers no optional ones to an API without.
    assert api.required_parameters
    reply = call(api, **example_arguments(api))
    assert toolbench_status(reply) == 0, reply
    assert json.loads(json.dumps(reply)) == reply  # JSON-serialisable as is
    assert call(api, **example_arguments(api)) == reply


@pytest.mark.parametrize("api", APIS, ids=IDS)
def test_bad_input_gets_an_error_reply_toolbench_classifies(api: ApiDoc) -> None:
    arguments = example_arguments(api)
    missing = dict(arguments)
    del missing[api.required_parameters[0].name]
    reply = call(api, **missing)
    assert toolbench_status(reply) == 11 and api.required_parameters[0].name in reply["error"]
    assert toolbench_status(call(api, **arguments, not_a_parameter="x")) == 11
    numbers = [p.name for p in api.required_parameters + api.optional_parameters if p.type == "NUMBER"]
    if numbers:
        reply = call(api, **{**arguments, numbers[0]: "many"})
        assert toolbench_status(reply) == 11 and "expected" in reply["error"]


def test_toolbench_runner_key_is_ignored() -> None:
    api = next(a for a in APIS if a.api_name == "Current Weather")
    arguments = example_arguments(api)
    assert call(api, **arguments, toolbench_rapidapi_key="abc") == call(api, **arguments)


def test_collections_group_tools_across_categories() -> None:
    collections = catalog().collections
    assert len(collections) >= 8
    for name, members in collections.items():
        assert len(members) >= 4 and len({m["category"] for m in members}) >= 2, name
        for member in members:
            assert catalog().tool(member["tool_name"]).category_name == member["category"]
