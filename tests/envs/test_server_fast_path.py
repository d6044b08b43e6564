"""The virtual server's hot path: a cache hit builds no doc and takes no thread; docs built once."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from harness.envs import server as server_module
from harness.envs.cache import MISSING, ResponseCache
from harness.envs.server import VirtualRequest, VirtualService, create_app, parse_request
from harness.types.docs import ToolDoc
from tests.envs.servers import serve

CALL = {"category": "Data", "tool_name": "doc_only", "api_name": "search_books", "tool_input": '{"query": "dune"}'}


def _service(catalog: Path, tmp_path: Path) -> VirtualService:
    cache = ResponseCache(tmp_path / "cache")
    cache.put("Data", "doc_only", "search_books", {"query": "dune"}, {"error": "", "response": "recorded"})
    return VirtualService(catalog, cache)


def test_a_cache_hit_builds_no_doc_and_takes_no_thread(
    catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = _service(catalog, tmp_path)

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("not on a cache hit")

    monkeypatch.setattr(service.docs, "api_doc", forbidden)
    monkeypatch.setattr(server_module.asyncio, "to_thread", forbidden)
    result = asyncio.run(service.answer(VirtualRequest.model_validate(CALL)))
    assert (result.source, result.body["response"]) == ("cache", "recorded")


def test_a_changed_cache_file_is_read_again(catalog: Path, tmp_path: Path) -> None:
    service = _service(catalog, tmp_path)
    assert service.cache is not None
    assert service.cache.get_indexed("Data", "doc_only", "search_books", {"query": "dune"})["response"] == "recorded"
    # Another process records into the file: the in-memory index is stale, so a read decides.
    path = service.cache.path_for("Data", "doc_only", "search_books")
    path.write_text(json.dumps({"{'query': 'dune'}": {"error": "", "response": "newer"}, "{'query': 'x'}": {}}))
    assert service.cache.get_indexed("Data", "doc_only", "search_books", {"query": "dune"}) is MISSING
    result = asyncio.run(service.answer(VirtualRequest.model_validate(CALL)))
    assert result.body["response"] == "newer"


def test_an_api_doc_is_built_once(catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    service = VirtualService(catalog)
    built = []
    original = ToolDoc.api_docs

    def counting(self: ToolDoc) -> Any:
        built.append(self.tool_name)
        return original(self)

    monkeypatch.setattr(ToolDoc, "api_docs", counting)
    first = service.docs.api_doc("Weather", "sky_cast", "current_weather")
    again = service.docs.api_doc("Weather", "sky_cast", "current_weather")
    assert first is not None and again is first and len(built) == 1
    assert service.docs.api_doc("Weather", "sky_cast", "no_such_api") is None


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"{not json", "the body is not JSON"),
        (b'{"category": "Weather"}', "tool_name: Field required"),
        (b'{"category": 1, "tool_name": "t", "api_name": "a"}', "category: Input should be a valid string"),
    ],
)
def test_a_bad_body_is_one_line(raw: bytes, words: str) -> None:
    problem = parse_request(raw)
    assert isinstance(problem, str) and words in problem and "\n" not in problem


def test_the_endpoint_answers_over_http_and_refuses_other_methods(catalog: Path, tmp_path: Path) -> None:
    with serve(create_app(_service(catalog, tmp_path))) as url:
        hit = httpx.post(f"{url}/virtual", json=CALL)
        assert hit.status_code == 200 and hit.json()["response"] == "recorded"
        assert hit.headers["x-harness-source"] == "cache"
        bad = httpx.post(f"{url}/virtual", content=b'{"category": "Data"}')
        assert bad.status_code == 422 and "tool_name: Field required" in bad.json()["detail"]
        assert httpx.get(f"{url}/virtual").status_code == 405
        assert httpx.get(f"{url}/health").json()["status"] == "ok"
