"""``harness serve-tools``: a virtual API server wire-compatible with StableToolBench's.

``POST /virtual`` takes StableToolBench's (and ToolBench's) request body ``{category, tool_name,
api_name, tool_input, strip, toolbench_key}`` and answers ``{"error": ..., "response": ...}``. An
answer comes from the first of: the response cache; the catalog's own code for the tool; an LLM
simulator (any harness model); the schema simulation from the API's documented response shape.
Simulated answers are recorded in the cache so that they stay the same from then on; answers of
local code are not, since the code itself is the record. An API the catalog does not know (and the
cache has never seen) gets an error. ``toolbench_key`` is accepted and ignored: it is never logged
or stored.

The response header ``x-harness-source`` says which step answered (cache, local, simulator,
schema); StableToolBench's clients ignore it, ours record it.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, ValidationError

from harness.envs.backend import ApiRequest
from harness.envs.cache import MISSING, ResponseCache
from harness.envs.calls import parse_arguments
from harness.envs.catalog import CatalogDocs, LocalCatalog
from harness.envs.local import DEFAULT_LOCAL_TIMEOUT_S, LocalBackend
from harness.envs.remote import SOURCE_HEADER
from harness.envs.result import ApiResult
from harness.envs.schema import SchemaBackend
from harness.envs.simulator import LlmSimulator
from harness.envs.status import NOT_WORKING_ERROR
from harness.toolbench.naming import api_name_part, standard_category, standardize
from harness.types.docs import ApiDoc

log = logging.getLogger("harness.serve")


class VirtualRequest(BaseModel):
    """StableToolBench's request body. ``tool_input`` is the model's raw argument string (or an
    already parsed object); ``strip`` is accepted for compatibility and has no effect here."""

    model_config = ConfigDict(extra="ignore")

    category: str
    tool_name: str
    api_name: str
    tool_input: str | dict[str, Any] = ""
    strip: str = ""
    toolbench_key: str = ""


def request_names(body: VirtualRequest) -> tuple[str, str, str]:
    """(category folder, standardized tool, standardized API) as StableToolBench's server derives
    them: a tool may come as ``<tool>_for_<category>`` and an API as its full function name."""
    return _names(body.category, body.tool_name, body.api_name)


@functools.lru_cache(maxsize=65536)
def _names(category: str, tool_name: str, api_name: str) -> tuple[str, str, str]:
    # Memoized: a benchmark asks for the same few thousand APIs over and over, and standardizing
    # runs several regular expressions.
    category = standard_category(category)
    tool = tool_name.removesuffix(f"_for_{category}")
    tool = standardize(tool)
    api = api_name_part(api_name).removesuffix(f"_for_{tool}")
    return category, tool, api


class VirtualService:
    """The lookup chain behind ``/virtual``."""

    def __init__(
        self,
        catalog: Path,
        cache: ResponseCache | None = None,
        simulator: LlmSimulator | None = None,
        timeout_s: float = DEFAULT_LOCAL_TIMEOUT_S,
    ) -> None:
        self.docs = CatalogDocs(catalog)
        self.local = LocalBackend(LocalCatalog(catalog), timeout_s)
        self.schema = SchemaBackend()
        self.cache = cache
        self.simulator = simulator

    async def answer(self, body: VirtualRequest) -> ApiResult:
        """The answer to one request; never raises for anything the request contains."""
        category, tool, api = request_names(body)
        if isinstance(body.tool_input, dict):
            arguments: dict[str, Any] | ApiResult = body.tool_input
        else:
            arguments = parse_arguments(body.tool_input)
        if isinstance(arguments, ApiResult):
            return arguments
        if self.cache is not None:
            # The cache first, and in this thread when its file is already indexed: a hit costs a
            # dict lookup and a stat, far less than a hop to a worker thread or building a doc.
            cached = self.cache.get_indexed(category, tool, api, arguments)
            if cached is MISSING:
                cached = await asyncio.to_thread(self.cache.get, category, tool, api, arguments)
            if cached is not None:
                return ApiResult.from_body(cached, "cache")
        try:
            doc = self.docs.api_doc(category, tool, api)
        except ValueError as exc:
            return ApiResult.of(NOT_WORKING_ERROR, f"the doc of tool {tool} does not parse: {exc}", "virtual")
        request = ApiRequest(doc or ApiDoc(category_name=category, tool_name=tool, api_name=api), arguments)
        local = await self.local.answer(request)
        if local is not None:
            return local
        if doc is None:
            return ApiResult.of(NOT_WORKING_ERROR, f"no API {api} in tool {tool} of category {category}", "virtual")
        result = None
        if self.simulator is not None:
            tool_doc = self.docs.tool(category, tool)
            description = tool_doc.tool_description if tool_doc else ""
            result = await self.simulator.simulate(doc, await self._examples(request), arguments, description)
        if result is None:
            result = await self.schema.execute(request)
        if self.cache is not None:
            await asyncio.to_thread(self.cache.put, category, tool, api, arguments, result.body)
        return result

    async def _examples(self, request: ApiRequest) -> list[tuple[str, Any]]:
        if self.cache is None or self.simulator is None:
            return []
        limit = self.simulator.max_examples
        return await asyncio.to_thread(self.cache.examples, request.category, request.tool, request.function, limit)


class VirtualApp:
    """The ASGI app: ``POST /virtual`` handled here directly, everything else by a FastAPI app.

    The hot path skips the framework's routing, dependency resolution and response classes: a
    cache hit is then mostly the lookup itself, which is what lets one worker keep up with many
    clients. A body that is not a valid request gets 422 with one line saying what is wrong.
    """

    def __init__(self, service: VirtualService, fallback: FastAPI) -> None:
        self.service = service
        self.fallback = fallback

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/virtual":
            if scope["method"] == "POST":
                await self._virtual(receive, send)
            else:
                await _send(send, 405, b'{"detail": "Method Not Allowed; POST a request body"}', None)
        else:
            await self.fallback(scope, receive, send)

    async def _virtual(self, receive: Any, send: Any) -> None:
        chunks = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = parse_request(b"".join(chunks))
        if isinstance(body, str):
            await _send(send, 422, json.dumps({"detail": body}).encode(), None)
            return
        start = time.perf_counter()
        result = await self.service.answer(body)
        if log.isEnabledFor(logging.INFO):
            category, tool, api = request_names(body)
            elapsed_ms = (time.perf_counter() - start) * 1000
            what = f"{category}/{tool}/{api}"
            log.info("%s source=%s status=%d %.1f ms", what, result.source, result.status, elapsed_ms)
        # json.dumps rather than a strict encoder: an answer holding NaN must still be sent, as ToolBench does.
        await _send(send, 200, result.text().encode(), result.source)


def parse_request(raw: bytes) -> VirtualRequest | str:
    """The request in ``raw``, or one line saying why it is not one."""
    try:
        data = json.loads(raw)
    except ValueError as exc:
        return f"the body is not JSON: {exc}"
    try:
        return VirtualRequest.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        return f"{where}: {first['msg']} (expected {{category, tool_name, api_name, tool_input}})"


async def _send(send: Any, status: int, payload: bytes, source: str | None) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    if source is not None:
        headers.append((SOURCE_HEADER.encode(), source.encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def create_app(service: VirtualService) -> VirtualApp:
    """The ASGI app serving ``service``: ``POST /virtual`` and ``GET /health``."""

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if service.simulator is not None:
            await service.simulator.aclose()

    app = FastAPI(title="harness virtual API server", docs_url=None, redoc_url=None, lifespan=lifespan)

    @app.get("/health")
    async def health() -> dict[str, Any]:
        """Answers once the server is up."""
        return {"status": "ok", "simulator": service.simulator.name if service.simulator else None}

    return VirtualApp(service, app)
