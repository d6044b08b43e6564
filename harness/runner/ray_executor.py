"""The ``ray`` executor: a run's episodes spread over replica actors on a Ray cluster (the ray extra).

Each replica is one actor with its own event loop that builds the run's model once (so weights are
loaded once per replica, on the GPUs Ray gives it) and the tool environments of the run's tasks,
then solves the episodes the driver sends it, many at a time. The driver keeps everything that
makes a run resumable and deterministic: which episodes are left, at most ``--concurrency`` of them
in flight across the cluster, episode seeds (derived from the spec, not from where an episode runs),
and the one writer that stores each episode the moment its trajectory comes back. An API-backed
model's provider budget (its bound on requests in flight) is split between the replicas, so
together they never exceed it. A replica that dies (its node lost, its process killed) leaves the
run going: its episodes in flight are solved again on the replicas left, from the same seeds, and
only when none is left does the run stop, with what finished stored.

This module imports ray; only the registry's lazy entry imports it, after checking the extra.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import os
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from harness.models.base import ModelAdapter, ModelError
from harness.models.wrapper import Model
from harness.runner.execute import Episode, Execution, Totals, run_episodes, solve_one
from harness.runner.executors import ExecutorOptions, OnReplicas, Workload
from harness.runner.plan import TaskQueries
from harness.store.writer import StoreWriter
from harness.types.query import Query
from harness.types.trajectory import Trajectory
from harness.util.errors import one_line

RAY_HINT = "pip install -e '.[ray]'"
_LOG = logging.getLogger("harness.runner.ray")
# Settings the harness and the providers' SDKs read from the environment; a multi-node cluster's
# workers get the driver's values, since they do not share its shell.
FORWARDED_ENV_PREFIXES = ("OPENAI_", "ANTHROPIC_", "HARNESS_", "HF_")


def build_ray(options: ExecutorOptions, workload: Workload | None = None) -> RayExecutor:
    """The ray executor; one line naming the extra when ray is not installed."""
    if importlib.util.find_spec("ray") is None:
        raise ValueError(f"--executor ray needs the ray extra (ray is not installed): {RAY_HINT}")
    if workload is None:
        raise ValueError("the ray executor needs a workload: how its replicas build the model and tools")
    return RayExecutor(options, workload)


def budget_shares(budget: int, replicas: int) -> list[int]:
    """``budget`` split as evenly as possible over at most ``replicas`` parts, none of them zero."""
    count = max(1, min(budget, replicas))
    return [budget // count + (i < budget % count) for i in range(count)]


class Replica:
    """One actor: the model and the tool environments built once, episodes solved concurrently."""

    def __init__(self, workload: Workload, share: int | None) -> None:
        self.workload = workload
        self.share = share
        self.model: ModelAdapter | None = None
        self.envs: dict[str, Any] = {}
        self.tasks: dict[str, TaskQueries] = {}
        self.executions: dict[str, Execution] = {}

    async def start(self) -> str:
        """Build the model (its errors reach the driver as they are); returns where it runs."""
        model = self.workload.build_model()
        if self.share is not None and isinstance(model, Model) and model.limit is not None:
            # This replica's part of the provider's budget; the parts add up to the whole.
            model.limit.limit = self.share
        self.model = model
        return f"{os.uname().nodename}:{os.getpid()}"

    async def begin(self, key: str, execution: Execution, tasks: list[TaskQueries]) -> None:
        """Take a run's settings (once per run, not per episode)."""
        assert self.model is not None, "start() builds the model first"
        self.executions[key] = replace(execution, model=self.model)
        self.tasks.update({t.task.group: t for t in tasks})

    async def solve(self, key: str, group: str, query: Query) -> Trajectory:
        """Solve one episode exactly as the local executor would."""
        env = self.envs.get(group)
        if env is None:
            env = self.envs[group] = self.workload.make_env(self.tasks[group])
        return await solve_one(self.executions[key], Episode(group, query, env))

    async def close(self) -> None:
        """Release the tools' and the model's connections."""
        for env in self.envs.values():
            await env.aclose()
        closer = getattr(self.model, "aclose", None)
        if closer is not None:
            await closer()


class _ReplicaDied(Exception):
    """The replica an episode was sent to is gone; the episode is sent again elsewhere."""


class RayExecutor:
    """Episodes over replica actors; started on first use, kept across the runs (trials) it serves."""

    name = "ray"

    def __init__(self, options: ExecutorOptions, workload: Workload) -> None:
        self.options = options
        self.workload = workload
        self.replicas: list[Any] = []
        self.where: list[str] = []  # each replica's host:pid
        self.served: list[int] = []  # episodes each replica returned
        self._load: list[int] = []
        self.dead: list[str] = []  # why each replica that died is gone, in the order they died
        self._alive: list[bool] = []
        self._started_ray = False

    # -- the cluster ----------------------------------------------------------------------------

    def _connect(self) -> None:
        import ray

        if ray.is_initialized():
            return
        forwarded = {k: v for k, v in os.environ.items() if k.startswith(FORWARDED_ENV_PREFIXES)}
        try:
            ray.init(
                address=self.options.address,
                include_dashboard=False,
                logging_level=logging.WARNING,
                runtime_env={"env_vars": forwarded} if forwarded else None,
            )
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = self.options.address or "a new local cluster"
            raise ValueError(f"cannot start or reach the Ray cluster at {where}: {one_line(exc)}") from None
        self._started_ray = True

    def _plan_replicas(self) -> tuple[int, float, list[int | None]]:
        """(replica count, GPUs per replica, each replica's share of the provider budget)."""
        import ray

        resources: dict[str, float] = ray.cluster_resources()  # type: ignore[no-untyped-call]
        cpus, gpus = int(resources.get("CPU", 0)), int(resources.get("GPU", 0))
        weights, per = self.workload.holds_weights, max(1, self.workload.gpus_per_replica)
        num_gpus = float(per) if weights and gpus else 0.0
        default = gpus // per if num_gpus else cpus
        count = self.options.replicas or max(1, default)
        if num_gpus and count * per > gpus:
            raise ValueError(f"--replicas {count} needs {count * per} GPUs ({per} per replica); the cluster has {gpus}")
        if count > cpus:
            raise ValueError(f"--replicas {count} needs {count} CPUs (one per replica); the cluster has {cpus}")
        shares: list[int | None] = [None] * count
        budget = self.workload.provider_budget
        if budget is not None and not weights:
            split = budget_shares(budget, count)
            count, shares = len(split), list(split)
        return count, num_gpus, shares

    async def _start(self) -> None:
        if self.replicas:
            return
        import ray

        self._connect()
        count, num_gpus, shares = self._plan_replicas()
        actor = ray.remote(Replica).options(num_cpus=1, num_gpus=num_gpus)
        workload = ray.put(self.workload)
        self.replicas = [actor.remote(workload, share) for share in shares]
        self._load, self.served, self._alive = [0] * count, [0] * count, [True] * count
        try:
            self.where = list(await asyncio.gather(*(r.start.remote() for r in self.replicas)))
        except ray.exceptions.RayTaskError as exc:
            await self.aclose()
            cause = exc.cause
            if isinstance(cause, ModelError | ValueError):
                raise ModelError(one_line(cause)) from None
            raise

    # -- running --------------------------------------------------------------------------------

    async def run(
        self,
        execution: Execution,
        tasks: list[TaskQueries],
        episodes: list[Episode],
        writer: StoreWriter,
        totals: Totals,
        on_change: Callable[[Totals], None],
    ) -> Totals:
        """Send episodes to the least busy replica; each trajectory comes back to the driver's writer."""
        if not episodes:
            return await run_episodes(execution, episodes, writer, totals, on_change)
        await self._start()
        key = f"{execution.run_id}:{execution.trial}"
        # The replicas use their own model; the driver's (a stand-in for weights) stays here.
        shipped = replace(execution, model=OnReplicas(getattr(execution.model, "name", "model")))
        await self._begin(key, shipped, tasks)

        async def solve(episode: Episode) -> Trajectory:
            while True:
                index = self._least_busy()
                self._load[index] += 1
                try:
                    ref = self.replicas[index].solve.remote(key, episode.group, episode.query)
                    traj = await self._remote(ref, index)
                except _ReplicaDied:
                    continue  # to a replica that is left: the same seed gives the same episode
                finally:
                    self._load[index] -= 1
                self.served[index] += 1
                return traj

        return await run_episodes(execution, episodes, writer, totals, on_change, solve=solve)

    async def _begin(self, key: str, shipped: Execution, tasks: list[TaskQueries]) -> None:
        import ray

        live = [i for i, up in enumerate(self._alive) if up]
        began = await asyncio.gather(
            *(self.replicas[i].begin.remote(key, shipped, tasks) for i in live), return_exceptions=True
        )
        for index, outcome in zip(live, began, strict=True):
            if isinstance(outcome, ray.exceptions.RayActorError):
                self._lose(index, outcome)
            elif isinstance(outcome, BaseException):
                raise outcome

    def _lose(self, index: int, exc: BaseException) -> None:
        if not self._alive[index]:
            return
        self._alive[index] = False
        where = self.where[index] if index < len(self.where) else "?"
        self.dead.append(f"replica {index} ({where}): {one_line(exc)}")
        left = sum(self._alive)
        _LOG.warning("Ray replica %d (%s) died; its episodes go to the %d replica(s) left", index, where, left)

    def _least_busy(self) -> int:
        alive = [i for i, up in enumerate(self._alive) if up]
        if not alive:
            raise ModelError(f"every Ray replica died ({'; '.join(self.dead)}); finished episodes are stored")
        return min(alive, key=self._load.__getitem__)

    async def _remote(self, ref: Any, index: int) -> Trajectory:
        import ray

        try:
            traj: Trajectory = await ref
        except asyncio.CancelledError:
            ray.cancel(ref)
            raise
        except ray.exceptions.RayTaskError as exc:
            # solve_one raises only what stops the whole run (a ModelError); anything else is the
            # replica's own setup failing (its tools), which no episode there can get past either.
            cause = exc.cause
            if isinstance(cause, ModelError):
                raise ModelError(one_line(cause)) from None
            raise ModelError(f"Ray replica {index} failed: {type(cause).__name__}: {one_line(cause)}") from None
        except ray.exceptions.RayActorError as exc:
            self._lose(index, exc)
            raise _ReplicaDied from None
        return traj

    async def aclose(self) -> None:
        """Close the replicas' connections, end the actors, and the cluster if this executor started it."""
        import ray

        if self.replicas:
            await asyncio.gather(*(r.close.remote() for r in self.replicas), return_exceptions=True)
            for replica in self.replicas:
                ray.kill(replica)
            self.replicas = []
        if self._started_ray:
            ray.shutdown()
            self._started_ray = False
