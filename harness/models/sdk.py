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

The fast lane: for a platform whose requests differ only in their body (OpenAI-compatible servers
and Anthropic's API, with a fixed key), the first request of each path goes through the SDK, and the
request line and headers the SDK sent are kept; later requests send those headers with the new body
over ``harness.models.http1``'s lean pool, which costs a tenth of the SDK and httpx's CPU per request.
Redirects, proxies and platforms that sign each request (Azure with Entra ID, Bedrock, Vertex) stay
on the SDK, and every answer goes through the same error mapping.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import importlib
import json
import ssl
import urllib.request
import weakref
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from harness.models.base import ModelCallError, ModelError
from harness.models.capture import CURRENT_CALL, WireCapture
from harness.models.http1 import Http1Pool, HttpResponse, ProtocolFailure
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


def _proxied(url: Any) -> bool:
    """Whether the environment sends requests to ``url`` through a proxy (httpx honours it)."""
    proxies = urllib.request.getproxies()
    if not any(proxies.get(scheme) for scheme in (url.scheme, "all")):
        return False
    return not urllib.request.proxy_bypass(url.host)


@dataclass
class _Lane:
    """What the SDK sent for one path: the target URL and the request head without a length."""

    url: str
    head: bytes

    def request_head(self, length: int) -> bytes:
        return self.head + b"content-length: " + str(length).encode() + b"\r\n\r\n"


@dataclass
class _LoopClients:
    """One event loop's SDK client and, once a request has shown the way, its fast lanes."""

    sdk: Any
    pool: Http1Pool | None = None
    lanes: dict[str, _Lane] = field(default_factory=dict)
    opening: dict[str, asyncio.Event] = field(default_factory=dict)  # paths whose first request is on its way
    sdk_only: set[str] = field(default_factory=set)  # paths that redirect: the SDK follows


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default TLS context, built once per process: loading the CA bundle takes about 0.1 s
    of CPU, which every run (every event loop) would otherwise pay again on its first request."""
    httpx2 = importlib.import_module("httpx2")
    context: ssl.SSLContext = httpx2.create_ssl_context()
    return context


# The loop's clients and the path of the request being sent, for the request hook.
_OPENING: ContextVar[tuple[_LoopClients, str] | None] = ContextVar("harness_sdk_opening", default=None)


def _lane_from(request: Any) -> _Lane:
    url = request.url
    lines = [b"POST " + url.raw_path + b" HTTP/1.1"]
    for name, value in request.headers.raw:
        if name.lower() not in (b"content-length", b"transfer-encoding"):
            lines.append(name + b": " + value)
    return _Lane(str(url), b"\r\n".join(lines) + b"\r\n")


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
        fast: bool = False,
    ) -> None:
        self.package = package  # "openai" or "anthropic": whose client and exceptions
        self._make = make
        self.base_url = base_url.rstrip("/")
        self._secrets = [s for s in secrets if s]
        self.provider = provider
        self._key_hint = key_hint  # where the credential came from, e.g. "$OPENAI_API_KEY"
        self.pool = pool
        self.fast = fast  # whether requests may take the fast lane (see the module's docstring)
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopClients] = weakref.WeakKeyDictionary()

    def _loop_clients(self) -> _LoopClients:
        loop = asyncio.get_running_loop()
        clients = self._clients.get(loop)
        if clients is None or clients.sdk.is_closed():
            module = importlib.import_module(self.package)
            httpx2 = importlib.import_module("httpx2")
            http = module.DefaultAsyncHttpxClient(
                limits=httpx2.Limits(max_connections=self.pool, max_keepalive_connections=self.pool),
                timeout=httpx2.Timeout(None, connect=CONNECT_TIMEOUT_S),
                verify=_tls_context(),
                event_hooks={"request": [self._on_request]},
            )
            clients = _LoopClients(self._make(http))
            self._clients[loop] = clients
        return clients

    async def _on_request(self, request: Any) -> None:
        """httpx's request hook: the first request of a path shows the head later ones may send."""
        opening = _OPENING.get()
        if opening is None:
            return
        clients, path = opening
        if path not in clients.lanes and path not in clients.sdk_only and self._lane_allowed(request):
            if clients.pool is None:
                tls = _tls_context() if request.url.scheme == "https" else None
                clients.pool = Http1Pool(str(request.url), self.pool, CONNECT_TIMEOUT_S, tls)
            if (request.url.host, request.url.port or clients.pool.port) == (clients.pool.host, clients.pool.port):
                clients.lanes[path] = _lane_from(request)
        event = clients.opening.pop(path, None)
        if event is not None:
            event.set()

    def _lane_allowed(self, request: Any) -> bool:
        scheme = request.url.scheme
        return self.fast and request.method == "POST" and scheme in ("http", "https") and not _proxied(request.url)

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
        clients = self._loop_clients()
        if self.fast and path not in clients.lanes and path not in clients.sdk_only:
            # Another request is showing this path's head right now (it takes the SDK under a ms
            # of CPU to send it): wait for it rather than pay the SDK's price too.
            pending = clients.opening.get(path)
            if pending is not None:
                await pending.wait()
        lane = clients.lanes.get(path)
        if lane is not None and clients.pool is not None:
            answer = await self._post_fast(clients.pool, lane, body, url, capture)
            if answer is not None:
                return answer
            self._stay_on_sdk(clients, path)  # a redirect: the SDK follows it, from now on
        opening = None
        if self.fast and path not in clients.lanes and path not in clients.sdk_only and path not in clients.opening:
            clients.opening[path] = asyncio.Event()
            opening = _OPENING.set((clients, path))
        try:
            response = await clients.sdk.post(path, body=body, cast_to=httpx2.Response)
        except errors.APITimeoutError:
            raise RetryableError(f"{self.provider} at {url} timed out") from None
        except errors.APIConnectionError as exc:
            cause = type(exc.__cause__).__name__ if exc.__cause__ is not None else type(exc).__name__
            raise RetryableError(self._clean(f"{self.provider} at {url} unreachable or cut off: {cause}")) from None
        except errors.APIStatusError as exc:
            raise self._status_error(exc.response, url) from None
        finally:
            if opening is not None:
                _OPENING.reset(opening)
                event = clients.opening.pop(path, None)
                if event is not None:  # the request never reached httpx
                    event.set()
        if response.history:
            self._stay_on_sdk(clients, path)
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

    def _stay_on_sdk(self, clients: _LoopClients, path: str) -> None:
        clients.lanes.pop(path, None)
        clients.sdk_only.add(path)

    async def _post_fast(
        self, pool: Http1Pool, lane: _Lane, body: dict[str, Any], url: str, capture: WireCapture | None
    ) -> dict[str, Any] | None:
        """``post`` over the lean pool; None for a redirect, which is the SDK's to follow."""
        # The same bytes httpx sends for ``json=body``.
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
        try:
            answer = await pool.request(lane.request_head(len(data)), data)
        except ProtocolFailure as exc:
            if exc.kind == "ConnectTimeout":
                raise RetryableError(f"{self.provider} at {url} timed out") from None
            raise RetryableError(self._clean(f"{self.provider} at {url} unreachable or cut off: {exc.kind}")) from None
        if 300 <= answer.status < 400:
            return None
        if answer.status >= 400:
            raise self._status_error(_as_httpx(answer, lane.url), url)
        try:
            decoded = json.loads(answer.body)
        except ValueError:
            decoded = None
        text = answer.body.decode("utf-8", "replace") if decoded is None else ""
        if capture is not None:
            capture.response = text if decoded is None else decoded
        if not isinstance(decoded, dict):
            snippet = " ".join((text or answer.body.decode("utf-8", "replace")).split())[:80]
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
        for clients in list(self._clients.values()):
            # A client whose loop is gone cannot be closed; its sockets went with the loop.
            with contextlib.suppress(RuntimeError):
                await clients.sdk.close()
                if clients.pool is not None:
                    await clients.pool.aclose()
        self._clients.clear()


def _as_httpx(answer: HttpResponse, url: str) -> Any:
    """An error answer as the httpx response the error mapping reads (the body is already decoded)."""
    httpx2 = importlib.import_module("httpx2")
    headers = [
        (k, v) for k, v in answer.headers if k not in ("content-encoding", "content-length", "transfer-encoding")
    ]
    return httpx2.Response(answer.status, headers=headers, content=answer.body, request=httpx2.Request("POST", url))


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
