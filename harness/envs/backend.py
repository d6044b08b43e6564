"""What every backend implements: one API call in, one answer out.

The shared semantics (Finish, function names, argument parsing, cache and env modes, truncation,
status codes) live in ``harness.envs.env.BackendEnv``; a backend only answers a well-formed call to
an API that the episode offers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from harness.envs.result import ApiResult
from harness.toolbench.naming import api_name_part, standard_category, standardize
from harness.types.docs import ApiDoc


@dataclass(frozen=True)
class ApiRequest:
    """One call: the API's doc (from the query or the catalog), the parsed arguments and the model's
    raw argument string (ToolBench's servers are sent the raw string)."""

    api: ApiDoc
    arguments: dict[str, Any]
    raw_arguments: str = ""

    @property
    def category(self) -> str:
        """The category's folder name."""
        return standard_category(self.api.category_name)

    @property
    def tool(self) -> str:
        """The tool's standardized name (its file and folder name)."""
        return standardize(self.api.tool_name)

    @property
    def function(self) -> str:
        """The API's standardized name (its Python function name in ``api.py``)."""
        return api_name_part(self.api.api_name)


class Backend(Protocol):
    """Answers calls; never raises for a failing API (the failure is the answer)."""

    name: str

    async def execute(self, request: ApiRequest) -> ApiResult:
        """The API's answer to ``request``."""
        ...

    def secrets(self) -> list[str]:
        """Values that must never appear in an observation (API keys)."""
        ...

    async def aclose(self) -> None:
        """Release connections and workers."""
        ...
