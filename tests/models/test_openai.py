"""The openai adapter against a real HTTP server on loopback that speaks Chat Completions."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.models.base import GenerateConfig, ModelCallError, ModelError, ModelOutput
from harness.models.registry import load_model
from harness.models.wrapper import Model
from harness.types.messages import Function, Message, ToolCall
from tests.fakes.openai_server import (
    FakeOpenAIServer,
    Reply,
    Stall,
    call,
    cut,
    http_error,
    malformed,
    serving_openai,
    word_count,
)

KEY = "sk-test-0123456789abcdef"
WEATHER = Function(
    name="get_weather_for_weather",
    description="Current weather of a city.",
    parameters={
        "type": "object",
        "properties": {"city": {"type": "string", "description": "city name", "example_value": "Paris"}},
        "required": ["city"],
        "optional": [],
    },
)
CONVERSATION = [
    Message(role="system", content="You are a careful assistant."),
    Message(role="user", content="What is the weather in Paris?"),
]
FAST = {"retry_base": "0.01"}
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAIServer]:
    with serving_openai(monkeypatch, KEY) as fake:
        yield fake


def generate(
    model: object,
    messages: list[Message] = CONVERSATION,
    functions: list[Function] | None = None,
    config: GenerateConfig | None = None,
) -> ModelOutput:
    assert isinstance(model, Model)
    return asyncio.run(
        model.generate(messages, [WEATHER] if functions is None else functions, config or GenerateConfig())
    )


def test_tool_call_round_trip_uses_the_wire_format(server: FakeOpenAIServer) -> None:
    server.push(call("get_weather_for_weather", {"city": "Paris"}, content="Let me look."))
    model = load_model("chatgpt", {})
    out = generate(model, config=GenerateConfig(temperature=0.3, max_tokens=64, stop=["\nObservation"], seed=7))

    assert out.message.role == "assistant"
    assert out.message.content == "Let me look."
    assert out.message.tool_call is not None
    assert out.message.tool_call.name == "get_weather_for_weather"
    assert json.loads(out.message.tool_call.arguments) == {"city": "Paris"}
    assert out.message.tool_call.id == "call_1_0"
    assert out.extra["finish_reason"] == "tool_calls"

    request = server.requests[-1]
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    body = request.body
    assert body["model"] == "gpt-3.5-turbo-16k-0613"
    assert body["messages"] == [
        {"role": "system", "content": "You are a careful assistant."},
        {"role": "user", "content": "What is the weather in Paris?"},
    ]
    assert body["tools"] == [{"type": "function", "function": WEATHER.model_dump()}]
    assert (body["temperature"], body["max_tokens"], body["stop"], body["seed"]) == (0.3, 64, ["\nObservation"], 7)


def test_plain_answer_reports_usage_latency_and_cost(server: FakeOpenAIServer) -> None:
    server.push("It is sunny in Paris today.")
    model = load_model("chatgpt", {})
    out = generate(model)
    assert out.message.tool_call is None
    assert out.message.content == "It is sunny in Paris today."
    prompt_words = word_count(server.bodies("/chat/completions")[0]["messages"])
    assert (out.usage.prompt_tokens, out.usage.completion_tokens) == (prompt_words, 6)
    # gpt-3.5-turbo-16k-0613 list price: $3 / $4 per million tokens.
    assert out.cost_usd == pytest.approx((prompt_words * 3 + 6 * 4) / 1e6)
    assert out.latency_s > 0
    assert isinstance(model, Model)
    assert model.accounting.calls == 1
    assert model.accounting.usage.total_tokens == prompt_words + 6


def test_prices_are_configurable(server: FakeOpenAIServer) -> None:
    server.push(Reply(content="ok", usage=(1000, 500)))
    model = load_model("openai:my-local-model", {"price_prompt": "1.5", "price_completion": "2"})
    out = generate(model)
    assert out.cost_usd == pytest.approx((1000 * 1.5 + 500 * 2) / 1e6)
    server.push(Reply(content="ok", usage=(1000, 500)))
    unpriced = generate(load_model("openai:my-local-model", {}))
    assert unpriced.cost_usd == 0.0


def test_every_tool_call_is_kept_and_each_result_answers_its_call(server: FakeOpenAIServer) -> None:
    server.push(Reply(tool_calls=[("a_for_t", {"x": 1}), ("b_for_t", '{"y": 2}')]), "done")
    model = load_model("gpt-4o", {})
    out = generate(model)
    assert [(c.name, c.arguments, c.id) for c in out.message.calls] == [
        ("a_for_t", '{"x": 1}', "call_1_0"),
        ("b_for_t", '{"y": 2}', "call_1_1"),
    ]
    # Sent back: one assistant turn with both calls, then a tool turn per call by its id; a
    # transcript without ids gets one per call, and its results answer them in order.
    results = [Message(role="tool", name=c.name, content=f"{c.name} ok", tool_call_id=c.id) for c in out.message.calls]
    bare = Message(role="assistant", tool_call=ToolCall(name="a_for_t"), more_calls=[ToolCall(name="b_for_t")])
    transcript = [
        Message(role="user", content="Go."),
        out.message,
        *results,
        bare,
        Message(role="tool", content="first"),
        Message(role="tool", content="second"),
    ]
    generate(model, messages=transcript)
    sent = server.requests[-1].body["messages"]
    assert [c["id"] for c in sent[1]["tool_calls"]] == ["call_1_0", "call_1_1"]
    assert [(m["role"], m["tool_call_id"]) for m in sent[2:4]] == [("tool", "call_1_0"), ("tool", "call_1_1")]
    assert [c["id"] for c in sent[4]["tool_calls"]] == ["call_4", "call_4_1"]
    assert [m["tool_call_id"] for m in sent[5:]] == ["call_4", "call_4_1"]


def test_rate_limit_honours_retry_after(server: FakeOpenAIServer) -> None:
    server.push(http_error(429, retry_after=0.4, message="Rate limit reached"), "done")
    model = load_model("chatgpt", FAST)
    started = time.perf_counter()
    out = generate(model)
    elapsed = time.perf_counter() - started
    assert out.message.content == "done"
    assert len(server.requests) == 2
    assert elapsed >= 0.4  # the backoff alone (0.01 s) would have been far shorter
    assert isinstance(model, Model) and model.accounting.retries == 1


def test_server_errors_are_retried_with_retry_after(server: FakeOpenAIServer) -> None:
    server.push(http_error(500, retry_after=0.2), http_error(503), "recovered")
    model = load_model("chatgpt", FAST)
    out = generate(model)
    assert out.message.content == "recovered"
    assert len(server.requests) == 3


def test_a_stalled_request_times_out_and_is_retried(server: FakeOpenAIServer) -> None:
    server.push(Stall(1.5), "in time")
    model = load_model("chatgpt", {**FAST, "timeout": "0.3"})
    started = time.perf_counter()
    out = generate(model)
    assert out.message.content == "in time"
    assert time.perf_counter() - started < 1.4
    assert len(server.requests) == 2


def test_malformed_bodies_are_retried_then_fail_with_one_line(server: FakeOpenAIServer) -> None:
    server.push(malformed(), {"id": "x", "object": "chat.completion"}, "finally")
    assert generate(load_model("chatgpt", FAST)).message.content == "finally"
    assert len(server.requests) == 3

    server.push(*[malformed("<html>bad gateway</html>")] * 3)
    with pytest.raises(ModelCallError) as failure:
        generate(load_model("chatgpt", {**FAST, "max_retries": "2"}))
    message = str(failure.value)
    assert "\n" not in message
    assert "3 attempts" in message and "malformed response body" in message
    assert len(server.requests) == 6


def test_bodies_cut_off_mid_reply_are_retried_then_fail_with_one_line(server: FakeOpenAIServer) -> None:
    whole = {"id": "x", "object": "chat.completion", "choices": [{"index": 0, "message": {"content": "lost"}}]}
    server.push(cut(whole), "after the cut")
    assert generate(load_model("chatgpt", FAST)).message.content == "after the cut"
    assert len(server.requests) == 2

    server.push(*[cut(whole, keep=0.3)] * 3)
    with pytest.raises(ModelCallError) as failure:
        generate(load_model("chatgpt", {**FAST, "max_retries": "2"}))
    message = str(failure.value)
    assert "\n" not in message and "3 attempts" in message
    assert len(server.requests) == 5


def test_bad_requests_fail_at_once(server: FakeOpenAIServer) -> None:
    server.push(http_error(400, message="This model's maximum context length is 16385 tokens."))
    with pytest.raises(ModelCallError, match=r"HTTP 400.*maximum context length"):
        generate(load_model("chatgpt", FAST))
    assert len(server.requests) == 1


def test_rejected_key_names_the_variable_and_hides_the_key(
    monkeypatch: pytest.MonkeyPatch, server: FakeOpenAIServer
) -> None:
    wrong = "sk-wrong-key-5555555555"
    monkeypatch.setenv("OPENAI_API_KEY", wrong)
    with pytest.raises(ModelError) as failure:
        generate(load_model("chatgpt", FAST))
    message = str(failure.value)
    assert "OPENAI_API_KEY" in message and "401" in message
    assert wrong not in message and KEY not in message
    assert len(server.requests) == 1  # a bad key is not retried


def test_error_bodies_echoing_a_key_are_redacted(server: FakeOpenAIServer) -> None:
    server.push(http_error(400, message=f"bad request from key {KEY}"))
    with pytest.raises(ModelCallError) as failure:
        generate(load_model("chatgpt", FAST))
    assert KEY not in str(failure.value) and "***" in str(failure.value)


def test_args_override_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens there
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with FakeOpenAIServer(api_key="local") as other:
        other.push("from the other server")
        model = load_model("openai", {"base_url": other.base_url, "model": "qwen-7b", "api_key": "local"})
        assert generate(model).message.content == "from the other server"
        assert other.requests[0].body["model"] == "qwen-7b"


def test_missing_key_is_one_line_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(ModelError) as failure:
        load_model("chatgpt", {})
    assert "OPENAI_API_KEY" in str(failure.value) and "\n" not in str(failure.value)


def test_transcripts_without_call_ids_and_hidden_turns(server: FakeOpenAIServer) -> None:
    server.push("ok")
    transcript = [
        *CONVERSATION,
        Message(role="user", content="hidden", valid=False),
        Message(
            role="assistant",
            content="Thought",
            tool_call=ToolCall(name="get_weather_for_weather", arguments='{"city": "Paris"}'),
        ),
        Message(role="tool", name="get_weather_for_weather", content='{"sky": "clear"}'),
    ]
    generate(load_model("chatgpt", {}), messages=transcript)
    sent = server.bodies("/chat/completions")[0]["messages"]
    assert [m["role"] for m in sent] == ["system", "user", "assistant", "tool"]
    assert sent[2]["tool_calls"][0]["id"] == "call_3"
    assert sent[3] == {"role": "tool", "tool_call_id": "call_3", "content": '{"sky": "clear"}'}


def test_legacy_functions_api(server: FakeOpenAIServer) -> None:
    server.push(call("functions.get_weather_for_weather", {"city": "Rome"}))
    transcript = [
        *CONVERSATION,
        Message(role="assistant", content="", tool_call=ToolCall(name="get_weather_for_weather", arguments="{}")),
        Message(role="tool", name="get_weather_for_weather", content="rain"),
    ]
    out = generate(load_model("chatgpt", {"tool_api": "functions"}), messages=transcript)
    body = server.bodies("/chat/completions")[0]
    assert body["functions"] == [WEATHER.model_dump()] and "tools" not in body
    assert body["messages"][2]["function_call"] == {"name": "get_weather_for_weather", "arguments": "{}"}
    assert body["messages"][3] == {"role": "function", "name": "get_weather_for_weather", "content": "rain"}
    # ToolBench strips a namespace the model put before the function name.
    assert out.message.tool_call == ToolCall(name="get_weather_for_weather", arguments='{"city": "Rome"}')


def test_no_functions_sends_no_tools(server: FakeOpenAIServer) -> None:
    server.push("plain")
    generate(load_model("chatgpt", {}), functions=[])
    assert "tools" not in server.bodies("/chat/completions")[0]


def test_concurrency_limit_bounds_requests_in_flight(server: FakeOpenAIServer) -> None:
    server.push(*[Stall(0.15, then="slow") for _ in range(6)])
    model = load_model("chatgpt", {"concurrency": "2"})
    assert isinstance(model, Model)

    async def many() -> list[ModelOutput]:
        return await asyncio.gather(*(model.generate(CONVERSATION, [WEATHER], GenerateConfig()) for _ in range(6)))

    outs = asyncio.run(many())
    assert [o.message.content for o in outs] == ["slow"] * 6
    assert server.max_in_flight == 2


def test_response_cache_is_keyed_by_the_full_request(server: FakeOpenAIServer, tmp_path: object) -> None:
    args = {"cache_dir": str(tmp_path)}
    server.push("first", "second", "third", "sampled-1", "sampled-2")
    first = generate(load_model("chatgpt", args))
    again = generate(load_model("chatgpt", args))
    assert (first.cached, again.cached) == (False, True)
    assert again.message == first.message and again.usage == first.usage
    assert len(server.requests) == 1
    # Any difference in the request is a different key: the messages, the sampling, the model.
    other = generate(load_model("chatgpt", args), messages=[*CONVERSATION, Message(role="user", content="More?")])
    assert other.message.content == "second"
    assert generate(load_model("gpt-4", args)).message.content == "third"
    # Sampling without a seed is never cached: every sample must be a fresh draw.
    hot = GenerateConfig(temperature=1.0)
    assert generate(load_model("chatgpt", args), config=hot).message.content == "sampled-1"
    assert generate(load_model("chatgpt", args), config=hot).message.content == "sampled-2"


def test_unknown_argument_is_refused(server: FakeOpenAIServer) -> None:
    with pytest.raises(ModelError, match="does not take -M temprature"):
        load_model("chatgpt", {"temprature": "0"})


def test_react_text_form_for_servers_without_tool_parsing(server: FakeOpenAIServer) -> None:
    server.push("I cannot tell without a city.")
    out = generate(load_model("openai:llama-3-8b", {"tool_format": "react"}))
    body = server.bodies("/chat/completions")[0]
    assert "tools" not in body
    assert "Specifically, you have access to the following APIs:" in body["messages"][0]["content"]
    assert out.message.tool_call is None and out.extra["parse_error"] == "no 'Action:' in the reply"


def test_a_cli_run_closes_its_connection_pool(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The provider's pool belongs to the run's event loop: the run closes it, so nothing reports
    unclosed sessions or connections when the process ends."""
    with serving_openai(monkeypatch, KEY, default_reply=lambda _: "I cannot tell.") as fake:
        done = subprocess.run(
            [sys.executable, "-m", "harness.cli.main", "run", "--model", "openai:fake-model", "--strategy", "react",
             "--tasks", "sandbox/G1_instruction", "--limit", "3", "--concurrency", "3",
             "--db", str(tmp_path / "r.duckdb")],
            capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)},
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(fake.requests) >= 3
    assert "errors 0" in done.stderr, done.stderr
    assert "Unclosed" not in done.stderr, done.stderr
