"""Running blocking tool code off the event loop, with a deadline that a hung tool cannot break."""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

DEFAULT_WORKERS = 32


class DeadlinePool:
    """Daemon worker threads for blocking calls, each awaited under a deadline.

    Python cannot stop a thread, so a call that never returns keeps its worker: the pool writes that
    worker off and starts a replacement, so capacity stays the same. Workers are daemons (a standard
    pool's workers are joined at interpreter exit), so a hung tool can neither block the episode nor
    keep the process alive. Reusing workers rather than starting a thread per call makes a short call
    several times cheaper.
    """

    def __init__(self, workers: int = DEFAULT_WORKERS, name: str = "tool") -> None:
        if workers < 1:
            raise ValueError(f"a pool needs at least one worker, got {workers}")
        self._jobs: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._size = workers
        self._started = 0
        self._guard = threading.Lock()
        self._name = name

    @property
    def started(self) -> int:
        """Workers started so far, replacements included."""
        return self._started

    def _spawn(self) -> None:
        with self._guard:
            self._started += 1
            number = self._started
        threading.Thread(target=self._work, name=f"harness-{self._name}-{number}", daemon=True).start()

    def _work(self) -> None:
        while True:
            self._jobs.get()()

    async def run(self, fn: Callable[[], T], timeout_s: float) -> T:
        """``fn()`` on a worker; ``TimeoutError`` when it has not returned after ``timeout_s``."""
        if self._started < self._size:
            for _ in range(self._size - self._started):
                self._spawn()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()

        def settle(value: T | None, error: BaseException | None) -> None:
            if future.done():
                return
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(value)  # type: ignore[arg-type]

        def job() -> None:
            try:
                outcome: tuple[T | None, BaseException | None] = (fn(), None)
            except BaseException as exc:  # delivered to the awaiting task, which decides
                outcome = (None, exc)
            # The loop may have closed while the call ran; then nobody is waiting any more.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(settle, *outcome)

        self._jobs.put(job)
        try:
            return await asyncio.wait_for(future, timeout_s)
        except TimeoutError:
            self._spawn()  # the late call holds a worker, maybe for good
            raise
