"""One API's answer, in the wire shape of ToolBench's and StableToolBench's servers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from harness.envs.status import status_for_error
from harness.types.observation import Status


@dataclass(frozen=True)
class ApiResult:
    """``body`` is the server's ``{"error": ..., "response": ...}`` object (a cached answer may carry
    more keys; they are kept). ``source`` names what produced it: ``local``, ``schema``, ``cache`` ...
    """

    body: dict[str, Any]
    source: str

    @classmethod
    def of(cls, error: str, response: Any, source: str) -> ApiResult:
        """An answer from its two fields."""
        return cls({"error": error, "response": response}, source)

    @classmethod
    def from_body(cls, body: Any, source: str) -> ApiResult:
        """An answer from a decoded body; anything that is not an ``{error, response}`` object is
        taken as the response itself, so foreign caches and servers read without surprises."""
        if isinstance(body, dict) and "response" in body:
            error = body.get("error")
            fixed = dict(body)
            fixed["error"] = "" if error is None else str(error) if not isinstance(error, str) else error
            return cls(fixed, source)
        return cls.of("", body, source)

    @property
    def error(self) -> str:
        """The ``error`` field as a string (empty for a normal answer)."""
        return str(self.body.get("error") or "")

    @property
    def status(self) -> Status:
        """ToolBench's status code for this answer."""
        return status_for_error(self.error)

    def text(self) -> str:
        """The observation text ToolBench's client makes of an answer: the body as JSON."""
        return json.dumps(self.body)
