"""One bound on requests in flight per provider, shared by every model that talks to it."""

from __future__ import annotations

import asyncio
import weakref


class ConcurrencyLimit:
    """At most ``limit`` requests in flight at once.

    A semaphore belongs to the event loop that first waits on it, so one is kept per loop: a process
    that runs several loops one after another (tests, notebooks) gets a fresh bound in each.
    """

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"concurrency must be at least 1, got {limit}")
        self.limit = limit
        self._per_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    def semaphore(self) -> asyncio.Semaphore:
        """The semaphore for the running loop."""
        loop = asyncio.get_running_loop()
        found = self._per_loop.get(loop)
        if found is None:
            found = asyncio.Semaphore(self.limit)
            self._per_loop[loop] = found
        return found


_PROVIDER_LIMITS: dict[str, ConcurrencyLimit] = {}


def provider_limit(provider: str, limit: int) -> ConcurrencyLimit:
    """The shared limit for ``provider`` (e.g. ``openai@https://api.openai.com/v1``).

    Models built for the same provider share one bound, so two models on one account cannot together
    exceed it. The first model to ask sets the size for the life of the process.
    """
    found = _PROVIDER_LIMITS.get(provider)
    if found is None:
        found = ConcurrencyLimit(limit)
        _PROVIDER_LIMITS[provider] = found
    return found
