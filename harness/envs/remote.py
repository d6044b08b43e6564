"""Backends that post calls to a ToolBench-style server: our ``serve-tools``, StableToolBench's
virtual server, or ToolBench's hosted RapidAPI proxy. All three speak one protocol: ``POST`` a JSON
body ``{category, tool_name, api_name, tool_input, strip, toolbench_key}`` with the key also in a
``toolbench_key`` header, and read back ``{"error": ..., "response": ...}``.

``HttpBackend`` holds what every HTTP backend shares (this one and ``rapidapi.RapidApiBackend``).
Failures become answers the way ToolBench's client makes them: a time-out is status 5, a non-200
reply or an unreadable body status 12, and so is a reply that breaks the protocol (ToolBench's client
would fail on it), with the raw body kept. Rate limits (HTTP 429, or the server's rate-limit errors) are
retried with exponential backoff before the last answer (status 9 or 10) is returned.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from harness.envs.backend import ApiRequest
from harness.envs.result import ApiResult
from harness.envs.secrets import redact, scrub
from harness.envs.status import RATE_LIMIT_MINUTE_ERROR, REQUEST_ERROR, TIMEOUT_ERROR, TOO_MANY_REQUESTS_ERROR
from harness.types.observation import Status

log = logging.getLogger(__name__)

SOURCE_HEADER = "x-harness-source"
RETRIED = frozenset({Status.TOO_MANY_REQUESTS, Status.RATE_LIMIT})
MAX_BACKOFF_S = 60.0


def backoff_delay(attempt: int, base_s: float, retry_after: str | None = None) -> float:
    """Seconds to wait before retry ``attempt`` (0-based): the server's Retry-After when it gives
    seconds, else ``base_s`` doubled per attempt; never more than a minute."""
    if retry_after is not None:
        try:
            return min(max(float(retry_after), 0.0), MAX_BACKOFF_S)
        except ValueError:
            pass
    return float(min(base_s * (2**attempt), MAX_BACKOFF_S))


def endpoint(url: str) -> str:
    """The POST endpoint: a bare ``http://host:port`` means its ``/virtual`` route."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(
            f"{url!r} is not an http(s) URL; give the server's address, e.g. http://127.0.0.1:8080/virtual"
        )
    return url.rstrip("/") + "/virtual" if parts.path in {"", "/"} else url


def rate_limited(text: str, source: str) -> ApiResult:
    """The answer for an HTTP 429: a per-minute quota (10) when the text says so, else 9."""
    lowered = text.lower()
    per_minute = "rate limit" in lowered or "exceeded" in lowered
    return ApiResult.of(RATE_LIMIT_MINUTE_ERROR if per_minute else TOO_MANY_REQUESTS_ERROR, text, source)


Attempt = tuple[ApiResult, str | None]  # an answer and the server's Retry-After header


class HttpBackend:
    """What the HTTP backends share: a client opened on first use, the key (scrubbed from every
    answer), transport failures as answers, and retries with backoff on rate limits."""

    def __init__(self, name: str, key: str | None, timeout_s: float | None, retries: int, backoff_s: float) -> None:
        self.name = name
        self._key = key
        self.timeout_s = timeout_s
        self.retries = retries
        self.backoff_s = backoff_s
        self._client: httpx.AsyncClient | None = None

    async def _send(self, method: str, url: str, **options: Any) -> httpx.Response | ApiResult:
        """The reply, or the answer a transport failure stands for (time-out 5, otherwise 12)."""
        if self._client is None:
            limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
            self._client = httpx.AsyncClient(timeout=self.timeout_s, limits=limits)
        try:
            return await self._client.request(method, url, **options)
        except httpx.TimeoutException:
            return ApiResult.of(TIMEOUT_ERROR, "", self.name)
        except httpx.HTTPError as exc:
            return ApiResult.of(f"{REQUEST_ERROR}. {type(exc).__name__}", "", self.name)

    async def _with_backoff(
        self, attempt: Callable[[], Awaitable[tuple[ApiResult, str | None]]], what: str
    ) -> ApiResult:
        """Run ``attempt`` (an answer and the server's Retry-After) until it is not rate-limited or
        the retries are spent; the last answer is returned either way."""
        tries = 0
        while True:
            result, retry_after = await attempt()
            if result.status not in RETRIED or tries >= self.retries:
                return result
            delay = backoff_delay(tries, self.backoff_s, retry_after)
            log.info("%s rate-limited %s; retrying in %.2f s", self.name, what, delay)
            await asyncio.sleep(delay)
            tries += 1

    def secrets(self) -> list[str]:
        return [self._key] if self._key else []

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


class ServerBackend(HttpBackend):
    """Posts each call to a ToolBench-protocol server."""

    def __init__(
        self,
        url: str,
        name: str = "virtual",
        key: str | None = None,
        timeout_s: float | None = 60.0,
        retries: int = 3,
        backoff_s: float = 2.0,
        strip: str = "truncate",
    ) -> None:
        super().__init__(name, key, timeout_s, retries, backoff_s)
        self.url = endpoint(url)
        self.strip = strip

    async def execute(self, request: ApiRequest) -> ApiResult:
        payload = {
            "category": request.api.category_name,
            "tool_name": request.tool,
            "api_name": request.function,
            "tool_input": request.raw_arguments,
            "strip": self.strip,
            "toolbench_key": self._key or "",
        }
        headers = {"toolbench_key": self._key or ""}
        return await self._with_backoff(lambda: self._post(payload, headers), f"{request.tool}.{request.function}")

    async def _post(self, payload: dict[str, str], headers: dict[str, str]) -> tuple[ApiResult, str | None]:
        reply = await self._send("POST", self.url, json=payload, headers=headers)
        if isinstance(reply, ApiResult):
            return reply, None
        if reply.status_code == 429:
            return rate_limited(redact(reply.text, self.secrets()), self.name), reply.headers.get("retry-after")
        if reply.status_code != 200:
            return ApiResult.of(f"{REQUEST_ERROR}. status_code={reply.status_code}", "", self.name), None
        raw = redact(reply.text, self.secrets())
        try:
            body = reply.json()
        except (ValueError, RecursionError):  # not JSON, an integer past the digit limit, deep nesting
            return ApiResult.of(f"{REQUEST_ERROR}. the reply cannot be decoded as JSON", raw, self.name), None
        source = reply.headers.get(SOURCE_HEADER)
        return protocol_answer(scrub(body, self.secrets()), raw, f"{self.name}:{source}" if source else self.name), None


def _shape(body: Any) -> str:
    if not isinstance(body, dict):
        kinds = {list: "a JSON array", str: "a JSON string", bool: "a boolean", type(None): "null"}
        return kinds.get(type(body), "a number")
    missing = [key for key in ("error", "response") if key not in body]
    return "an empty object" if not body else f"an object without {' or '.join(repr(k) for k in missing)}"


def protocol_answer(body: Any, raw: str, source: str) -> ApiResult:
    """The answer a server's decoded reply stands for. The protocol's reply is an object with both
    ``error`` and ``response``; anything else (an array, null, a bare string, ``{}``, an object
    missing either key) is the server's failure, not an API's answer: status 12, with the raw body
    kept as the response so that the record shows what came back."""
    if isinstance(body, dict) and "error" in body and "response" in body:
        return ApiResult.from_body(body, source)
    return ApiResult.of(f"{REQUEST_ERROR}. the reply is {_shape(body)}, not an {{error, response}} object", raw, source)
