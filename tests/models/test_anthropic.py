"""The anthropic adapter against a real HTTP server on loopback that speaks the Messages API."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import pytest

from harness.models.base import GenerateConfig, ModelCallError, ModelError, ModelOutput
from harness.models.registry import load_model
from harness.models.wrapper import Model
from harness.types.messages import Function, Message, ToolCall
from tests.fakes.anthropic_server import (
    FakeAnthropicServer,
    Reply,
    Stall,
    call,
    http_error,
    malformed,
    overloaded,
)
from tests.fakes.replies import word_count

KEY = "sk-ant-test-abcdef0123456789"
SEARCH = Function(
    name="search_for_books",
    description="Find books by title.",
    parameters={"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"], "optional": []},
)
CONVERSATION = [
    Message(role="system", content="You solve tasks with tools."),
    Message(role="user", content="Find the book Dune."),
]
FAST = {"retry_base": "0.01"}


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAnthropicServer]:
    with FakeAnthropicServer(api_key=KEY) as fake:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", fake.base_url)
        monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
        yield fake


def generate(
    model: object,
    messages: list[Message] = CONVERSATION,
    functions: list[Function] | None = None,
    config: GenerateConfig | None = None,
) -> ModelOutput:
    assert isinstance(model, Model)
    functions = [SEARCH] if functions is None else functions
    return asyncio.run(model.generate(messages, functions, config or GenerateConfig()))


def test_tool_use_round_trip(server: FakeAnthropicServer) -> None:
    server.push(call("search_for_books", {"title": "Dune"}, content="Searching."))
    out = generate(load_model("claude", {}), config=GenerateConfig(temperature=0.5, stop=["STOP"], top_p=0.9))
    assert out.message.content == "Searching."
    assert out.message.tool_call == ToolCall(name="search_for_books", arguments='{"title": "Dune"}', id="toolu_1_0")
    assert out.extra["finish_reason"] == "tool_use"

    request = server.requests[-1]
    assert request.path == "/v1/messages"
    # The official SDK sends the key as a bearer token (older clients used x-api-key; the fake takes both).
    assert request.headers["authorization"] == f"Bearer {KEY}" and request.headers["anthropic-version"]
    body = request.body
    assert body["model"] == "claude-sonnet-4-5"
    assert body["system"] == "You solve tasks with tools."
    assert body["messages"] == [{"role": "user", "content": [{"type": "text", "text": "Find the book Dune."}]}]
    assert body["tools"] == [
        {"name": "search_for_books", "description": SEARCH.description, "input_schema": SEARCH.parameters}
    ]
    assert (body["max_tokens"], body["temperature"], body["top_p"], body["stop_sequences"]) == (
        1024,
        0.5,
        0.9,
        ["STOP"],
    )


def test_plain_answer_and_usage(server: FakeAnthropicServer) -> None:
    server.push("Dune was written by Frank Herbert.")
    out = generate(load_model("claude", {}))
    body = server.bodies("/v1/messages")[0]
    assert out.message.content == "Dune was written by Frank Herbert." and out.message.tool_call is None
    prompt = word_count(body["messages"]) + word_count(body["system"])
    assert (out.usage.prompt_tokens, out.usage.completion_tokens) == (prompt, 6)
    assert out.cost_usd == pytest.approx((prompt * 3 + 6 * 15) / 1e6)  # Claude Sonnet 4.5 list price


def test_claude_2_is_prompted_in_react_text(server: FakeAnthropicServer) -> None:
    server.push('Thought: look it up\nAction: search_for_books\nAction Input: {"title": "Dune"}')
    transcript = [
        *CONVERSATION,
        Message(role="assistant", content="First try.", tool_call=ToolCall(name="search_for_books", arguments="{}")),
        Message(role="tool", name="search_for_books", content="no title given"),
    ]
    out = generate(load_model("claude-2", {}), messages=transcript)
    body = server.bodies("/v1/messages")[0]
    assert body["model"] == "claude-2.0" and "tools" not in body
    assert body["system"].startswith("You solve tasks with tools.\nYour output should follow this format:")
    assert "Specifically, you have access to the following APIs: [{'name': 'search_for_books'" in body["system"]
    assert body["messages"][1:] == [
        {
            "role": "assistant",
            "content": [{"type": "text", "text": "Thought: First try.\nAction: search_for_books\nAction Input: {}"}],
        },
        {"role": "user", "content": [{"type": "text", "text": "Observation: no title given"}]},
    ]
    assert out.message.content == "look it up"
    assert out.message.tool_call == ToolCall(name="search_for_books", arguments='{"title": "Dune"}')
    assert out.raw_text is not None and out.raw_text.startswith("Thought: look it up")
    prompt = word_count(body["messages"]) + word_count(body["system"])
    assert out.cost_usd == pytest.approx((prompt * 8 + out.usage.completion_tokens * 24) / 1e6)  # Claude 2 price


def test_tool_results_alternate_roles_and_get_ids(server: FakeAnthropicServer) -> None:
    server.push("Here it is.")
    transcript = [
        *CONVERSATION,
        Message(role="assistant", content="", tool_call=ToolCall(name="search_for_books", arguments="not json")),
        Message(role="tool", name="search_for_books", content='{"author": "Frank Herbert"}'),
        Message(role="user", content="And the year?"),
    ]
    generate(load_model("claude", {}), messages=transcript)
    sent = server.bodies("/v1/messages")[0]["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]  # the server refuses anything else
    assert sent[1]["content"] == [
        {"type": "tool_use", "id": "toolu_2", "name": "search_for_books", "input": {"arguments": "not json"}}
    ]
    assert sent[2]["content"] == [
        {"type": "tool_result", "tool_use_id": "toolu_2", "content": '{"author": "Frank Herbert"}'},
        {"type": "text", "text": "And the year?"},
    ]


def test_every_tool_use_is_kept_and_its_results_share_one_user_turn(server: FakeAnthropicServer) -> None:
    server.push(Reply(tool_calls=[("search_for_books", {"title": "A"}), ("search_for_books", {"title": "B"})]), "ok")
    model = load_model("claude", {})
    out = generate(model)
    assert [json.loads(c.arguments) for c in out.message.calls] == [{"title": "A"}, {"title": "B"}]
    assert [c.id for c in out.message.calls] == ["toolu_1_0", "toolu_1_1"]
    transcript = [
        Message(role="user", content="Find A and B."),
        out.message,
        Message(role="tool", name="search_for_books", content="a", tool_call_id="toolu_1_0"),
        Message(role="tool", name="search_for_books", content="b", tool_call_id="toolu_1_1"),
    ]
    generate(model, messages=transcript)
    sent = server.bodies("/v1/messages")[-1]["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    assert [b["id"] for b in sent[1]["content"] if b["type"] == "tool_use"] == ["toolu_1_0", "toolu_1_1"]
    assert sent[2]["content"] == [
        {"type": "tool_result", "tool_use_id": "toolu_1_0", "content": "a"},
        {"type": "tool_result", "tool_use_id": "toolu_1_1", "content": "b"},
    ]


def test_overload_rate_limit_and_server_errors_are_retried(server: FakeAnthropicServer) -> None:
    server.push(overloaded(retry_after=0.3), http_error(429, retry_after=0.1), http_error(500), "fine")
    started = time.perf_counter()
    out = generate(load_model("claude", FAST))
    assert out.message.content == "fine" and len(server.requests) == 4
    assert time.perf_counter() - started >= 0.4


def test_timeout_and_malformed_body_are_retried(server: FakeAnthropicServer) -> None:
    server.push(Stall(1.5), malformed(), {"type": "message"}, "fine")
    started = time.perf_counter()
    assert generate(load_model("claude", {**FAST, "timeout": "0.3"})).message.content == "fine"
    assert time.perf_counter() - started < 1.4 and len(server.requests) == 4


def test_exhausted_retries_raise_one_line(server: FakeAnthropicServer) -> None:
    server.push(*[overloaded()] * 2)
    with pytest.raises(ModelCallError) as failure:
        generate(load_model("claude", {**FAST, "max_retries": "1"}))
    assert "2 attempts" in str(failure.value) and "Overloaded" in str(failure.value)


def test_bad_key_and_missing_key(server: FakeAnthropicServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-wrong-999999999")
    with pytest.raises(ModelError) as failure:
        generate(load_model("claude", FAST))
    assert "ANTHROPIC_API_KEY" in str(failure.value) and "sk-ant-wrong" not in str(failure.value)
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    with pytest.raises(ModelError, match=r"needs \$ANTHROPIC_API_KEY"):
        load_model("claude", {})


def test_base_url_argument_with_v1_and_explicit_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)
    with FakeAnthropicServer() as fake:
        fake.push("hi")
        model = load_model("anthropic:claude-opus-4-1", {"base_url": fake.base_url + "/v1", "api_key": "k"})
        assert generate(model, functions=[]).message.content == "hi"
        body = fake.bodies("/v1/messages")[0]
        assert body["model"] == "claude-opus-4-1" and "tools" not in body
