"""Execute a planned run against the store: resume what exists, run the rest, report totals."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from harness import __version__
from harness.envs.base import ToolEnv
from harness.models.base import GenerateConfig, ModelAdapter
from harness.runner.execute import Episode, Execution, Totals
from harness.runner.executors import Executor, LocalExecutor
from harness.runner.plan import RunPlan, TaskQueries, git_commit
from harness.runner.progress import RunProgress
from harness.store.writer import StoreWriter

EnvFactory = Callable[[TaskQueries], ToolEnv]

# A run keeps its one connection this long between hand-overs to readers (the leaderboard, `harness
# show`), which wait for the file meanwhile: reopening DuckDB (and the checkpoint on closing it) costs
# far more than a batch of episodes, so the store's default of 0.5 s would cost a run most of its time.
RUN_HOLD_S = 5.0


async def execute_plan(
    plan: RunPlan,
    model: ModelAdapter,
    make_env: EnvFactory,
    db: Path,
    totals: Totals,
    *,
    concurrency: int = 4,
    generate: GenerateConfig | None = None,
    console: Console | None = None,
    show_progress: bool = True,
    on_change: Callable[[Totals], None] | None = None,
    retry_errors: bool = False,
    log_requests: bool = True,
    executor: Executor | None = None,
) -> Totals:
    """Run every episode of ``plan`` not yet stored under its run id, counting into ``totals`` (which
    the caller keeps, so an interrupted run can still report what it finished). With
    ``retry_errors``, episodes stored with an error run again and replace theirs (the earlier attempt
    is kept in ``episode_attempts``). A run stored under another name continues under that name
    (``plan.name`` is updated). A ``ModelError`` stops the run; see ``run_episodes``.
    ``log_requests`` stores each LLM call's request and response; it is not part of the run's spec,
    since it does not change what the run computes; nor is ``executor`` (default: local), which the
    caller owns and closes, since it may serve several runs (trials)."""
    writer = StoreWriter(db, hold_s=RUN_HOLD_S)
    envs: list[ToolEnv] = []
    try:
        spec = plan.spec.model_dump(mode="json")
        plan.name = writer.ensure_run(plan.run_id, plan.name, "run", spec, __version__, git_commit())
        stored = writer.episode_keys(plan.run_id)
        retry = writer.errored_episode_keys(plan.run_id) if retry_errors else set()
        stored -= retry
        episodes: list[Episode] = []
        for task in plan.tasks:
            todo = [q for q in task.queries if (task.task.group, q.query_id) not in stored]
            if todo:
                env = make_env(task)
                envs.append(env)
                episodes.extend(Episode(task.task.group, q, env) for q in todo)
        totals.total, totals.skipped = plan.episode_count, plan.episode_count - len(episodes)
        totals.retried = sum((e.group, e.query.query_id) in retry for e in episodes)
        execution = Execution(
            run_id=plan.run_id,
            strategy=plan.strategy,
            model=model,
            limits=plan.limits,
            generate=generate or GenerateConfig(),
            seed=plan.spec.seed,
            trial=plan.spec.trial,
            concurrency=concurrency,
            hard_timeout_s=plan.limits.wall_time_s * 2 + 30 if plan.limits.wall_time_s else None,
            replace=frozenset(retry),
            log_requests=log_requests,
            profile=plan.profile,
            wording=plan.wording,
        )
        with RunProgress(plan.name, totals, console or Console(stderr=True), enabled=show_progress) as progress:

            def changed(current: Totals) -> None:
                progress.update(current)
                if on_change is not None:
                    on_change(current)

            # The connection stays open until the writer closes below: closing it checkpoints the
            # file (tens of ms), which the run pays once, after its last episode is stored.
            with writer.batch():
                await (executor or LocalExecutor()).run(execution, plan.tasks, episodes, writer, totals, changed)
        return totals
    finally:
        for env in envs:
            await asyncio.shield(env.aclose())
        # A strategy that holds a server for its episodes (an external agent's MCP server) lets it go.
        closing = getattr(plan.strategy, "aclose", None)
        if closing is not None:
            await asyncio.shield(closing())
        writer.close()
