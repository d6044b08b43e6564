"""Running a run's episodes: K in flight, each stored the moment it finishes, nothing run twice.

Episodes are independent tasks bounded by a semaphore. Finished trajectories go through a queue to
one writer thread, so the event loop never waits on DuckDB and episodes are written in the order
they finish: in batches, each one transaction over the writer's long-lived connection. A batch is
what finished within ``FLUSH_S`` of its first episode (at most ``BATCH_MAX``), so a killed run loses
at most the episodes of that last fraction of a second, which a resumed run solves again; whatever
finished is flushed when the run ends, is cancelled, or stops on an error.

An episode that raises is stored with its error and never stops the run, except for a
``ModelError`` (a rejected key, an unknown model): no request can succeed, so the run stops at once,
cancels the episodes in flight and stores none of them; what finished before is kept. Cancelling
(Ctrl-C) stops new work, and everything already finished is in the file.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field

from harness.envs.base import ToolEnv
from harness.models.base import GenerateConfig, ModelAdapter, ModelError
from harness.profiles import HARNESS, Profile
from harness.runner.seeds import episode_seed
from harness.store.writer import EpisodeOutcome, FinishedEpisode, StoreWriter
from harness.strategies.base import Agent, EpisodeLimits, Strategy
from harness.toolbench.functions import FinishStyle
from harness.toolbench.wording import ToolBenchWording
from harness.types.query import AgentQuery, Query
from harness.types.trajectory import FinishType, Trajectory
from harness.util.errors import one_line

# A batch of finished episodes is written this long after its first one finished, or at this size.
FLUSH_S = 0.05
BATCH_MAX = 256
# While episodes run, the youngest generation is collected after this many allocations (Python's
# default is 700): a model step allocates thousands of short-lived objects (messages, bodies, rows).
GC_YOUNG_THRESHOLD = 20_000


@contextlib.contextmanager
def quiet_gc() -> Iterator[None]:
    """Keep the cyclic garbage collector off the run's critical path: what exists when the run
    starts (modules, the catalog, the tasks) is frozen out of the collections, so no full collection
    walks it (one takes 0.1 s or more, a whole model round trip at high concurrency), and young
    collections come less often. Both are undone when the run ends."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(thresholds[0], GC_YOUNG_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


@dataclass(frozen=True)
class Episode:
    """One query of one task group."""

    group: str
    query: Query
    env: ToolEnv


@dataclass
class Totals:
    """Running totals for the progress display and the final report."""

    total: int = 0
    skipped: int = 0
    retried: int = 0  # stored episodes with errors that this run solves again (--retry-errors)
    done: int = 0
    answered: int = 0
    gave_up: int = 0
    errors: int = 0
    llm_calls: int = 0
    tokens: int = 0
    cost_usd: float = 0.0
    last_error: str = ""
    stored: list[tuple[str, str]] = field(default_factory=list)

    def add(self, traj: Trajectory) -> None:
        self.done += 1
        self.answered += traj.finish_type is FinishType.GIVE_ANSWER
        self.gave_up += traj.finish_type is FinishType.GIVE_UP
        if traj.errors:
            self.errors += 1
            self.last_error = traj.errors[-1]
        self.llm_calls += traj.llm_calls
        self.tokens += traj.total_tokens
        self.cost_usd += traj.cost_usd


@dataclass
class Execution:
    """Everything a run's episodes need besides the episodes themselves."""

    run_id: str
    strategy: Strategy
    model: ModelAdapter
    limits: EpisodeLimits
    generate: GenerateConfig
    seed: int = 0
    trial: int = 1
    concurrency: int = 4
    finish_style: FinishStyle = FinishStyle.TOOLBENCH_2023_08
    # A hard stop per episode beyond the strategy's own wall-clock check (which keeps the partial tree).
    hard_timeout_s: float | None = None
    # (group, query id) of stored episodes this execution solves again; their new attempt replaces them.
    replace: frozenset[tuple[str, str]] = frozenset()
    # Store each LLM call's request and response (--no-log-requests: only its attempts and usage).
    log_requests: bool = True
    profile: Profile = HARNESS
    wording: ToolBenchWording | None = None


def failed_episode(episode: Episode, strategy: Strategy, message: str, wall_time_s: float) -> Trajectory:
    """The stored record of an episode whose strategy raised or overran: no tree, just the error."""
    return Trajectory(
        query_id=episode.query.query_id,
        query=episode.query.text,
        method=strategy.method,
        errors=[message],
        wall_time_s=wall_time_s,
        strategy_args=strategy.arguments(),
    )


async def solve_one(execution: Execution, episode: Episode) -> Trajectory:
    """Run one episode; never raises except for cancellation and ``ModelError`` (fatal to the run)."""
    update: dict[str, object] = {
        "seed": episode_seed(execution.seed, episode.group, episode.query.query_id, execution.trial)
    }
    if execution.profile.temperature is not None and "temperature" not in execution.generate.model_fields_set:
        update["temperature"] = execution.profile.temperature
    config = execution.generate.model_copy(update=update)
    agent = Agent(
        model=execution.model,
        env=episode.env,
        config=config,
        finish_style=execution.finish_style,
        limits=execution.limits,
        profile=execution.profile,
        wording=execution.wording,
    )
    began = time.perf_counter()
    try:
        # The strategy, the model and the tools see the agent's view only: no gold, no relevant APIs.
        solving = execution.strategy.solve(AgentQuery.of(episode.query), agent)
        if execution.hard_timeout_s is None:
            return await solving
        return await asyncio.wait_for(solving, timeout=execution.hard_timeout_s)
    except TimeoutError:
        message = f"episode stopped after {execution.hard_timeout_s:g} s (hard timeout)"
        return failed_episode(episode, execution.strategy, message, time.perf_counter() - began)
    except ModelError:
        raise
    except Exception as exc:  # a failing episode is recorded, never fatal to the run
        message = f"episode failed: {type(exc).__name__}: {one_line(exc)}"
        return failed_episode(episode, execution.strategy, message, time.perf_counter() - began)


async def run_episodes(
    execution: Execution,
    episodes: list[Episode],
    writer: StoreWriter,
    totals: Totals,
    on_change: Callable[[Totals], None] = lambda _: None,
    solve: Callable[[Episode], Awaitable[Trajectory]] | None = None,
) -> Totals:
    """Solve ``episodes`` with bounded concurrency, storing each as it finishes. A ``ModelError``
    from any episode cancels the rest and is raised once what finished before it is stored.
    ``solve`` replaces :func:`solve_one` (an executor that solves elsewhere: the Ray replicas);
    the writer stays here either way."""
    queue: asyncio.Queue[tuple[str, Trajectory] | None] = asyncio.Queue()
    slots = asyncio.Semaphore(max(1, execution.concurrency))
    unfinished = len(episodes)
    all_finished = asyncio.Event()  # ends a batch's wait early: nothing more is coming

    def write(items: list[tuple[str, Trajectory]]) -> list[EpisodeOutcome]:
        finished: list[FinishedEpisode] = [
            (group, traj, (group, traj.query_id) in execution.replace) for group, traj in items
        ]
        return writer.add_finished(execution.run_id, finished, log_requests=execution.log_requests)

    async def store_finished() -> None:
        done = False
        while not done:
            waiting = [await queue.get()]
            if waiting[0] is not None and queue.qsize() < BATCH_MAX and not all_finished.is_set():
                # Let the batch fill: one commit for everything that finishes meanwhile. Once the
                # last episode is in, waiting longer would only delay the end of the run.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(all_finished.wait(), FLUSH_S)
            while not queue.empty() and len(waiting) < BATCH_MAX:
                waiting.append(queue.get_nowait())
            done = None in waiting
            items = [item for item in waiting if item is not None]
            outcomes = await asyncio.to_thread(write, items) if items else []
            for (group, traj), outcome in zip(items, outcomes, strict=True):
                if outcome in (EpisodeOutcome.ADDED, EpisodeOutcome.REPLACED):
                    totals.stored.append((group, traj.query_id))
                totals.add(traj)
            if items:
                on_change(totals)

    async def worker(episode: Episode) -> None:
        nonlocal unfinished
        async with slots:
            traj = await (solve(episode) if solve is not None else solve_one(execution, episode))
        await queue.put((episode.group, traj))
        unfinished -= 1
        if unfinished == 0:
            all_finished.set()

    # One connection for the whole run (opening DuckDB costs far more than a transaction); the
    # writer still hands the file to readers between transactions every ``hold_s``.
    with quiet_gc(), writer.batch():
        storing = asyncio.create_task(store_finished())
        tasks = [asyncio.create_task(worker(e)) for e in episodes]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            # Whatever finished before a cancellation still gets written.
            await queue.put(None)
            await asyncio.shield(storing)
    return totals
