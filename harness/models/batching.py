"""Gathering concurrent requests into batches for local engines (transformers, vLLM).

Episodes run concurrently, each asking for one completion at a time. A local model is far faster
per token when it generates for many prompts at once, so requests that arrive together (within
``wait_s``) and share their sampling settings are run as one batch in a worker thread, one batch at
a time, while the event loop keeps serving everything else.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

from harness.models.base import GenerateConfig
from harness.models.text_adapter import Completion


@dataclass(frozen=True)
class Sampling:
    """The settings a batch must share."""

    temperature: float
    top_p: float | None
    max_new_tokens: int
    seed: int | None
    stop: tuple[str, ...]

    @classmethod
    def of(cls, config: GenerateConfig, stop: list[str], default_max_new_tokens: int) -> Sampling:
        """The sampling part of a request."""
        return cls(
            temperature=config.temperature,
            top_p=config.top_p,
            max_new_tokens=config.max_tokens or default_max_new_tokens,
            seed=config.seed,
            stop=tuple(stop),
        )


RunBatch = Callable[[list[str], Sampling], list[Completion]]


@dataclass
class _Pending:
    prompt: str
    sampling: Sampling
    future: asyncio.Future[Completion] = field(repr=False)


class _LoopState:
    def __init__(self) -> None:
        self.pending: list[_Pending] = []
        self.worker: asyncio.Task[None] | None = None


class Batcher:
    """Runs ``run_batch(prompts, sampling)`` (blocking; called in a thread) for batches of up to
    ``max_batch`` requests with equal sampling."""

    def __init__(self, run_batch: RunBatch, max_batch: int = 8, wait_s: float = 0.005) -> None:
        self.run_batch = run_batch
        self.max_batch = max_batch
        self.wait_s = wait_s
        self.batch_sizes: list[int] = []  # one entry per batch run, for tests and benchmarks
        self._states: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopState] = weakref.WeakKeyDictionary()

    def _state(self) -> _LoopState:
        loop = asyncio.get_running_loop()
        state = self._states.get(loop)
        if state is None:
            state = _LoopState()
            self._states[loop] = state
        return state

    async def submit(self, prompt: str, sampling: Sampling) -> Completion:
        """The completion of ``prompt``, generated in a batch with whatever arrived alongside."""
        state = self._state()
        future: asyncio.Future[Completion] = asyncio.get_running_loop().create_future()
        state.pending.append(_Pending(prompt, sampling, future))
        if state.worker is None or state.worker.done():
            state.worker = asyncio.create_task(self._drain(state))
        return await future

    async def _drain(self, state: _LoopState) -> None:
        while state.pending:
            await asyncio.sleep(self.wait_s)  # let requests issued in the same tick join
            first = state.pending[0].sampling
            batch = [p for p in state.pending if p.sampling == first][: self.max_batch]
            for item in batch:
                state.pending.remove(item)
            live = [p for p in batch if not p.future.cancelled()]
            if not live:
                continue
            self.batch_sizes.append(len(live))
            try:
                results = await asyncio.to_thread(self.run_batch, [p.prompt for p in live], first)
            except Exception as exc:  # the whole batch failed: every waiter learns why
                for item in live:
                    if not item.future.done():
                        item.future.set_exception(exc)
                continue
            for item, result in zip(live, results, strict=True):
                if not item.future.done():
                    item.future.set_result(result)
