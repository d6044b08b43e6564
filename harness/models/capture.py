"""What an HTTP adapter actually sent and received during the current model call.

The wrapper opens a ``WireCapture`` for each call in a context variable; ``SdkClient`` fills it in
when one is open. A context variable rather than a return value, because adapters sit between the
two and need not know about it; it is per task, so concurrent episodes never see each other's.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass
class WireCapture:
    """The last request body and response (decoded JSON, or the text when it was not JSON) of the
    current call, and the credentials its client holds (to redact them, never to store them)."""

    request: dict[str, Any] | None = None
    response: Any = None
    secrets: tuple[str, ...] = field(default=())


CURRENT_CALL: ContextVar[WireCapture | None] = ContextVar("harness_current_llm_call", default=None)
