"""The LLM simulator path: an OpenAI-compatible server on loopback plays the APIs without code."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from typer.testing import CliRunner

from harness.cli.main import app
from harness.envs.cache import ResponseCache
from harness.envs.server import VirtualService, create_app
from harness.envs.simulator import SYSTEM_PROMPT, LlmSimulator, parse_reply
from harness.models.registry import load_model
from tests.envs.servers import serve
from tests.fakes.openai_server import FakeOpenAIServer, http_error

BOOKS = {"category": "Data", "tool_name": "doc_only", "api_name": "search_books", "strip": "", "toolbench_key": ""}


def _service(catalog: Path, cache: ResponseCache, fake: FakeOpenAIServer) -> VirtualService:
    args = {"base_url": fake.base_url, "api_key": "sk-sim", "max_retries": "0"}
    return VirtualService(catalog, cache, LlmSimulator(load_model("openai:sim-model", args)))


def test_simulator_sees_doc_examples_and_arguments_and_its_answer_is_kept(catalog: Path, tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "cache")
    for n in range(7):
        cache.put("Data", "doc_only", "search_books", {"query": f"q{n}"}, {"error": "", "response": {"total": n}})
    reply = {"error": "", "response": {"total": 42, "results": [{"title": "Dune", "author": "Frank Herbert"}]}}
    with FakeOpenAIServer(api_key="sk-sim") as fake:
        fake.push(f"Here you go:\n```json\n{json.dumps(reply)}\n```")
        with serve(create_app(_service(catalog, cache, fake))) as url:
            first = httpx.post(f"{url}/virtual", json=dict(BOOKS, tool_input='{"query": "dune"}'))
            second = httpx.post(f"{url}/virtual", json=dict(BOOKS, tool_input='{"query": "dune"}'))
        (request,) = fake.bodies("/chat/completions")
    assert first.headers["x-harness-source"] == "simulator" and first.json() == reply
    assert second.headers["x-harness-source"] == "cache" and second.json() == reply
    assert cache.get("Data", "doc_only", "search_books", {"query": "dune"}) == reply
    system, user = request["messages"]
    assert system == {"role": "system", "content": SYSTEM_PROMPT}
    prompt = user["content"]
    assert '"api": "Search Books"' in prompt and "A tool with documentation and no code." in prompt
    assert '"results": [{"title": "str"' in prompt  # the documented response shape
    assert all(f"q{n}" in prompt for n in range(5)) and "q5" not in prompt and "q6" not in prompt
    assert prompt.rstrip().endswith('{"query": "dune"}')
    assert request["temperature"] == 0


def test_unusable_replies_fall_back_to_the_schema(catalog: Path, tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "cache")
    with FakeOpenAIServer(api_key="sk-sim") as fake:
        fake.push("I cannot do that.", "[1, 2]", "{not json", http_error(500))
        with serve(create_app(_service(catalog, cache, fake))) as url:
            junk = httpx.post(f"{url}/virtual", json=dict(BOOKS, tool_input='{"query": "emma"}'))
            failed = httpx.post(f"{url}/virtual", json=dict(BOOKS, tool_input='{"query": "solaris"}'))
        asked = len(fake.bodies("/chat/completions"))
    assert junk.headers["x-harness-source"] == "schema" and failed.headers["x-harness-source"] == "schema"
    assert {"total", "results"} <= set(junk.json()["response"])
    assert asked == 4


def test_parse_reply_wraps_bare_objects() -> None:
    assert parse_reply('{"temp": 3}') == {"error": "", "response": {"temp": 3}}
    assert parse_reply('{"error": "", "response": "ok"}') == {"error": "", "response": "ok"}
    assert parse_reply("no json here") is None and parse_reply(None) is None


def test_serve_tools_reports_bad_options_in_one_line(catalog: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    unknown = runner.invoke(app, ["serve-tools", "--catalog", str(catalog), "--simulator", "no-such-model"])
    assert unknown.exit_code == 2 and "unknown model 'no-such-model'" in unknown.output
    bad_pair = runner.invoke(app, ["serve-tools", "--catalog", str(catalog), "--simulator", "openai", "-M", "x"])
    assert bad_pair.exit_code == 2 and "is not key=value" in bad_pair.output
    missing = runner.invoke(app, ["serve-tools", "--catalog", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "no such catalog folder" in missing.output
    for result in (unknown, bad_pair, missing):
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
