"""An Anthropic Messages API stand-in on 127.0.0.1: scripted replies, injected faults, recorded
requests. Script items as for ``FakeOpenAIServer`` (``str``, ``Reply``, a raw ``dict``, faults).

Like the real API it wants the key (when ``api_key`` is set) as ``x-api-key`` or, as the current
SDK sends it, ``Authorization: Bearer``; an ``anthropic-version`` header and ``max_tokens`` in the
body; and it refuses turns that do not alternate.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from tests.fakes.http_server import Fault, RecordedRequest, ScriptedServer, Stall, cut, http_error, malformed
from tests.fakes.replies import Reply, call, finish_with_last_observation, word_count

__all__ = [
    "FakeAnthropicServer",
    "Fault",
    "Reply",
    "Stall",
    "call",
    "cut",
    "finish_with_last_observation",
    "http_error",
    "malformed",
    "overloaded",
]


def overloaded(retry_after: float | None = None) -> Fault:
    """Anthropic's 529 ``overloaded_error``."""
    headers = {"retry-after": str(retry_after)} if retry_after is not None else {}
    body = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    return Fault(status=529, headers=headers, body=body)


def _invalid(message: str) -> tuple[int, dict[str, str], Any]:
    return 400, {}, {"type": "error", "error": {"type": "invalid_request_error", "message": message}}


class FakeAnthropicServer(ScriptedServer):
    """``base_url`` has no ``/v1``, like the SDK's default; requests go to ``/v1/messages``."""

    def __init__(self, api_key: str | None = None, default_reply: Any = None) -> None:
        super().__init__(default_reply=default_reply)
        self.api_key = api_key
        self._counter = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def authorized(self, request: RecordedRequest) -> bool:
        if self.api_key is None:
            return True
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
        return self.api_key in (request.headers.get("x-api-key"), bearer)

    def unauthorized(self) -> tuple[int, dict[str, str], Any]:
        return 401, {}, {"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}}

    def route(self, request: RecordedRequest) -> tuple[int, dict[str, str], Any] | None:
        body = request.body if isinstance(request.body, dict) else {}
        # Bedrock (/model/{id}/invoke) and Vertex (...:rawPredict) name the model in the path and the
        # API version in the body; the Messages API has both in the body and the version in a header.
        on_platform = request.path.endswith(("/invoke", ":rawPredict"))
        if request.path != "/v1/messages" and not on_platform:
            return 404, {}, {"type": "error", "error": {"type": "not_found_error", "message": request.path}}
        if on_platform and ("model" in body or "anthropic_version" not in body):
            return _invalid("anthropic_version: Field required in the body; the model goes in the path")
        if not on_platform and "anthropic-version" not in request.headers:
            return _invalid("anthropic-version: header is required")
        if not isinstance(body.get("max_tokens"), int):
            return _invalid("max_tokens: Field required")
        roles = [m.get("role") for m in body.get("messages", [])]
        if not roles or roles[0] != "user" or any(a == b for a, b in itertools.pairwise(roles)):
            return _invalid("messages: roles must alternate between user and assistant, starting with user")
        return None

    def render(self, item: Any, request: RecordedRequest) -> tuple[int, dict[str, str], Any]:
        if isinstance(item, dict):
            return 200, {}, item
        reply = Reply(content=item) if isinstance(item, str) else item
        self._counter += 1
        blocks: list[dict[str, Any]] = [{"type": "text", "text": reply.content}] if reply.content else []
        for i, (name, arguments) in enumerate(reply.tool_calls):
            value = json.loads(arguments) if isinstance(arguments, str) else arguments
            blocks.append({"type": "tool_use", "id": f"toolu_{self._counter}_{i}", "name": name, "input": value})
        if reply.usage is not None:
            prompt, completion = reply.usage
        else:
            body = request.body if isinstance(request.body, dict) else {}
            prompt = word_count(body.get("messages")) + word_count(body.get("system"))
            completion = word_count(reply.content) + word_count([str(a) for _, a in reply.tool_calls])
        stop = reply.finish_reason or ("tool_use" if reply.tool_calls else "end_turn")
        body_out = {
            "id": f"msg_{self._counter}",
            "type": "message",
            "role": "assistant",
            "model": (request.body or {}).get("model", "claude"),
            "content": blocks,
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": {"input_tokens": prompt, "output_tokens": completion},
        }
        return 200, {}, body_out
