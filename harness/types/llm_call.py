"""The audit record of one LLM call: what was asked, what came back, and what it took to get it."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class RetryRecord(BaseModel):
    """One failed attempt that was retried: why it failed and how long the wrapper waited after it."""

    cause: str
    http_status: int | None = None
    wait_s: float = 0.0


class LLMCall(BaseModel):
    """One model call of an episode, answered or failed, as the ``llm_calls`` table stores it.

    ``request`` and ``response`` hold the objects as they were sent and received (messages, function
    schemas, sampling settings, the provider's wire body when there is one); they are serialized,
    redacted and compressed only when the episode is written, so that building a record costs a
    call next to nothing. ``secrets`` are the credentials the adapter used, kept only to redact them
    and never serialized.
    """

    index: int = 0
    node_id: int | None = None  # the chain-end node this call produced (None: budget stop)
    started_at: float = 0.0  # seconds since the epoch
    latency_s: float = 0.0  # from the first attempt to the answer or the final failure, waits included
    attempts: int = 1
    retries: list[RetryRecord] = Field(default_factory=list)
    status: Literal["answered", "failed"] = "answered"
    error: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    cached: bool = False
    model: dict[str, Any] = Field(default_factory=dict)
    request: dict[str, Any] | None = None
    response: Any = None
    secrets: tuple[str, ...] = Field(default=(), exclude=True, repr=False)


# Where a wrapped model leaves the record: a key of ModelOutput.extra, or an attribute of the
# exception a failed call raised (a side channel that works for any exception type).
CALL_RECORD = "llm_call"


def attach_call(exc: BaseException, record: LLMCall) -> None:
    """Hang ``record`` on the exception a failed call raises, for the strategy to store."""
    setattr(exc, CALL_RECORD, record)


def call_of(exc: BaseException) -> LLMCall | None:
    """The record a wrapped model hung on ``exc``, if any."""
    record = getattr(exc, CALL_RECORD, None)
    return record if isinstance(record, LLMCall) else None
