"""Executors: where a run's episodes are solved. ``local`` solves them on this process's event loop;
``ray`` spreads them over the replica actors of a Ray cluster. Either way every finished episode
comes back to the one writer of :func:`harness.runner.execute.run_episodes`, so resuming, "nothing
stored twice" and determinism do not depend on the executor (which is why it is not part of the
RunSpec: the same spec run by either executor is the same run).

Entries live in :data:`EXECUTORS` (``harness ls executors``). A builder is called as
``build(options, workload)`` and returns an :class:`Executor`; a plugin registers one with an entry
point in ``toolharness.executors``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel, Field

from harness.envs.base import ToolEnv
from harness.models.base import GenerateConfig, ModelAdapter, ModelOutput
from harness.registry import Registry
from harness.runner.execute import Episode, Execution, Totals, run_episodes
from harness.runner.plan import TaskQueries
from harness.store.writer import StoreWriter
from harness.types.messages import Function, Message

EXECUTORS = Registry("executor", "executors")


class ExecutorOptions(BaseModel):
    """What the user said about where to run (``--executor``, ``--address``, ``--replicas``)."""

    name: str = "local"
    address: str | None = None  # Ray: "auto", "ray://HOST:PORT" or a GCS address; None starts a local cluster
    replicas: int | None = Field(default=None, ge=1)  # None: one per GPU (weights) or per CPU of the cluster


@dataclass(frozen=True)
class Workload:
    """How another process builds the run's model and tool environments. Both callables must be
    picklable (module-level functions or ``functools.partial`` of them): a remote executor sends
    them to its workers instead of the objects built here, which hold weights, sockets or threads."""

    build_model: Callable[[], ModelAdapter]
    make_env: Callable[[TaskQueries], ToolEnv]
    # The model holds weights in process (hf, in-process vllm): one copy per replica, on its GPUs.
    holds_weights: bool = False
    gpus_per_replica: int = 1  # when the cluster has GPUs and the model holds weights
    # The provider's bound on requests in flight (API models), split between the replicas.
    provider_budget: int | None = None


class Executor(Protocol):
    """Solves episodes and hands each finished one to the run's writer."""

    name: str

    async def run(
        self,
        execution: Execution,
        tasks: list[TaskQueries],
        episodes: list[Episode],
        writer: StoreWriter,
        totals: Totals,
        on_change: Callable[[Totals], None],
    ) -> Totals:
        """Solve ``episodes`` (of ``tasks``) under ``execution``, storing each as it finishes."""
        ...

    async def aclose(self) -> None:
        """Release workers, if the executor started any."""
        ...


class OnReplicas:
    """Stands in on the driver for a model that only the executor's replicas build (weights are
    loaded once per replica, never on the driver); it is never asked to generate."""

    def __init__(self, name: str) -> None:
        self.name = name

    async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        raise RuntimeError(f"model {self.name} runs on the executor's replicas, not on the driver")


class LocalExecutor:
    """Every episode on this process's event loop, ``execution.concurrency`` in flight."""

    name = "local"

    async def run(
        self,
        execution: Execution,
        tasks: list[TaskQueries],
        episodes: list[Episode],
        writer: StoreWriter,
        totals: Totals,
        on_change: Callable[[Totals], None],
    ) -> Totals:
        return await run_episodes(execution, episodes, writer, totals, on_change)

    async def aclose(self) -> None:
        return None


@EXECUTORS.register("local", "asyncio in this process (the default)")
def _build_local(options: ExecutorOptions, workload: Workload | None = None) -> Executor:
    return LocalExecutor()


EXECUTORS.add(
    "ray",
    "harness.runner.ray_executor:build_ray",
    "episodes spread over a Ray cluster's replica actors (the ray extra; --address, --replicas)",
)


def build_executor(options: ExecutorOptions, workload: Workload | None = None) -> Executor:
    """The executor ``options.name`` names; unknown names and a missing extra are one-line errors."""
    executor: Executor = EXECUTORS.build(options.name, options, workload, record_args=options.model_dump())
    return executor
