"""The ``rapidapi`` backend with the user's own RapidAPI key: each call goes straight to the API.

The request is what ToolBench's generated ``api.py`` files send: the documented ``url`` (``{name}``
placeholders filled from the arguments), the arguments under their documented names as the query
string (a JSON body for POST/PUT/PATCH), and the ``X-RapidAPI-Key`` / ``X-RapidAPI-Host`` headers.
The tool docs (``--catalog``: ToolBench's ``tools`` folder) say where each API lives, since a query's
``api_list`` carries no URL. ``base_url`` sends every call to another host (a proxy, or a local
stand-in in tests) while keeping the documented path.

Answers are classified like ToolBench's server classifies them (``status.classify_response``); an
HTTP error that names no known class is mapped by its status (401 unauthorized, 403 unsubscribed,
404 and 5xx not working). HTTP 429 is retried with backoff, then reported as 9 or 10.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from harness.envs.backend import ApiRequest
from harness.envs.catalog import CatalogDocs
from harness.envs.remote import HttpBackend, rate_limited
from harness.envs.result import ApiResult
from harness.envs.secrets import redact, scrub
from harness.envs.status import (
    MESSAGE_ERROR,
    NOT_WORKING_ERROR,
    UNAUTHORIZED_ERROR,
    UNSUBSCRIBED_ERROR,
    classify_response,
)
from harness.toolbench.naming import parameter_name
from harness.types.docs import ToolApi

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def _error_for_status(code: int) -> str:
    if code == 401:
        return UNAUTHORIZED_ERROR
    if code == 403:
        return UNSUBSCRIBED_ERROR
    if code == 404 or code >= 500:
        return NOT_WORKING_ERROR
    return MESSAGE_ERROR


def documented_arguments(api: ToolApi, arguments: dict[str, Any]) -> dict[str, Any]:
    """The arguments under the API's own parameter names (models use the standardized ones)."""
    original = {parameter_name(p.name): p.name for p in [*api.required_parameters, *api.optional_parameters]}
    return {original.get(key, key): value for key, value in arguments.items()}


def build_url(api_url: str, arguments: dict[str, Any], base_url: str | None) -> tuple[str, dict[str, Any]]:
    """The request URL with path placeholders filled, and the arguments left for the query/body."""
    rest = dict(arguments)

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return quote(str(rest.pop(name)), safe="") if name in rest else match.group(0)

    url = _PLACEHOLDER.sub(fill, api_url)
    if base_url:
        target, base = urlsplit(url), urlsplit(base_url)
        path = base.path.rstrip("/") + target.path
        url = urlunsplit((base.scheme, base.netloc, path, target.query, ""))
    return url, rest


class RapidApiBackend(HttpBackend):
    """Calls RapidAPI with the user's key."""

    def __init__(
        self,
        docs: CatalogDocs,
        key: str,
        base_url: str | None = None,
        timeout_s: float = 15.0,
        retries: int = 3,
        backoff_s: float = 2.0,
    ) -> None:
        super().__init__("rapidapi", key, timeout_s, retries, backoff_s)
        self.docs = docs
        self.base_url = base_url

    async def execute(self, request: ApiRequest) -> ApiResult:
        where = f"{request.tool}.{request.function}"
        found = await asyncio.to_thread(self.docs.api, request.category, request.tool, request.function)
        if found is None or not found[1].url:
            return ApiResult.of(NOT_WORKING_ERROR, f"the catalog gives no URL for {where}", self.name)
        tool, api = found
        url, rest = build_url(api.url, documented_arguments(api, request.arguments), self.base_url)
        method = (api.method or "GET").upper()
        headers = {"X-RapidAPI-Key": self._key or "", "X-RapidAPI-Host": tool.host or urlsplit(api.url).netloc}
        if method in _BODY_METHODS:
            options: dict[str, Any] = {"json": rest}
        else:
            options = {"params": {k: _query_value(v) for k, v in rest.items()}}
        return await self._with_backoff(lambda: self._call(method, url, headers, options), where)

    async def _call(
        self, method: str, url: str, headers: dict[str, str], options: dict[str, Any]
    ) -> tuple[ApiResult, str | None]:
        reply = await self._send(method, url, headers=headers, **options)
        if isinstance(reply, ApiResult):
            return reply, None
        text = redact(reply.text, self.secrets())
        if reply.status_code == 429:
            return rate_limited(text, self.name), reply.headers.get("retry-after")
        try:
            response: Any = scrub(reply.json(), self.secrets())
        except ValueError:
            response = text
        error = classify_response(response)
        if not error and reply.status_code >= 400:
            error = _error_for_status(reply.status_code)
        return ApiResult.of(error, response, self.name), None


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
