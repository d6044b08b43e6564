"""From what the user asked for to a run: tasks and their queries, the RunSpec and the run's name."""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from harness.agents.protocol import AgentSettings
from harness.profiles import HARNESS, Profile, get_profile
from harness.runner.retrieval import RetrievalNotes, RetrievalSettings, retrieve_for_run, settings_from_spec
from harness.strategies.base import EpisodeLimits, Strategy
from harness.strategies.registry import load_strategy
from harness.task_groups import expand_task_names
from harness.tasks import TaskError, TaskSpec, get_task, shared_default
from harness.toolbench.wording import ToolBenchWording
from harness.types.query import GoldBook, Query, gold_book
from harness.types.runspec import RunSpec, without_secrets


class RunRequest(BaseModel):
    """A run as the user describes it (the CLI's options)."""

    model: str
    model_args: dict[str, str] = Field(default_factory=dict)
    strategy: str | None = None  # None: the tasks' default strategy
    strategy_args: dict[str, str] = Field(default_factory=dict)
    tasks: list[str]  # task and group names
    limit: int | None = Field(default=None, ge=1)
    seed: int = 0
    trial: int = Field(default=1, ge=1)  # which independent repeat of the spec (--trial / --trials)
    name: str | None = None
    data_dir: Path | None = None
    env_args: dict[str, str] = Field(default_factory=dict)
    retriever: RetrievalSettings | None = None  # open-domain: offer each query its top-k retrieved APIs
    # False for --resume: the stored spec says everything, and a task's defaults may have changed since.
    task_defaults: bool = True
    profile: str | None = None  # None: harness (see harness.profiles)
    agent: AgentSettings | None = None  # an external agent instead of model + strategy (``--agent``)


@dataclass
class TaskQueries:
    """One task of the run with the queries it contributes."""

    task: TaskSpec
    queries: list[Query]


@dataclass
class RunPlan:
    """Everything resolved: the spec whose hash is the run id, the strategy, and the work."""

    spec: RunSpec
    name: str
    strategy: Strategy
    limits: EpisodeLimits
    tasks: list[TaskQueries]
    profile: Profile = HARNESS
    # ToolBench's wording read from the checkout the user named (not in the spec: a machine's path).
    wording: ToolBenchWording | None = None

    @property
    def run_id(self) -> str:
        return self.spec.run_id

    @property
    def episode_count(self) -> int:
        return sum(len(t.queries) for t in self.tasks)

    def gold(self) -> GoldBook:
        """The gold of the run's queries, for the one model built to read it (the oracle)."""
        return gold_book([q for t in self.tasks for q in t.queries])


def parse_assignments(values: list[str], option: str) -> dict[str, str]:
    """``["k=v", ...]`` from repeated ``-M``/``-S`` options; a malformed item is a one-line error."""
    parsed: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"{option} {item!r} is not key=value; write e.g. {option} temperature=0.7")
        parsed[key.strip()] = value
    return parsed


def git_commit() -> str | None:
    """The harness checkout's commit, when it runs from a git checkout."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def resolve_tasks(names: list[str]) -> list[TaskSpec]:
    """The tasks that task and group names stand for, groups expanded in order."""
    if not names:
        raise TaskError("no tasks given; pass --tasks, e.g. --tasks sandbox (see `harness ls tasks`)")
    return [get_task(name) for name in expand_task_names(names)]


def load_tasks(names: list[str], limit: int | None, data_dir: Path | None) -> list[TaskQueries]:
    """Each named task (groups expanded) with its first ``limit`` queries (ToolBench's order)."""
    return _with_queries(resolve_tasks(names), limit, data_dir)


def _with_queries(specs: list[TaskSpec], limit: int | None, data_dir: Path | None) -> list[TaskQueries]:
    groups = [t.group for t in specs]
    if len(set(groups)) != len(groups):
        raise TaskError(f"tasks {', '.join(t.name for t in specs)} share a group name; run them separately")
    loaded = []
    for task in specs:
        queries = task.load_queries(data_dir)
        loaded.append(TaskQueries(task, queries[:limit] if limit else queries))
    return loaded


def with_task_defaults(request: RunRequest, tasks: list[TaskSpec]) -> RunRequest:
    """The request with what the user left out taken from the tasks' ``defaults:``, exactly as if it
    had been typed (``--strategy``, then each ``-S`` key not given); tasks that disagree on a value
    the user did not give are a one-line error naming the option to pass."""
    strategy = request.strategy
    if strategy is None and request.task_defaults:
        strategy = shared_default(tasks, lambda t: t.defaults.strategy, "strategies", "--strategy")
    if strategy is None:
        names = ", ".join(t.name for t in tasks)
        raise TaskError(f"no --strategy given and {names} name no default strategy; pass --strategy react|cot@N|dfsdt")
    args = dict(request.strategy_args)
    if request.task_defaults:
        implied = {t.name: t.defaults.run_arguments(strategy) for t in tasks}
        for key in sorted({k for values in implied.values() for k in values} - set(args)):

            def pick(task: TaskSpec, key: str = key) -> str | None:
                return implied[task.name].get(key)

            value = shared_default(tasks, pick, key, f"-S {key}=VALUE")
            if value is not None:
                args[key] = value
    return request.model_copy(update={"strategy": strategy, "strategy_args": args})


def data_hash(tasks: list[TaskQueries], data_dir: Path | None) -> str:
    """One hash over every task's definition and data files."""
    digest = hashlib.sha256()
    for t in tasks:
        digest.update(f"{t.task.name}:{t.task.data_hash(data_dir)}\n".encode())
    return digest.hexdigest()


def env_backend(tasks: list[TaskQueries], env_args: dict[str, str]) -> str:
    """The backend every task runs against (an override, or the tasks' shared default)."""
    if "backend" in env_args:
        return env_args["backend"]
    backends = sorted({t.task.env.backend for t in tasks})
    if len(backends) > 1:
        raise TaskError(f"the tasks use different tool backends ({', '.join(backends)}); pass -E backend=NAME")
    return backends[0]


def plan_run(request: RunRequest) -> RunPlan:
    """Resolve tasks, strategy and spec; raises TaskError/ValueError with a one-line message."""
    profile = get_profile(request.profile)
    specs = resolve_tasks(request.tasks)
    agent_entry, exclude_limits = None, set()
    strategy: Strategy
    if request.agent is not None:
        from harness.agents.strategy import agent_strategy

        strategy, limits, agent_target, agent_entry = agent_strategy(request.agent, request.strategy_args)
        request = request.model_copy(update={"model": f"agent:{request.agent.name}", "model_args": agent_target})
        exclude_limits = {"max_depth"}  # an agent's steps are its own business; only its calls are counted
    else:
        request = with_task_defaults(request, specs)
        assert request.strategy is not None  # with_task_defaults names one or raises
        strategy, limits = load_strategy(request.strategy, request.strategy_args)
    tasks = _with_queries(specs, request.limit, request.data_dir)
    env_args: dict[str, Any] = {k: v for k, v in request.env_args.items() if k not in ("backend", "mode")}
    retrieval = None
    if request.retriever is not None:
        retrieval = retrieve_for_run(tasks, request.retriever, request.data_dir, backend=profile.dense_backend)
        strategy = RetrievalNotes(strategy, retrieval.records)
    spec = RunSpec(
        tasks=[t.name for t in specs],  # expanded: a group and its tasks spelled out are the same run
        task_data_hash=data_hash(tasks, request.data_dir),
        model=request.model,
        model_args=without_secrets(dict(request.model_args)),
        strategy=strategy.name,
        strategy_args={**strategy.arguments(), **limits.model_dump(exclude_none=True, exclude=exclude_limits)},
        env_backend=env_backend(tasks, request.env_args),
        env_args=env_args,
        seed=request.seed,
        limit=request.limit,
        trial=request.trial,
        retriever=retrieval.spec if retrieval is not None else None,
        profile=profile.name,
        agent=agent_entry,
    )
    name = request.name or trial_name(default_run_name(request.model, strategy.name, spec.run_id), spec.trial)
    return RunPlan(spec=spec, name=name, strategy=strategy, limits=limits, tasks=tasks, profile=profile)


def default_run_name(model: str, strategy: str, run_id: str) -> str:
    """``<model>-<strategy>-<first 8 of the run id>``: the same command names the same run."""
    safe_model = "".join(c if c.isalnum() or c in "-._" else "-" for c in model)
    if strategy == "agent":  # ``agent:<name>`` says it already
        return f"{safe_model}-{run_id[:8]}"
    return f"{safe_model}-{strategy.replace('@', '')}-{run_id[:8]}"


def for_trial(plan: RunPlan, trial: int, name: str | None) -> RunPlan:
    """The plan of trial ``trial`` of ``plan``'s spec: the same work under its own run id (and so its
    own episode seeds). ``name`` is the user's ``--name`` (None for the default name); trial I > 1
    gets ``-t<I>`` after it."""
    spec = plan.spec.model_copy(update={"trial": trial})
    base = name or default_run_name(spec.model, plan.strategy.name, spec.run_id)
    return replace(plan, spec=spec, name=trial_name(base, trial))


def trial_name(name: str, trial: int) -> str:
    """The name of trial ``trial`` of a run named ``name``: trial 1 is the run itself, trial I > 1
    is ``<name>-t<I>``, so ``--trials 3 --name r`` makes r, r-t2 and r-t3."""
    return name if trial == 1 else f"{name}-t{trial}"


def request_from_spec(spec: dict[str, Any], name: str) -> RunRequest:
    """The request that reproduces a stored run (``--resume NAME``); secrets come from the environment."""
    # The stored name ("react", "cot@3", "dfsdt") says everything but dfsdt's width and the limits;
    # "attempts" is recorded for readers and is part of a cot@N name already.
    strategy = str(spec["strategy"])
    strategy_args = {k: str(v) for k, v in spec.get("strategy_args", {}).items() if k != "attempts"}
    agent = None
    if spec.get("agent"):
        entry, model_args = spec["agent"], spec.get("model_args", {})
        target = str(model_args.get("command") or model_args.get("url") or "")
        agent = AgentSettings(target=target, name=entry["name"], version=entry.get("version"), model=entry.get("model"))
        strategy_args = {k: v for k, v in strategy_args.items() if k in ("max_calls", "wall_time_s")}
    return RunRequest(
        model=spec["model"],
        model_args={k: str(v) for k, v in spec.get("model_args", {}).items()},
        strategy=strategy,
        strategy_args=strategy_args,
        tasks=list(spec["tasks"]),
        limit=spec.get("limit"),
        seed=int(spec.get("seed", 0)),
        trial=int(spec.get("trial", 1)),
        name=name,
        env_args={
            "backend": spec.get("env_backend", "local"),
            **{k: str(v) for k, v in spec.get("env_args", {}).items()},
        },
        retriever=settings_from_spec(spec),
        task_defaults=False,
        profile=str(spec.get("profile", "harness")),
        agent=agent,
    )
