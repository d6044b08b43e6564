"""The ``local`` backend: a catalog's own ``api.py`` functions, run in-process under a deadline."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from typing import Any

from harness.envs.backend import ApiRequest
from harness.envs.catalog import LocalCatalog, ToolLoadError
from harness.envs.result import ApiResult
from harness.envs.status import (
    EXECUTION_ERROR_PREFIX,
    NOT_WORKING_ERROR,
    PARAMETER_ERROR,
    TIMEOUT_ERROR,
    classify_response,
)
from harness.envs.threads import DEFAULT_WORKERS, DeadlinePool

DEFAULT_LOCAL_TIMEOUT_S = 10.0


def invoke(function: Callable[..., Any], name: str, arguments: dict[str, Any], source: str) -> ApiResult:
    """Call one API function the way ToolBench's server does and classify its answer."""
    try:
        inspect.signature(function).bind(**arguments)
    except TypeError as exc:
        return ApiResult.of(PARAMETER_ERROR, f"{name}() {exc}", source)
    except ValueError:
        pass  # no signature to check against (a builtin); the call itself will tell
    try:
        value = function(**arguments)
    except (Exception, SystemExit) as exc:
        return ApiResult.of(f"{EXECUTION_ERROR_PREFIX} {name} error...\n{type(exc).__name__}: {exc}", "", source)
    try:
        # A round trip through JSON makes the answer exactly what a server would send (tuples become
        # lists, keys strings), so the local and virtual backends give identical observations.
        value = json.loads(json.dumps(value))
    except (TypeError, ValueError) as exc:
        return ApiResult.of(f"{EXECUTION_ERROR_PREFIX} {name} error...\nits answer is not JSON: {exc}", "", source)
    return ApiResult.of(classify_response(value), value, source)


class LocalBackend:
    """Runs catalog code in worker threads, each call under a deadline."""

    name = "local"

    def __init__(
        self, catalog: LocalCatalog, timeout_s: float = DEFAULT_LOCAL_TIMEOUT_S, workers: int = DEFAULT_WORKERS
    ) -> None:
        if timeout_s <= 0:
            raise ValueError(f"timeout_s must be positive, got {timeout_s}")
        self.catalog = catalog
        self.timeout_s = timeout_s
        self.pool = DeadlinePool(workers)

    async def execute(self, request: ApiRequest) -> ApiResult:
        result = await self.answer(request)
        if result is None:
            missing = f"no code for API {request.function} of tool {request.tool} in the catalog"
            return ApiResult.of(NOT_WORKING_ERROR, missing, self.name)
        return result

    async def answer(self, request: ApiRequest) -> ApiResult | None:
        """The API's answer, or None when the catalog has no code for it (the virtual server then
        asks its simulator)."""
        try:
            return await self.pool.run(lambda: self._run(request), self.timeout_s)
        except TimeoutError:
            late = f"{request.tool}.{request.function} gave no answer within {self.timeout_s:g} s"
            return ApiResult.of(TIMEOUT_ERROR, late, self.name)

    def _run(self, request: ApiRequest) -> ApiResult | None:
        try:
            function = self.catalog.function(request.category, request.tool, request.function)
        except ToolLoadError as exc:
            return ApiResult.of(NOT_WORKING_ERROR, f"the code of tool {request.tool} does not load: {exc}", self.name)
        if function is None:
            return None
        return invoke(function, request.function, request.arguments, self.name)

    def secrets(self) -> list[str]:
        return []

    async def aclose(self) -> None:
        return None
