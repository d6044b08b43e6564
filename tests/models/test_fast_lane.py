"""The SDK clients' fast lane: after a path's first request the SDK is skipped, and nothing else changes
(headers, bodies, error mapping, redirects), against real loopback servers of both protocols."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import openai
import pytest

from harness.models.base import GenerateConfig, ModelCallError, ModelError
from harness.models.registry import load_model
from harness.models.retry import RetryableError
from harness.models.sdk import SdkClient
from harness.models.wrapper import Model
from harness.types.messages import Message
from tests.fakes.anthropic_server import FakeAnthropicServer
from tests.fakes.http_server import Fault
from tests.fakes.openai_server import FakeOpenAIServer, cut, http_error, malformed, serving_openai

KEY = "sk-test-fastlane-0123456789"
HELLO = [Message(role="user", content="hello")]
BODY = {"model": "fake-model", "messages": [{"role": "user", "content": "hello"}]}


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAIServer]:
    with serving_openai(monkeypatch, KEY) as fake:
        yield fake


@pytest.fixture
def sdk_posts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of every request that went through an SDK client's ``post``."""
    seen: list[str] = []
    for cls in (openai.AsyncOpenAI, __import__("anthropic").AsyncAnthropic):
        original = cls.post

        async def counting(self: Any, path: str, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            seen.append(path)
            return await _original(self, path, *args, **kwargs)

        monkeypatch.setattr(cls, "post", counting)
    return seen


def generate_in_one_loop(model: object, sequential: int, concurrent: int) -> list[str]:
    """``concurrent`` calls at once (the loop's first ones), then ``sequential`` one by one."""
    assert isinstance(model, Model)

    async def main() -> list[str]:
        config = GenerateConfig()
        first = await asyncio.gather(*(model.generate(HELLO, [], config) for _ in range(concurrent)))
        rest = [await model.generate(HELLO, [], config) for _ in range(sequential)]
        return [out.message.content or "" for out in [*first, *rest]]

    return asyncio.run(main())


def without_length(headers: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k != "content-length"}


def test_openai_requests_after_the_first_skip_the_sdk_and_send_its_headers(
    server: FakeOpenAIServer, sdk_posts: list[str]
) -> None:
    server.push(*[f"answer {i}" for i in range(14)])
    answers = generate_in_one_loop(load_model("openai:fake-model", {}, concurrency=8), sequential=6, concurrent=8)
    assert sorted(answers) == sorted(f"answer {i}" for i in range(14))
    # Eight at once at the start: one goes through the SDK, seven wait for its head (not the SDK).
    assert sdk_posts == ["/chat/completions"]
    assert len(server.requests) == 14
    first = without_length(server.requests[0].headers)
    assert first["authorization"] == f"Bearer {KEY}" and first["user-agent"].startswith("AsyncOpenAI")
    assert all(without_length(r.headers) == first for r in server.requests)
    assert all(r.body["messages"] == [{"role": "user", "content": "hello"}] for r in server.requests)


def test_anthropic_requests_after_the_first_skip_the_sdk(monkeypatch: pytest.MonkeyPatch, sdk_posts: list[str]) -> None:
    with FakeAnthropicServer(api_key=KEY) as fake:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", fake.base_url)
        monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
        fake.push(*[f"reply {i}" for i in range(5)])
        answers = generate_in_one_loop(load_model("claude", {}), sequential=5, concurrent=0)
        assert answers == [f"reply {i}" for i in range(5)]
        assert sdk_posts == ["/v1/messages"]
        first = without_length(fake.requests[0].headers)
        assert first["anthropic-version"] and all(without_length(r.headers) == first for r in fake.requests)


def make_openai(url: str) -> Any:
    def make(http: Any) -> Any:
        return openai.AsyncOpenAI(api_key=KEY, base_url=url, max_retries=0, http_client=http, timeout=http.timeout)

    return make


def client_for(server: FakeOpenAIServer, fast: bool = True) -> SdkClient:
    url = server.base_url
    return SdkClient("openai", make_openai(url), url, [KEY], "OpenAI-compatible server", "$OPENAI_API_KEY", 4, fast)


async def failure_of(client: SdkClient, warm_up: bool) -> Exception:
    if warm_up:
        await client.post("/chat/completions", BODY)
    try:
        await client.post("/chat/completions", BODY)
    except Exception as exc:
        return exc
    finally:
        await client.aclose()
    raise AssertionError("the request did not fail")


FAULTS = {
    "rate limit": http_error(429, retry_after=2, message="Rate limit reached"),
    "server error": http_error(503, message="upstream down"),
    "bad request": http_error(400, message=f"context too long for key {KEY}"),
    "rejected key": http_error(401, message="invalid key"),
    "wrong url": http_error(404, message="no such model"),
    "not json": malformed("<html>bad gateway</html>"),
    "cut off": cut({"choices": [{"message": {"content": "lost"}}]}),
}


@pytest.mark.parametrize("fault", FAULTS.values(), ids=list(FAULTS))
def test_failures_on_the_fast_lane_read_as_through_the_sdk(server: FakeOpenAIServer, fault: Fault) -> None:
    server.push(fault)
    through_sdk = asyncio.run(failure_of(client_for(server), warm_up=False))
    server.push("fine", fault)
    on_the_lane = asyncio.run(failure_of(client_for(server), warm_up=True))
    assert type(on_the_lane) is type(through_sdk)
    assert isinstance(on_the_lane, RetryableError | ModelError | ModelCallError)
    assert str(on_the_lane) == str(through_sdk) and KEY not in str(on_the_lane)
    assert getattr(on_the_lane, "retry_after_s", None) == getattr(through_sdk, "retry_after_s", None)
    assert getattr(on_the_lane, "http_status", None) == getattr(through_sdk, "http_status", None)


def test_a_redirect_sends_the_path_back_to_the_sdk_which_follows_it(
    server: FakeOpenAIServer, sdk_posts: list[str]
) -> None:
    moved = Fault(status=307, headers={"location": "/v1/chat/completions"}, body={})
    server.push("one", moved, "two", "three")

    async def main() -> list[Any]:
        client = client_for(server)
        try:
            return [await client.post("/chat/completions", BODY) for _ in range(3)]
        finally:
            await client.aclose()

    replies = asyncio.run(main())
    assert [r["choices"][0]["message"]["content"] for r in replies] == ["one", "two", "three"]
    # The first shows the head; the second meets the redirect on the lane and is sent again by the
    # SDK (which would follow any further redirect); the third stays with the SDK.
    assert sdk_posts == ["/chat/completions"] * 3
    assert len(server.requests) == 4


def test_platforms_that_sign_each_request_always_go_through_the_sdk(
    server: FakeOpenAIServer, sdk_posts: list[str]
) -> None:
    server.push("a", "b", "c")

    async def main() -> None:
        client = client_for(server, fast=False)
        try:
            for _ in range(3):
                await client.post("/chat/completions", BODY)
        finally:
            await client.aclose()

    asyncio.run(main())
    assert sdk_posts == ["/chat/completions"] * 3
