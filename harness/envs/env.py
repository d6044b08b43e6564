"""The one ToolEnv every backend runs behind: ToolBench's call semantics, the cache and env modes."""

from __future__ import annotations

import asyncio
import logging
import time
from enum import StrEnum

from harness.envs.backend import ApiRequest, Backend
from harness.envs.cache import ResponseCache
from harness.envs.calls import finish_outcome, parse_arguments, resolve_function, unknown_function_text
from harness.envs.result import ApiResult
from harness.envs.secrets import redact, scrub
from harness.envs.status import NOT_RECORDED_ERROR, NOT_WORKING_ERROR, TRANSIENT
from harness.toolbench.naming import FINISH_FUNCTION_NAME
from harness.types.docs import ApiDoc
from harness.types.messages import ToolCall
from harness.types.observation import Observation, Status
from harness.types.query import AgentQuery

log = logging.getLogger(__name__)

DEFAULT_MAX_OBSERVATION_LENGTH = 1024


class EnvMode(StrEnum):
    """How an env uses its cache.

    ``live`` calls the backend every time and leaves the cache alone; ``record`` answers from the
    cache when it can and records what the backend answers otherwise (a recorded time-out or rate
    limit is asked again rather than replayed); ``replay`` answers from the cache only and never
    calls anything: a call that was not recorded gets an error observation saying so.
    """

    LIVE = "live"
    RECORD = "record"
    REPLAY = "replay"


def truncate(text: str, limit: int) -> str:
    """ToolBench's cut: the first ``limit`` characters, then ``...``."""
    return text[:limit] + "..." if len(text) > limit else text


class BackendEnv:
    """A ToolEnv over one backend. Thread-safe for concurrent episodes on one event loop; at most
    ``max_concurrency`` backend calls run at once (cache answers do not count)."""

    def __init__(
        self,
        backend: Backend,
        cache: ResponseCache | None = None,
        mode: EnvMode = EnvMode.LIVE,
        max_observation_length: int = DEFAULT_MAX_OBSERVATION_LENGTH,
        max_concurrency: int = 16,
    ) -> None:
        if mode is not EnvMode.LIVE and cache is None:
            raise ValueError(f"env mode {mode.value} needs a cache folder: pass --cache-dir DIR (or -E cache_dir=DIR)")
        if max_observation_length < 1:
            raise ValueError(f"max_observation_length must be at least 1, got {max_observation_length}")
        if max_concurrency < 1:
            raise ValueError(f"max_concurrency must be at least 1, got {max_concurrency}")
        self.backend = backend
        self.cache = cache
        self.mode = mode
        self.max_observation_length = max_observation_length
        self._slots = asyncio.Semaphore(max_concurrency)

    async def call(self, tool_call: ToolCall, query: AgentQuery) -> Observation:
        """Execute one tool call of ``query``'s episode; never raises for what the call does."""
        start = time.perf_counter()
        if tool_call.name == FINISH_FUNCTION_NAME:
            text, status = finish_outcome(tool_call.arguments)
            return self._observation(text, status, start, backend="finish")
        api = resolve_function(tool_call.name, query.api_list)
        if api is None:
            return self._observation(unknown_function_text(tool_call.name), Status.NO_SUCH_FUNCTION, start)
        arguments = parse_arguments(tool_call.arguments)
        if isinstance(arguments, ApiResult):
            return self._observation(arguments.text(), arguments.status, start, "harness", api=api)
        request = ApiRequest(api, arguments, tool_call.arguments)
        result, cache_hit = await self._answer(request)
        return self._observation(result.text(), result.status, start, result.source, cache_hit, api)

    async def _answer(self, request: ApiRequest) -> tuple[ApiResult, bool]:
        if self.cache is None or self.mode is EnvMode.LIVE:
            return await self._execute(request), False
        cache = self.cache
        where = (request.category, request.tool, request.function, request.arguments)
        try:
            body = await asyncio.to_thread(cache.get, *where)
        except OSError as exc:
            log.warning("cache read failed for %s/%s (%s); treating it as a miss", request.tool, request.function, exc)
            body = None
        if body is not None:
            cached = ApiResult.from_body(body, "cache")
            if self.mode is EnvMode.REPLAY or cached.status not in TRANSIENT:
                return cached, True
        if self.mode is EnvMode.REPLAY:
            return self._not_recorded(request), False
        result = await self._execute(request)
        try:
            await asyncio.to_thread(cache.put, *where, scrub(result.body, self.backend.secrets()))
        except OSError as exc:  # the answer stands; only its record is lost, and the log says so
            log.warning("cache write failed for %s/%s: %s", request.tool, request.function, exc)
        return result, False

    async def _execute(self, request: ApiRequest) -> ApiResult:
        async with self._slots:
            try:
                return await self.backend.execute(request)
            except Exception as exc:
                # A backend bug or an unreadable catalog file must not end the episode; the log keeps
                # the traceback so that it is not hidden either.
                log.exception("backend %s failed on %s/%s", self.backend.name, request.tool, request.function)
                return ApiResult.of(NOT_WORKING_ERROR, f"{type(exc).__name__}: {exc}", self.backend.name)

    def _not_recorded(self, request: ApiRequest) -> ApiResult:
        return ApiResult.of(
            NOT_RECORDED_ERROR,
            f"replay mode: {request.tool}/{request.function} was never recorded with these arguments; "
            "run with --env-mode record first",
            "replay",
        )

    def _observation(
        self,
        text: str,
        status: int,
        start: float,
        backend: str = "",
        cache_hit: bool = False,
        api: ApiDoc | None = None,
    ) -> Observation:
        return Observation(
            text=truncate(redact(text, self.backend.secrets()), self.max_observation_length),
            status_code=int(status),
            latency_s=time.perf_counter() - start,
            cache_hit=cache_hit,
            backend=backend or self.backend.name,
            category=api.category_name if api else "",
            tool_name=api.tool_name if api else "",
            api_name=api.api_name if api else "",
        )

    async def aclose(self) -> None:
        """Close the backend."""
        await self.backend.aclose()
