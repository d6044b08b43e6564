"""Running blocking tool code off the event loop, with a deadline that a hung tool cannot break."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


async def run_with_deadline(fn: Callable[[], T], timeout_s: float, name: str = "tool") -> T:
    """``fn()`` in a fresh daemon thread; ``TimeoutError`` after ``timeout_s``.

    Python cannot stop a thread, so a tool that never returns keeps its thread; making it a daemon
    (rather than a pool worker, which the interpreter joins at exit) means it can neither block the
    episode nor keep the process alive.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(value: T | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(value)  # type: ignore[arg-type]

    def work() -> None:
        try:
            value = fn()
        except BaseException as exc:  # delivered to the awaiting task, which decides
            outcome: tuple[T | None, BaseException | None] = (None, exc)
        else:
            outcome = (value, None)
        # The loop may have closed while the tool ran; then nobody is waiting any more.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(settle, *outcome)

    threading.Thread(target=work, name=f"harness-{name}", daemon=True).start()
    return await asyncio.wait_for(future, timeout_s)
