"""An OpenAI-compatible server on 127.0.0.1 for tests: Chat Completions (tools and the older
functions API) and Completions, scripted replies, injected faults, recorded requests.

    with FakeOpenAIServer(api_key="sk-test") as server:
        server.push(call("get_weather_for_weather", {"city": "Paris"}), "It is sunny.")
        server.push(http_error(429, retry_after=0.2), malformed(), Stall(2.0))
        ... OPENAI_BASE_URL=server.base_url ...
        server.bodies("/chat/completions")   # what the client sent

Script items: a ``str`` (plain assistant text, or a completion's text), ``Reply`` (content, tool
calls, usage, finish reason), a ``dict`` (sent as the body verbatim), or a fault from
``tests.fakes.http_server`` (``http_error``, ``malformed``, ``Fault``, ``Stall``). When the script is
empty the server answers with ``default_reply(request)``; ``finish_with_last_observation`` is a
default that lets a whole episode run: it calls Finish with the last tool result as the answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.fakes.http_server import Fault, RecordedRequest, ScriptedServer, Stall, cut, http_error, malformed
from tests.fakes.replies import Reply, call, finish_with_last_observation, word_count

__all__ = [
    "FakeOpenAIServer",
    "Fault",
    "Reply",
    "Stall",
    "call",
    "cut",
    "finish_with_last_observation",
    "http_error",
    "malformed",
    "serving_openai",
    "word_count",
]


@contextmanager
def serving_openai(monkeypatch: Any, api_key: str, **options: Any) -> Iterator[FakeOpenAIServer]:
    """A fake server with ``$OPENAI_BASE_URL`` and ``$OPENAI_API_KEY`` pointing at it (a test's fixture)."""
    with FakeOpenAIServer(api_key=api_key, **options) as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", api_key)
        yield fake


class FakeOpenAIServer(ScriptedServer):
    """``base_url`` ends in ``/v1`` like OpenAI's. With ``api_key`` set, a request must carry
    ``Authorization: Bearer <api_key>`` or it gets OpenAI's 401."""

    def __init__(self, api_key: str | None = None, default_reply: Any = None, model: str = "fake-model") -> None:
        super().__init__(default_reply=default_reply)
        self.api_key = api_key
        self.model = model
        self._counter = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def authorized(self, request: RecordedRequest) -> bool:
        # Azure OpenAI takes the key in an ``api-key`` header; everyone else as a bearer token.
        given = (request.headers.get("authorization"), request.headers.get("api-key"))
        return self.api_key is None or f"Bearer {self.api_key}" in given or self.api_key in given

    def unauthorized(self) -> tuple[int, dict[str, str], Any]:
        message = "Incorrect API key provided. You can find your API key in your account settings."
        return 401, {}, {"error": {"message": message, "type": "invalid_request_error", "code": "invalid_api_key"}}

    def route(self, request: RecordedRequest) -> tuple[int, dict[str, str], Any] | None:
        if request.method == "GET" and request.path.endswith("/models"):
            return 200, {}, {"object": "list", "data": [{"id": self.model, "object": "model"}]}
        if not request.path.split("?")[0].endswith(("/chat/completions", "/completions")):
            return 404, {}, {"error": {"message": f"no route {request.path}", "type": "not_found"}}
        return None

    def _usage(self, request: RecordedRequest, reply: Reply) -> dict[str, int]:
        if reply.usage is not None:
            prompt, completion = reply.usage
        else:
            body = request.body if isinstance(request.body, dict) else {}
            prompt = word_count(body.get("messages") or body.get("prompt"))
            completion = word_count(reply.content) + word_count([str(a) for _, a in reply.tool_calls])
        return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}

    def render(self, item: Any, request: RecordedRequest) -> tuple[int, dict[str, str], Any]:
        if isinstance(item, dict):
            return 200, {}, item
        reply = Reply(content=item) if isinstance(item, str) else item
        self._counter += 1
        base = {"id": f"chatcmpl-{self._counter}", "created": 1700000000, "model": self.model}
        if not request.path.split("?")[0].endswith("/chat/completions"):
            choice = {"index": 0, "text": reply.content or "", "finish_reason": reply.finish_reason or "stop"}
            return (
                200,
                {},
                {**base, "object": "text_completion", "choices": [choice], "usage": self._usage(request, reply)},
            )
        legacy = isinstance(request.body, dict) and "functions" in request.body
        message: dict[str, Any] = {"role": "assistant", "content": reply.content}
        calls = [
            (name, arguments if isinstance(arguments, str) else json.dumps(arguments))
            for name, arguments in reply.tool_calls
        ]
        if calls and legacy:
            message["function_call"] = {"name": calls[0][0], "arguments": calls[0][1]}
        elif calls:
            message["tool_calls"] = [
                {"id": f"call_{self._counter}_{i}", "type": "function", "function": {"name": n, "arguments": a}}
                for i, (n, a) in enumerate(calls)
            ]
        finish = reply.finish_reason or ("function_call" if calls and legacy else "tool_calls" if calls else "stop")
        choice = {"index": 0, "message": message, "finish_reason": finish}
        return 200, {}, {**base, "object": "chat.completion", "choices": [choice], "usage": self._usage(request, reply)}
