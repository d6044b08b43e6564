"""The function list built from a query's api_list equals the one in every real answer file.

StableToolBench's data_example answers belong to queries shipped in solvable_queries, so the whole
list is rebuilt from the query and compared. ToolBench's data_example answers belong to queries
that data_example does not ship; for them every API function whose doc appears in any shipped query
file is rebuilt from that doc, and every other function is rebuilt from the doc it implies (name,
description, parameters), which checks the layout rules even where the original doc is unknown.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from harness.toolbench.functions import (
    DESCRIPTION_MAX_LENGTH,
    TYPE_MAP,
    api_function,
    build_functions,
    detect_finish_style,
    function_dicts,
)
from harness.types.docs import ApiDoc, Parameter
from harness.types.messages import Function
from tests.conftest import answer_files, data_params, need, query_files


@cache
def queries_by_text() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in query_files():
        for record in json.loads(path.read_text()):
            found.setdefault(record["query"], record)
    return found


@cache
def documented_functions() -> dict[str, list[dict[str, Any]]]:
    """Function dicts for every fully documented API in every shipped query file, by name."""
    found: dict[str, list[dict[str, Any]]] = {}
    for record in queries_by_text().values():
        for raw in record.get("api_list", []):
            if "api_description" in raw:
                function = api_function(ApiDoc.model_validate(raw))
                found.setdefault(function.name, []).append(function.model_dump())
    return found


_PREFIX = re.compile(r'^This is the subfunction for tool "(?P<tool>[^"]*)", you can use this tool\.')
_BACK = {v: k for k, v in TYPE_MAP.items()}


def implied_doc(function: dict[str, Any]) -> tuple[ApiDoc, str]:
    """The API doc a function implies, and its standard tool name."""
    match = _PREFIX.match(function["description"])
    assert match, f"{function['name']}: description lacks ToolBench's prefix"
    tool = match.group("tool")
    suffix = f"_for_{tool}"
    api_name = function["name"][: -len(suffix)] if function["name"].endswith(suffix) else function["name"]
    rest = function["description"][match.end() :]
    description = rest[len('The description of this function is: "') : -1] if rest else ""
    if len(description) == DESCRIPTION_MAX_LENGTH:
        description += "~"  # it was cut; give the cut something to remove, as the original had
    params = function["parameters"]

    def parameter(name: str) -> Parameter:
        prop = params["properties"][name]
        return Parameter(
            name=name,
            type=_BACK[prop["type"]],
            description=prop.get("description", ""),
            default=prop.get("example_value", ""),
        )

    doc = ApiDoc(
        category_name="?",
        tool_name=tool,
        # The original API name is unknown and ToolBench already replaced it inside the description.
        # A trailing "!" standardizes away, so the name round-trips without matching the text again.
        api_name=api_name + "!",
        api_description=description,
        required_parameters=[parameter(n) for n in params["required"]],
        optional_parameters=[parameter(n) for n in params.get("optional", [])],
    )
    return doc, tool


@pytest.mark.parametrize("path", data_params(answer_files()))
def test_function_list_matches_answer_file(path: Path | None) -> None:
    path = need(path)
    generation = json.loads(path.read_text())["answer_generation"]
    recorded = generation["function"]
    style = detect_finish_style([Function(**f) for f in recorded])
    assert style is not None, "the Finish function matches neither ToolBench wording"
    record = queries_by_text().get(generation["query"])
    if record is not None:
        api_list = [ApiDoc.model_validate(a) for a in record["api_list"]]
        assert function_dicts(build_functions(api_list, style)) == recorded
        return
    assert recorded[-1]["name"] == "Finish"
    for function in recorded[:-1]:
        documented = documented_functions().get(function["name"])
        if documented:
            assert function in documented, f"{function['name']} differs from its documented API"
        else:
            doc, tool = implied_doc(function)
            assert api_function(doc, tool).model_dump() == function


def test_conformance_covers_both_kinds_of_evidence(shared_data: Path) -> None:
    """Guard against the test above silently degrading to the weaker check everywhere."""
    full = [p for p in answer_files() if json.loads(p.read_text())["answer_generation"]["query"] in queries_by_text()]
    assert len(full) >= 6
    matched = sum(
        1
        for p in answer_files()
        for f in json.loads(p.read_text())["answer_generation"]["function"]
        if f["name"] in documented_functions()
    )
    assert matched >= 60
