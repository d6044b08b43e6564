"""When and how long to wait before asking a provider again."""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime


class RetryableError(Exception):
    """A failure that may pass if the same request is sent again: 429, 5xx, a timeout, a dropped
    connection or a malformed body. ``retry_after_s`` is the wait the provider asked for, if any;
    ``http_status`` the status code that caused it, if it was one."""

    def __init__(self, message: str, retry_after_s: float | None = None, http_status: int | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
        self.http_status = http_status


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter.

    Attempt ``n`` (0-based) waits between half and all of ``base_delay_s * 2**n``, capped at
    ``max_delay_s``; the jitter spreads out clients that failed together. A provider's Retry-After
    replaces the backoff (plus up to 10% jitter), since asking earlier only earns another 429; a
    Retry-After beyond ``max_retry_after_s`` is not waited out but reported.
    """

    max_retries: int = 6
    base_delay_s: float = 1.0
    max_delay_s: float = 60.0
    max_retry_after_s: float = 300.0

    def delay(self, attempt: int, retry_after_s: float | None, rng: random.Random) -> float:
        """Seconds to wait before retry number ``attempt + 1``."""
        if retry_after_s is not None:
            return retry_after_s * (1.0 + rng.uniform(0.0, 0.1))
        ceiling = min(self.max_delay_s, self.base_delay_s * (2.0**attempt))
        return ceiling / 2.0 + rng.uniform(0.0, ceiling / 2.0)


def parse_retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """The wait a response asks for: ``retry-after-ms`` (OpenAI), else ``retry-after`` in seconds or
    as an HTTP date. None when absent or unreadable; never negative."""
    lowered = {k.lower(): v for k, v in headers.items()}
    millis = lowered.get("retry-after-ms")
    if millis is not None:
        try:
            return max(0.0, float(millis) / 1000.0)
        except ValueError:
            pass
    value = lowered.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
