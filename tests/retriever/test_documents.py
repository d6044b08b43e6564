"""Document text is ToolBench's retrieval text; the corpus keeps one document per API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.retriever.documents import Corpus, document_text
from harness.toolbench.queries import read_query_file
from harness.types.docs import ApiDoc
from tests.conftest import data_params, need, query_files


def test_document_text_layout() -> None:
    api = ApiDoc.model_validate(
        {
            "category_name": "Data",
            "tool_name": "TheClique",
            "api_name": "Songkick concert",
            "api_description": "Concert info",
            "required_parameters": [{"name": "id_conc", "type": "string", "description": "", "default": "4"}],
            "optional_parameters": [],
            "method": "GET",
            "template_response": {"date": "str", "name": "str"},
        }
    )
    assert document_text(api) == (
        "Data, TheClique, Songkick concert, Concert info, "
        'required_params: [{"name": "id_conc", "type": "string", "description": "", "default": "4"}], '
        'optional_params: [], return_schema: {"date": "str", "name": "str"}'
    )


def test_absent_fields_are_written_as_toolbench_writes_them() -> None:
    api = ApiDoc.model_validate({"category_name": "C", "tool_name": "t", "api_name": "a"})
    assert document_text(api) == 'C, t, a, , required_params: "", optional_params: "", return_schema: ""'


def _toolbench_text(raw: dict[str, Any]) -> str:
    """The retrieval text from a raw api_list record, following ToolBench's recipe field by field."""
    parts = [raw.get(name, "") or "" for name in ("category_name", "tool_name", "api_name", "api_description")]
    return (
        ", ".join(parts)
        + ", required_params: "
        + json.dumps(raw.get("required_parameters", ""))
        + ", optional_params: "
        + json.dumps(raw.get("optional_parameters", ""))
        + ", return_schema: "
        + json.dumps(raw.get("template_response", ""))
    )


@pytest.mark.parametrize("path", data_params(query_files()))
def test_real_api_documents_match_toolbench(path: Path | None) -> None:
    path = need(path)
    raw_queries = json.loads(path.read_text(encoding="utf-8"))
    queries = read_query_file(path)
    checked = 0
    for raw, query in zip(raw_queries, queries, strict=True):
        for raw_api, api in zip(raw.get("api_list", []), query.api_list, strict=True):
            if isinstance(raw_api, dict) and "category_name" in raw_api:
                assert document_text(api) == _toolbench_text(raw_api)
                checked += 1
    assert checked > 0 or not any(raw.get("api_list") for raw in raw_queries)  # open-domain files have none


def test_corpus_keeps_the_first_document_of_an_api_and_fingerprints_content() -> None:
    first = ApiDoc(category_name="C", tool_name="t", api_name="a", api_description="one")
    again = ApiDoc(category_name="C", tool_name="t", api_name="a", api_description="two")
    other = ApiDoc(category_name="C", tool_name="t", api_name="b")
    corpus = Corpus([first, other, again])
    assert [d.key for d in corpus] == [("t", "a"), ("t", "b")]
    assert corpus.documents[0].api.api_description == "one"
    assert corpus.position(("t", "b")) == 1 and corpus.position(("t", "x")) is None
    assert ("t", "a") in corpus
    assert Corpus([first, other]).fingerprint == corpus.fingerprint
    assert Corpus([again, other]).fingerprint != corpus.fingerprint  # a changed description
    assert Corpus([other, first]).fingerprint != corpus.fingerprint  # a changed order (positions differ)
