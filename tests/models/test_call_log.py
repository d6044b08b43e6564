"""Each model call's audit record, as the wrapper builds it against a real HTTP server on loopback:
attempts, each retry's cause and wait, the request actually sent and the raw response."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from harness.models.base import GenerateConfig, ModelCallError, ModelOutput
from harness.models.registry import load_model
from harness.models.wrapper import Model
from harness.store.episodes import pack, unpack
from harness.types.llm_call import CALL_RECORD, LLMCall, call_of
from harness.types.messages import Message
from tests.fakes.openai_server import FakeOpenAIServer, http_error, malformed, serving_openai

KEY = "sk-calllog-0123456789abcdef"
HELLO = [Message(role="user", content="What is the weather in Paris?")]
FAST = {"retry_base": "0.01"}


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAIServer]:
    with serving_openai(monkeypatch, KEY) as fake:
        yield fake


def generate(model: object, config: GenerateConfig | None = None) -> ModelOutput:
    assert isinstance(model, Model)
    return asyncio.run(model.generate(HELLO, [], config or GenerateConfig(temperature=0.2, max_tokens=32)))


def record(output: ModelOutput) -> LLMCall:
    found = output.extra.get(CALL_RECORD)
    assert isinstance(found, LLMCall)
    return found


def test_a_429_with_retry_after_then_an_answer_is_two_attempts_with_cause_and_wait(server: FakeOpenAIServer) -> None:
    server.push(http_error(429, retry_after=0.3, message="Rate limit reached"), "sunny")
    out = generate(load_model("chatgpt", FAST))
    call = record(out)
    assert out.message.content == "sunny"
    assert (call.status, call.attempts, call.cached) == ("answered", 2, False)
    assert len(call.retries) == 1
    retry = call.retries[0]
    assert retry.http_status == 429 and "Rate limit reached" in retry.cause
    assert 0.3 <= retry.wait_s <= 0.33  # the provider's Retry-After (plus at most 10% jitter)
    assert call.latency_s >= 0.3 and call.started_at > 0
    assert (call.prompt_tokens, call.completion_tokens) == (out.usage.prompt_tokens, out.usage.completion_tokens)
    # The wire body as sent, and the raw response as received.
    assert call.request is not None and call.request["body"] == server.bodies("/chat/completions")[-1]
    assert call.request["sampling"]["temperature"] == 0.2 and call.request["sampling"]["max_tokens"] == 32
    assert call.response["choices"][0]["message"]["content"] == "sunny"
    assert call.model["model"] == "gpt-3.5-turbo-16k-0613"


def test_a_call_that_fails_for_good_carries_its_record_on_the_exception(server: FakeOpenAIServer) -> None:
    server.push(http_error(503), malformed("<html>bad gateway</html>"), http_error(502))
    with pytest.raises(ModelCallError) as failure:
        generate(load_model("chatgpt", {**FAST, "max_retries": "2"}))
    call = call_of(failure.value)
    assert call is not None
    assert (call.status, call.attempts) == ("failed", 3)
    assert call.error is not None and "3 attempts" in call.error
    assert [r.http_status for r in call.retries] == [503, None]
    assert "malformed response body" in call.retries[1].cause
    assert all(r.wait_s > 0 for r in call.retries)
    assert "injected failure" in str(call.response)  # the last attempt's raw body (the 502)


def test_a_refused_request_is_one_failed_attempt(server: FakeOpenAIServer) -> None:
    server.push(http_error(400, message="context too long"))
    with pytest.raises(ModelCallError) as failure:
        generate(load_model("chatgpt", FAST))
    call = call_of(failure.value)
    assert call is not None and (call.status, call.attempts, call.retries) == ("failed", 1, [])
    assert "context too long" in str(call.response)


def test_a_cached_reply_is_zero_attempts(server: FakeOpenAIServer, tmp_path: object) -> None:
    server.push("first")
    model = load_model("chatgpt", {**FAST, "cache_dir": str(tmp_path)})
    config = GenerateConfig(temperature=0)
    assert record(generate(model, config)).attempts == 1
    again = record(generate(model, config))
    assert (again.attempts, again.cached) == (0, True)
    assert len(server.requests) == 1


def test_packed_bodies_hide_the_key_and_read_back() -> None:
    value = {"messages": [{"role": "user", "content": f"my key is {KEY} and sk-other-abcdefgh"}], "n": 1}
    blob, size = pack(value, (KEY,))
    assert blob is not None and size is not None and size > len(blob) - 20
    assert KEY.encode() not in blob and b"sk-other" not in blob
    assert unpack(blob) == {"messages": [{"role": "user", "content": "my key is *** and ***"}], "n": 1}
    assert pack(None) == (None, None) and unpack(None) is None
