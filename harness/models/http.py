"""JSON over HTTP for hosted providers: status codes sorted into retry, fail-the-request and
fail-the-model, with credentials kept out of every message."""

from __future__ import annotations

import asyncio
import contextlib
import json
import weakref
from typing import Any

import httpx

from harness.models.base import ModelCallError, ModelError
from harness.models.capture import CURRENT_CALL
from harness.models.retry import RetryableError, parse_retry_after
from harness.util.redact import redact

__all__ = ["RETRYABLE_STATUS", "JsonClient", "redact"]

# 408 request timeout, 409 conflict (OpenAI's "try again"), 425 too early, 429 rate limit,
# 5xx server errors, and 529, Anthropic's "overloaded".
RETRYABLE_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 529})
_ERROR_SNIPPET = 200


def _error_detail(response: httpx.Response) -> str:
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


def _raw_body(response: httpx.Response) -> Any:
    """The body as the audit log keeps it: decoded JSON when it is JSON, else the text."""
    try:
        return response.json()
    except ValueError:
        return response.text


class JsonClient:
    """POSTs JSON to one base URL and returns the decoded object, or raises:

    - ``RetryableError`` for 429/5xx/timeouts/connection failures/bodies that are not a JSON object;
    - ``ModelError`` for 401/403 (credentials) and 404 (wrong URL or model): no request can succeed;
    - ``ModelCallError`` for other 4xx: this request is wrong (e.g. too long), others may be fine.

    ``key_env`` names the variable the credential came from, for the 401 message. One httpx client
    is kept per event loop, because a client's connections belong to the loop that opened them.
    """

    def __init__(
        self,
        base_url: str,
        headers: dict[str, str],
        secrets: list[str],
        provider: str,
        key_env: str,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._headers = headers
        self._secrets = secrets
        self.provider = provider
        self._key_env = key_env
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient] = (
            weakref.WeakKeyDictionary()
        )

    def _client(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None or client.is_closed:
            # The Model wrapper owns the request timeout; httpx only bounds connecting.
            timeout = httpx.Timeout(None, connect=30.0)
            client = httpx.AsyncClient(headers=self._headers, timeout=timeout)
            self._clients[loop] = client
        return client

    def _clean(self, text: str) -> str:
        return redact(text, self._secrets)

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST ``body`` to ``base_url + path`` and return the JSON object it answers."""
        url = f"{self.base_url}{path}"
        capture = CURRENT_CALL.get()
        if capture is not None:
            capture.request, capture.response, capture.secrets = body, None, tuple(self._secrets)
        try:
            response = await self._client().post(url, json=body)
        except httpx.TimeoutException:
            raise RetryableError(f"{self.provider} at {url} timed out") from None
        except httpx.TransportError as exc:
            raise RetryableError(self._clean(f"{self.provider} at {url} unreachable: {type(exc).__name__}")) from None
        status = response.status_code
        if status == 200:
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
        if capture is not None:
            capture.response = _raw_body(response)
        detail = self._clean(_error_detail(response))
        if status in RETRYABLE_STATUS or status >= 500:
            raise RetryableError(
                f"HTTP {status} from {url}: {detail}", parse_retry_after(response.headers), http_status=status
            )
        if status in (401, 403):
            raise ModelError(
                f"{self.provider} at {self.base_url} rejected the credentials (HTTP {status}): check ${self._key_env}"
            )
        if status == 404:
            raise ModelError(
                f"{self.provider} answered 404 for {url}: check the base URL (it usually ends in /v1) and the model "
                f"name ({detail})"
            )
        raise ModelCallError(f"{self.provider} refused the request (HTTP {status}): {detail}")

    async def aclose(self) -> None:
        """Close the clients of every loop that is still open."""
        for client in list(self._clients.values()):
            if not client.is_closed:
                # A client whose loop is gone cannot be closed; its sockets went with the loop.
                with contextlib.suppress(RuntimeError):
                    await client.aclose()
        self._clients.clear()
