"""A run's model and tools as recipes another process can follow (for the ``ray`` executor): the
registry name and ``-M`` arguments instead of the built model, the task and the overrides instead
of the built tool environment."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from harness.envs.base import ToolEnv
from harness.envs.factory import build_env, env_config_for_task
from harness.models.base import ModelAdapter, ModelError
from harness.models.registry import MODELS, load_model
from harness.models.wrapper import Model
from harness.registry import UnknownComponent
from harness.runner.executors import OnReplicas, Workload
from harness.runner.plan import RunPlan, TaskQueries


def build_task_env(overrides: Mapping[str, Any], task: TaskQueries) -> ToolEnv:
    """The tool environment of ``task`` with the command line's ``overrides`` (picklable as a partial)."""
    return build_env(env_config_for_task(task.task, overrides))


def holds_weights(name: str, args: Mapping[str, str]) -> bool:
    """Whether model ``name`` with these ``-M`` arguments loads weights into the process (transformers
    or in-process vLLM) rather than calling a server."""
    try:
        entry, _ = MODELS.resolve(name)
    except UnknownComponent as exc:
        raise ModelError(str(exc)) from None
    local = str(entry.info.get("adapter", "")).startswith("hf")
    return local and args.get("backend", "hf") != "server" and "base_url" not in args


def remote_workload(
    name: str,
    args: dict[str, str],
    plan: RunPlan,
    make_env: Callable[[TaskQueries], ToolEnv],
    concurrency: int | None = None,
) -> tuple[ModelAdapter, Workload]:
    """(the model the driver holds, the recipe the replicas follow) for model ``name``, whose
    replicas build their tools with ``make_env`` (picklable: ``partial(build_task_env, overrides)``).

    A model that holds weights is not loaded on the driver (it gets a stand-in); any other model is
    built here too, so a missing key fails before a replica starts, and its provider bound becomes
    the budget the replicas share."""
    entry, _ = MODELS.resolve(name)
    gold = plan.gold() if entry.info.get("reads_gold") else None
    recipe = partial(load_model, name, dict(args), gold=gold, concurrency=concurrency)
    env = make_env
    if holds_weights(name, args):
        gpus = int(args.get("tensor_parallel", "1")) if args.get("backend") == "vllm" else 1
        workload = Workload(recipe, env, holds_weights=True, gpus_per_replica=max(1, gpus))
        return OnReplicas(name), workload
    model = recipe()
    budget = model.limit.limit if isinstance(model, Model) and model.limit is not None else None
    return model, Workload(recipe, env, provider_budget=budget)
