"""The event loop a run's episodes use: uvloop where it is installed, else asyncio's own.

At ``--concurrency 64`` against a model that answers in 100 ms the harness is CPU-bound on its one
event loop (``bench/bench_runner_latency.py``). uvloop (libuv, written in Cython) schedules callbacks
and moves socket bytes for less CPU than asyncio's pure-Python selector loop, and it changes nothing
a run computes: the same coroutines run in the same order of readiness. It is a dependency on the
platforms it supports (not Windows); where it cannot be imported the run uses asyncio's loop.

``HARNESS_EVENT_LOOP`` chooses: ``auto`` (the default: uvloop when importable), ``uvloop`` (required;
an error when missing) or ``asyncio``.
"""

from __future__ import annotations

import asyncio
import importlib
import os
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

__all__ = ["EVENT_LOOP_ENV", "LOOP_KINDS", "loop_factory", "loop_kind", "run"]

EVENT_LOOP_ENV = "HARNESS_EVENT_LOOP"
LOOP_KINDS = ("auto", "uvloop", "asyncio")

T = TypeVar("T")
LoopFactory = Callable[[], asyncio.AbstractEventLoop]


def _uvloop_factory() -> LoopFactory | None:
    try:
        uvloop = importlib.import_module("uvloop")
    except ImportError:
        return None
    factory: LoopFactory = uvloop.new_event_loop
    return factory


def loop_factory(kind: str | None = None) -> LoopFactory | None:
    """The factory for ``kind`` (default: ``$HARNESS_EVENT_LOOP``, else ``auto``); None is asyncio's
    own loop. An unknown kind, or ``uvloop`` where it is not installed, is a ``ValueError`` naming
    the fix."""
    chosen = (kind if kind is not None else os.environ.get(EVENT_LOOP_ENV, "auto")).strip().lower() or "auto"
    if chosen not in LOOP_KINDS:
        raise ValueError(f"{EVENT_LOOP_ENV}={chosen!r} is not an event loop: use one of {', '.join(LOOP_KINDS)}")
    if chosen == "asyncio":
        return None
    factory = _uvloop_factory()
    if factory is None and chosen == "uvloop":
        raise ValueError(
            f"{EVENT_LOOP_ENV}=uvloop but uvloop is not installed: pip install uvloop, or set {EVENT_LOOP_ENV}=auto"
        )
    return factory


def loop_kind(loop: asyncio.AbstractEventLoop) -> str:
    """``uvloop`` or ``asyncio``: which loop ``loop`` is (for reports and tests)."""
    return "uvloop" if type(loop).__module__.split(".")[0] == "uvloop" else "asyncio"


def run(main: Coroutine[Any, Any, T], kind: str | None = None) -> T:
    """``asyncio.run(main)`` on the loop ``kind`` chooses (see :func:`loop_factory`)."""
    try:
        factory = loop_factory(kind)
    except ValueError:
        main.close()  # never awaited: close it so that Python does not warn about it
        raise
    with asyncio.Runner(loop_factory=factory) as runner:
        return runner.run(main)
