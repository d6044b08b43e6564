"""The official ``openai`` and ``anthropic`` SDK clients behind the hosted-model adapters.

The SDKs bring each provider's authentication, base-URL rules and platform routing (Azure OpenAI
deployments, Anthropic on Bedrock and Vertex). The harness keeps what it does better around them:
the SDKs' own retries are off (``max_retries=0``) because the model wrapper retries, bounds
concurrency, accounts and logs every attempt; SDK exceptions are sorted into our error kinds here.

A request body is built by the adapter and goes through the SDK's ``post`` unchanged (ToolBench's
extra schema keys included), and the raw response comes back, so the request log keeps the wire
form. One SDK client (one connection pool, sized to the provider's concurrency bound) serves every
model of one provider; each event loop gets its own, since connections belong to the loop that
opened them.

The pool is the SDKs' own aiohttp transport (their ``aiohttp`` extra), not httpx's default one:
httpcore's pool probes every pooled connection on each request and each response, so at
``--concurrency 64`` a model step cost about 10 ms of CPU and the harness, not the model, bounded
the run (``bench/bench_runner_latency.py``); aiohttp hands out idle connections without a scan.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import importlib
import importlib.util
import json
import ssl
import weakref
from collections.abc import Callable
from typing import Any

from harness.models.base import ModelCallError, ModelError
from harness.models.capture import CURRENT_CALL
from harness.models.retry import RetryableError, parse_retry_after
from harness.util.redact import redact

__all__ = ["RETRYABLE_STATUS", "SdkClient", "shared_client"]

# 408 request timeout, 409 conflict (OpenAI's "try again"), 425 too early, 429 rate limit,
# 5xx server errors, and 529, Anthropic's "overloaded".
RETRYABLE_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 529})
CONNECT_TIMEOUT_S = 30.0  # the wrapper owns the request timeout; the pool only bounds connecting
_ERROR_SNIPPET = 200

# Builds the SDK client around the given pooled HTTP client.
MakeSdk = Callable[[Any], Any]


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default TLS context, built once per process: loading the CA bundle takes about 0.1 s
    of CPU, which every run (every event loop) would otherwise pay again on its first request."""
    httpx2 = importlib.import_module("httpx2")
    context: ssl.SSLContext = httpx2.create_ssl_context()
    return context


def _error_detail(response: Any) -> str:
    """The provider's own error message (OpenAI and Anthropic both use {"error": {"message"}})."""
    try:
        body = response.json()
    except ValueError:
        return " ".join(response.text.split())[:_ERROR_SNIPPET]
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return " ".join(error["message"].split())[:_ERROR_SNIPPET]
    if isinstance(error, str):
        return error[:_ERROR_SNIPPET]
    return " ".join(json.dumps(body).split())[:_ERROR_SNIPPET]


def _raw_body(response: Any) -> Any:
    """The body as the request log keeps it: decoded JSON when it is JSON, else the text."""
    try:
        return response.json()
    except ValueError:
        return response.text


class SdkClient:
    """POSTs JSON through one official SDK client and returns the decoded object, or raises:

    - ``RetryableError`` for 429/5xx, timeouts, connection failures, bodies cut off or not a JSON object;
    - ``ModelError`` for 401/403 (credentials) and 404 (wrong URL, deployment or model): no request
      can succeed, so the run stops;
    - ``ModelCallError`` for other 4xx: this request is wrong (e.g. too long), others may be fine.
    """

    def __init__(
        self,
        package: str,
        make: MakeSdk,
        base_url: str,
        secrets: list[str],
        provider: str,
        key_hint: str,
        pool: int,
    ) -> None:
        self.package = package  # "openai" or "anthropic": whose client and exceptions
        self._make = make
        self.base_url = base_url.rstrip("/")
        self._secrets = [s for s in secrets if s]
        self.provider = provider
        self._key_hint = key_hint  # where the credential came from, e.g. "$OPENAI_API_KEY"
        self.pool = pool
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = weakref.WeakKeyDictionary()

    def _sdk(self) -> Any:
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None or client.is_closed():
            module = importlib.import_module(self.package)
            httpx2 = importlib.import_module("httpx2")
            # aiohttp is a core dependency; an environment without it still works, at httpx's cost.
            pooled = (
                module.DefaultAioHttpClient if importlib.util.find_spec("aiohttp") else module.DefaultAsyncHttpxClient
            )
            http = pooled(
                limits=httpx2.Limits(max_connections=self.pool, max_keepalive_connections=self.pool),
                timeout=httpx2.Timeout(None, connect=CONNECT_TIMEOUT_S),
                verify=_tls_context(),
            )
            client = self._make(http)
            self._clients[loop] = client
        return client

    def _clean(self, text: str) -> str:
        return redact(text, self._secrets)

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST ``body`` to ``path`` (the SDK resolves it against its base URL and platform) and
        return the JSON object it answers."""
        errors = importlib.import_module(self.package)
        httpx2 = importlib.import_module("httpx2")
        url = f"{self.base_url}{path}"
        capture = CURRENT_CALL.get()
        if capture is not None:
            capture.request, capture.response, capture.secrets = body, None, tuple(self._secrets)
        try:
            response = await self._sdk().post(path, body=body, cast_to=httpx2.Response)
        except errors.APITimeoutError:
            raise RetryableError(f"{self.provider} at {url} timed out") from None
        except errors.APIConnectionError as exc:
            cause = type(exc.__cause__).__name__ if exc.__cause__ is not None else type(exc).__name__
            raise RetryableError(self._clean(f"{self.provider} at {url} unreachable or cut off: {cause}")) from None
        except errors.APIStatusError as exc:
            raise self._status_error(exc.response, url) from None
        try:
            decoded = response.json()
        except ValueError:
            decoded = None
        if capture is not None:
            capture.response = response.text if decoded is None else decoded
        if not isinstance(decoded, dict):
            snippet = " ".join(response.text.split())[:80]
            raise RetryableError(self._clean(f"malformed response body from {url}: {snippet!r}"))
        return decoded

    def _status_error(self, response: Any, url: str) -> Exception:
        capture = CURRENT_CALL.get()
        if capture is not None:
            capture.response = _raw_body(response)
        status = int(response.status_code)
        with contextlib.suppress(RuntimeError):  # the URL the platform routed to (Azure, Bedrock, Vertex)
            url = self._clean(str(response.request.url))
        detail = self._clean(_error_detail(response))
        if status in RETRYABLE_STATUS or status >= 500:
            return RetryableError(
                f"HTTP {status} from {url}: {detail}", parse_retry_after(response.headers), http_status=status
            )
        if status in (401, 403):
            return ModelError(
                f"{self.provider} at {self.base_url} rejected the credentials (HTTP {status}): check {self._key_hint}"
            )
        if status == 404:
            return ModelError(
                f"{self.provider} answered 404 for {url}: check the base URL (it usually ends in /v1), the "
                f"deployment and the model name ({detail})"
            )
        return ModelCallError(f"{self.provider} refused the request (HTTP {status}): {detail}")

    async def aclose(self) -> None:
        """Close the clients of every loop that is still open."""
        for client in list(self._clients.values()):
            # A client whose loop is gone cannot be closed; its sockets went with the loop.
            with contextlib.suppress(RuntimeError):
                await client.close()
        self._clients.clear()


_SHARED: dict[str, SdkClient] = {}


def shared_client(key: dict[str, Any], build: Callable[[], SdkClient]) -> SdkClient:
    """The one client for the provider ``key`` describes (its platform, URL and a fingerprint of its
    credentials), built by ``build`` the first time; its pool grows to the largest bound asked."""
    digest = hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()
    wanted = build()
    found = _SHARED.get(digest)
    if found is None:
        _SHARED[digest] = found = wanted
    found.pool = max(found.pool, wanted.pool)
    return found


def missing_sdk_part(package: str, what: str, extra: str) -> ModelError:
    """The one line for a platform client whose optional dependency is not installed."""
    return ModelError(f"{what} needs the {package} SDK's {extra} extra: pip install '{package}[{extra}]'")


def require_module(module: str, message: Callable[[], ModelError]) -> None:
    """Raise ``message()`` when ``module`` cannot be imported."""
    try:
        importlib.import_module(module)
    except ImportError:
        raise message() from None
