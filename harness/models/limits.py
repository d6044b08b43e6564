"""One bound on requests in flight per provider, shared by every model that talks to it."""

from __future__ import annotations

import asyncio
import weakref
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class _LoopSlots:
    def __init__(self) -> None:
        self.in_flight = 0
        self.waiters: deque[asyncio.Future[None]] = deque()


class ConcurrencyLimit:
    """At most ``limit`` requests in flight at once; ``limit`` may be changed while in use.

    Asyncio primitives belong to the event loop that first waits on them, so the count is kept per
    loop: a process that runs several loops one after another (tests, notebooks) gets a fresh count
    in each.
    """

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"concurrency must be at least 1, got {limit}")
        self.limit = limit
        self._per_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopSlots] = weakref.WeakKeyDictionary()

    def _slots(self) -> _LoopSlots:
        loop = asyncio.get_running_loop()
        slots = self._per_loop.get(loop)
        if slots is None:
            slots = _LoopSlots()
            self._per_loop[loop] = slots
        return slots

    def in_flight(self) -> int:
        """Requests holding a slot in the running loop."""
        return self._slots().in_flight

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the ``limit`` slots for the duration of the block."""
        slots = self._slots()
        # Checking and taking a slot with no await in between is atomic on one event loop.
        while slots.in_flight >= self.limit:
            waiter = asyncio.get_running_loop().create_future()
            slots.waiters.append(waiter)
            try:
                await waiter
            finally:
                if waiter in slots.waiters:
                    slots.waiters.remove(waiter)
        slots.in_flight += 1
        try:
            yield
        finally:
            slots.in_flight -= 1
            while slots.waiters:
                waiter = slots.waiters.popleft()
                if not waiter.done():
                    waiter.set_result(None)
                    break


_PROVIDER_LIMITS: dict[str, ConcurrencyLimit] = {}


def provider_limit(provider: str, limit: int) -> ConcurrencyLimit:
    """The shared limit for ``provider`` (e.g. ``openai@https://api.openai.com/v1``).

    Models built for the same provider share one bound, so two models on one account cannot together
    exceed it; the most recently built model's setting is the bound's size.
    """
    found = _PROVIDER_LIMITS.get(provider)
    if found is None:
        found = ConcurrencyLimit(limit)
        _PROVIDER_LIMITS[provider] = found
    found.limit = limit
    return found
