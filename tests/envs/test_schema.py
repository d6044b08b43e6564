"""Schema simulation: deterministic across processes, shaped by the doc, moved by the arguments."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness.envs.factory import EnvConfig, build_env
from harness.envs.schema import simulate
from harness.toolbench.functions import build_functions
from harness.toolbench.queries import read_query_file
from harness.types.docs import ApiDoc
from harness.types.messages import ToolCall
from tests.conftest import require_shared_data
from tests.envs.catalog import query_for

BOOKS = ApiDoc.model_validate(
    {
        "category_name": "Data",
        "tool_name": "Doc Only",
        "api_name": "Search Books",
        "required_parameters": [{"name": "query", "type": "STRING"}],
        "optional_parameters": [{"name": "page", "type": "NUMBER"}],
        "template_response": {
            "total": "int",
            "page": "int",
            "query": "str",
            "results": [{"title": "str", "author": "str", "rating": "float", "_list_length": 12}],
            "tags": "list of str with length 2",
            "next": "NoneType",
            "flags": "empty list",
            "open": "bool",
            "version": 3,
        },
    }
)

_SUBPROCESS = """
import json, sys
from harness.envs.schema import simulate
from harness.types.docs import ApiDoc
cases = json.loads(sys.stdin.read())
print(json.dumps([simulate(ApiDoc.model_validate(api), args) for api, args in cases]))
"""


def test_same_call_same_json_in_another_process_with_another_hash_seed() -> None:
    cases: list[tuple[dict[str, Any], dict[str, Any]]] = [
        (BOOKS.model_dump(), {"query": "dune", "page": 2}),
        (BOOKS.model_dump(), {"page": 2, "query": "dune"}),
        (BOOKS.model_dump(), {"query": "emma"}),
    ]
    here = [simulate(ApiDoc.model_validate(api), args) for api, args in cases]
    for seed in ("1", "2"):
        child = subprocess.run(
            [sys.executable, "-c", _SUBPROCESS],
            input=json.dumps(cases),
            capture_output=True,
            text=True,
            env=dict(os.environ, PYTHONHASHSEED=seed),
            check=True,
        )
        assert json.loads(child.stdout) == here
    assert here[0] == here[1] and here[0] != here[2]


def test_answer_has_the_documented_shape_and_echoes_arguments() -> None:
    answer = simulate(BOOKS, {"query": "dune", "page": 2})
    assert list(answer) == ["total", "page", "query", "results", "tags", "next", "flags", "open", "version"]
    assert answer["query"] == "dune" and answer["page"] == 2  # fields named like arguments carry them
    assert isinstance(answer["total"], int) and answer["next"] is None and answer["flags"] == []
    assert isinstance(answer["open"], bool) and answer["version"] == 3
    assert len(answer["results"]) == 5  # 12 documented, capped
    assert all(set(r) == {"title", "author", "rating"} and isinstance(r["rating"], float) for r in answer["results"])
    assert any("dune" in r["title"] for r in answer["results"])  # name-like fields take the main text argument
    assert len(answer["tags"]) == 2 and all(isinstance(t, str) for t in answer["tags"])


def test_json_string_templates_and_missing_templates() -> None:
    cover = BOOKS.model_copy(update={"template_response": json.dumps({"isbn": "str", "image_url": "str"})})
    answer = simulate(cover, {"isbn": "978-0441013593"})
    assert answer["isbn"] == "978-0441013593" and answer["image_url"].startswith("https://")
    bare = simulate(BOOKS.model_copy(update={"template_response": None}), {"query": "x"})
    assert bare["arguments"] == {"query": "x"} and bare["api"] == "Search Books"


def test_schema_backend_checks_arguments_against_the_doc(catalog: Path) -> None:
    env = build_env(EnvConfig(backend="schema"))
    query = query_for(catalog, "Doc Only")

    def call(arguments: str) -> tuple[int, dict[str, Any]]:
        seen = asyncio.run(env.call(ToolCall(name="search_books_for_doc_only", arguments=arguments), query))
        return seen.status_code, json.loads(seen.text)

    status, answer = call('{"query": "dune"}')
    assert status == 0 and answer["response"]["results"]
    assert call('{"page": 1}')[0] == 2 and "missing required" in call('{"page": 1}')[1]["response"]
    assert call('{"query": "a", "colour": "red"}')[0] == 2
    assert call('{"query": "dune"}') == (status, answer)


def test_every_real_stabletoolbench_api_simulates_its_shape() -> None:
    data = require_shared_data()
    path = data / "stabletoolbench" / "solvable_queries" / "test_instruction" / "G1_instruction.json"
    queries = read_query_file(path, group="G1_instruction")
    apis = {(a.tool_name, a.api_name): a for q in queries for a in q.api_list}
    assert len(apis) > 300
    for api in apis.values():
        arguments = {p.name: p.default for p in api.required_parameters}
        answer = simulate(api, arguments)
        assert json.loads(json.dumps(answer)) == answer
        template = api.template_response
        if isinstance(template, str):
            try:
                template = json.loads(template)
            except ValueError:
                continue
        if isinstance(template, dict) and template:
            assert list(answer) == [k for k in template if k != "_list_length"], api.api_name
    assert build_functions(queries[0].api_list)


@pytest.mark.parametrize("arguments", [{"query": "dune"}, {"query": "emma", "page": 3}])
def test_other_arguments_give_other_values(arguments: dict[str, Any]) -> None:
    assert simulate(BOOKS, arguments) != simulate(BOOKS, dict(arguments, query="solaris"))
