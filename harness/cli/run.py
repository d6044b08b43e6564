"""``harness run``: any model, any strategy, any task; concurrent, stored as it goes, resumable."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from harness.agents.protocol import AgentSettings
from harness.cli.common import (
    DbOption,
    LogSamplesOption,
    ModelArgsOption,
    OutputPathOption,
    TasksDirOption,
    check_log_samples,
    console,
    err_console,
    fail,
    model_assignments,
    print_table,
    results_files,
    user_errors,
)
from harness.envs.base import ToolEnv
from harness.envs.factory import build_env, env_config_for_task
from harness.models.base import GenerateConfig, ModelAdapter, ModelError
from harness.models.registry import load_model
from harness.profiles import get_profile, wording_path
from harness.runner.execute import Totals
from harness.runner.executors import Executor, ExecutorOptions, build_executor
from harness.runner.plan import (
    RunPlan,
    RunRequest,
    TaskQueries,
    for_trial,
    parse_assignments,
    plan_run,
    request_from_spec,
)
from harness.runner.retrieval import RetrievalSettings
from harness.runner.run import execute_plan
from harness.store import default_db_path
from harness.store.reader import group_outcomes, resolve_run_name, stored_spec
from harness.tasks import add_task_dirs
from harness.toolbench.exporting import export_run
from harness.toolbench.wording import read_wording
from harness.util import event_loop
from harness.util.errors import one_line

# -M keys that set sampling for every request rather than configuring the adapter.
SAMPLING_KEYS = {"temperature": float, "top_p": float, "max_tokens": int}


def split_sampling(model_args: dict[str, str]) -> tuple[GenerateConfig, dict[str, str]]:
    """(sampling settings, the remaining adapter arguments) from ``-M`` values."""
    settings: dict[str, Any] = {}
    rest = dict(model_args)
    for key, kind in SAMPLING_KEYS.items():
        if key in rest:
            raw = rest.pop(key)
            try:
                settings[key] = kind(raw)
            except ValueError:
                raise ModelError(f"-M {key}={raw!r} must be {'an integer' if kind is int else 'a number'}") from None
    if "stop" in rest:
        settings["stop"] = [s for s in rest.pop("stop").split("|") if s]
    return GenerateConfig(**settings), rest


def retrieval_settings(method: str | None, top_k: int | None, corpus: str | None) -> RetrievalSettings | None:
    """``--retriever/--top-k/--retriever-corpus`` as settings; the latter two need the first."""
    if method is None:
        if top_k is not None or corpus is not None:
            fail("--top-k and --retriever-corpus only apply with --retriever (e.g. --retriever bm25 --top-k 5)")
        return None
    return RetrievalSettings(method=method, top_k=top_k or 5, corpus=corpus)


def _envs(plan: RunPlan, overrides: dict[str, Any]) -> dict[str, ToolEnv]:
    envs: dict[str, ToolEnv] = {}
    for task in plan.tasks:
        envs[task.task.name] = build_env(env_config_for_task(task.task, overrides))
    return envs


def print_outcomes(db: Path, name: str) -> None:
    """The per-group table printed at the end of a run."""
    table = Table(title=f"run {name}")
    table.add_column("group", no_wrap=True)
    for column in ("n", "answer", "give up", "none", "errors", "calls/ep", "tokens", "cost $"):
        table.add_column(column, justify="right", no_wrap=True)
    for row in group_outcomes(db, name):
        n = row["episodes"] or 1
        table.add_row(
            row["group"] or "-",
            str(row["episodes"]),
            f"{row['answered'] / n:.0%}",
            f"{row['gave_up'] / n:.0%}",
            f"{row['none'] / n:.0%}",
            str(row["errors"]),
            f"{row['llm_calls'] / n:.1f}",
            f"{row['tokens']:,}",
            f"{row['cost_usd']:.4f}",
        )
    print_table(table)


def _stored_errors(db: Path, name: str) -> int:
    return sum(int(row["errors"]) for row in group_outcomes(db, name))


def _continue_notice(plan: RunPlan, stored_as: str) -> str:
    return (
        f"this run is stored as {stored_as} (same spec, run id {plan.run_id}); continuing it. "
        f"For an independent repeat pass --trial {plan.spec.trial + 1}"
    )


def run_command(
    model: Annotated[str | None, typer.Option("--model", help="Model name (see `harness ls models`).")] = None,
    agent: Annotated[
        str | None,
        typer.Option(
            "--agent",
            help="An external agent instead of a model: a command run per episode, or an http(s) URL to POST "
            "each episode to; it gets the tools over MCP (docs/agents.md).",
        ),
    ] = None,
    strategy: Annotated[
        str | None, typer.Option("--strategy", help="react, cot@N or dfsdt (default: the tasks' default).")
    ] = None,
    tasks: Annotated[
        str | None, typer.Option("--tasks", help="Comma-separated task and group names (sandbox, toolbench ...).")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="First N queries of each task.")] = None,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, help="Episodes in flight.")] = 4,
    seed: Annotated[int, typer.Option("--seed", help="Run seed (each episode derives its own).")] = 0,
    name: Annotated[str | None, typer.Option("--name", help="Run name (default: model-strategy-runid).")] = None,
    resume: Annotated[str | None, typer.Option("--resume", help="Continue the stored run of this name.")] = None,
    trials: Annotated[
        int | None,
        typer.Option("--trials", min=1, help="Run trials 1..K of the spec as K runs (NAME, NAME-t2 ...), for pass^k."),
    ] = None,
    trial: Annotated[
        int | None, typer.Option("--trial", min=1, help="Run trial I only: an independent repeat with its own seeds.")
    ] = None,
    retry_errors: Annotated[
        bool,
        typer.Option("--retry-errors", help="Run again the stored episodes that have errors (earlier ones are kept)."),
    ] = False,
    db: DbOption = None,
    model_arg: Annotated[list[str] | None, typer.Option("-M", help="Model argument key=value.")] = None,
    model_args: ModelArgsOption = None,
    strategy_arg: Annotated[list[str] | None, typer.Option("-S", help="Strategy argument key=value.")] = None,
    env_arg: Annotated[list[str] | None, typer.Option("-E", help="Tool environment setting key=value.")] = None,
    env_mode: Annotated[str | None, typer.Option("--env-mode", help="live, record or replay.")] = None,
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", help="Response cache folder.")] = None,
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Data folder for third-party tasks.")] = None,
    tasks_dir: TasksDirOption = None,
    export_dir: Annotated[
        Path | None, typer.Option("--export-dir", help="Also write ToolBench answer files here.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
    retriever: Annotated[
        str | None, typer.Option("--retriever", help="Open domain: bm25, dense, hybrid or a model folder picks APIs.")
    ] = None,
    top_k: Annotated[int | None, typer.Option("--top-k", min=1, help="APIs retrieved per query (default 5).")] = None,
    retriever_corpus: Annotated[
        str | None, typer.Option("--retriever-corpus", help="Corpus for --retriever (default: the tasks' APIs).")
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            help="harness (default), toolbench or stabletoolbench: sampling, loop and call semantics "
            "(see `harness ls profiles`).",
        ),
    ] = None,
    wording: Annotated[
        Path | None,
        typer.Option(
            "--wording",
            help="A ToolBench or StableToolBench checkout to read its own prompts from (profiles toolbench "
            "and stabletoolbench; or $HARNESS_TOOLBENCH_WORDING).",
        ),
    ] = None,
    output_path: OutputPathOption = None,
    log_samples: LogSamplesOption = False,
    log_requests: Annotated[
        bool,
        typer.Option(
            "--log-requests/--no-log-requests",
            help="Store each LLM call's request and raw response (attempts, waits and usage are stored either way). "
            "Not part of the run id.",
        ),
    ] = True,
    executor: Annotated[
        str, typer.Option("--executor", help="Where episodes run: local or ray (`harness ls executors`).")
    ] = "local",
    address: Annotated[
        str | None, typer.Option("--address", help="Ray cluster: auto or ray://HOST:PORT (default: a local one).")
    ] = None,
    replicas: Annotated[
        int | None, typer.Option("--replicas", min=1, help="Ray replica actors (default: one per GPU or CPU).")
    ] = None,
) -> None:
    """Run a model with a strategy on tasks; every finished episode is stored at once, and running
    the same command again (or --resume NAME) continues where a stopped run left off.

    The same spec is one run whatever --name says; --trials K / --trial I make independent repeats."""
    path = default_db_path(db)
    check_log_samples(output_path, log_samples)
    if trial is not None and trials is not None:
        fail("--trial and --trials exclude each other: --trials K runs trials 1..K, --trial I runs trial I")
    if resume is not None and (trial is not None or trials is not None):
        fail("--resume continues one stored run; for other trials repeat the run's command with --trials K")
    if executor == "local" and (address is not None or replicas is not None):
        fail("--address and --replicas only apply with --executor ray")
    with user_errors():
        add_task_dirs(tasks_dir or [])
        try:
            if resume is not None:
                request = request_from_spec(stored_spec(path, resume), resume)
                request.data_dir = data_dir
                if profile is not None and get_profile(profile).name != request.profile:
                    fail(f"run {resume} follows profile {request.profile}; --resume cannot change it")
            else:
                if agent is not None:
                    _refuse_with_agent(model, strategy, model_assignments(model_arg, model_args))
                    model = "agent"  # named after the agent once it has said who it is
                missing = [flag for flag, value in (("--model", model), ("--tasks", tasks)) if not value]
                if missing:
                    fail(
                        f"missing {', '.join(missing)}; e.g. harness run --model baseline --tasks sandbox "
                        "(or --agent COMMAND, or --resume NAME)"
                    )
                assert model is not None and tasks is not None
                request = RunRequest(
                    model=model,
                    agent=_describe_agent(agent) if agent is not None else None,
                    model_args=parse_assignments(model_assignments(model_arg, model_args), "-M"),
                    strategy=strategy,
                    strategy_args=parse_assignments(strategy_arg or [], "-S"),
                    tasks=[t.strip() for t in tasks.split(",") if t.strip()],
                    limit=limit,
                    seed=seed,
                    name=name,
                    data_dir=data_dir,
                    env_args=parse_assignments(env_arg or [], "-E"),
                    retriever=retrieval_settings(retriever, top_k, retriever_corpus),
                    profile=profile,
                )
            generate, adapter_args = split_sampling(request.model_args)
            first = plan_run(request)
            checkout = wording_path(first.profile, wording)
            if checkout is not None and first.profile.wording == "toolbench":
                first.wording = read_wording(checkout)
            numbers = list(range(1, trials + 1)) if trials else [trial or first.spec.trial]
            plans = [first if i == first.spec.trial else for_trial(first, i, request.name) for i in numbers]
            # Every name is checked before anything runs: one taken by another spec is an error, and a
            # spec stored under another name continues there rather than becoming a duplicate.
            notices = []
            for plan in plans:
                stored_as = resolve_run_name(path, plan.run_id, plan.name)
                if stored_as != plan.name:
                    notices.append(_continue_notice(plan, stored_as))
                    plan.name = stored_as
            overrides: dict[str, Any] = {**request.env_args, "mode": env_mode, "cache_dir": cache_dir}
            options = ExecutorOptions(name=executor, address=address, replicas=replicas)
            adapter: ModelAdapter
            if request.agent is not None:
                from harness.agents.strategy import NoModel

                if executor != "local":
                    fail("--agent runs on the local executor: each agent is a process the driver starts")
                adapter, runner = NoModel(first.spec.model), build_executor(options)
            else:
                adapter, runner = _model_and_executor(
                    request.model, adapter_args, first, overrides, options, concurrency
                )
            envs = _envs(first, overrides)
        except ModelError as exc:
            fail(one_line(exc))
    for notice in notices:
        err_console.print(escape(notice), highlight=False, soft_wrap=True)
    current = _Progress(plans[0])

    def make_env(task: TaskQueries) -> ToolEnv:
        return envs[task.task.name]

    async def go() -> None:
        try:
            for plan in plans:
                current.plan, current.totals = plan, Totals()
                err_console.print(
                    f"run [bold]{escape(plan.name)}[/] ({plan.run_id}): {plan.strategy.method} on "
                    f"{', '.join(plan.spec.tasks)}, {plan.episode_count} episodes, concurrency {concurrency}",
                    highlight=False,
                )
                await execute_plan(
                    plan,
                    adapter,
                    make_env,
                    path,
                    current.totals,
                    concurrency=concurrency,
                    generate=generate,
                    console=err_console,
                    show_progress=not quiet,
                    retry_errors=retry_errors,
                    log_requests=log_requests,
                    executor=runner,
                )
                _report(path, plan, current.totals, export_dir)
                results_files(path, plan.name, output_path, log_samples)
        finally:
            await runner.aclose()
            for env in envs.values():
                await env.aclose()
            closer = getattr(adapter, "aclose", None)
            if closer is not None:
                await closer()  # the provider's connection pool belongs to this loop

    try:
        with user_errors():
            event_loop.run(go())  # uvloop where installed: less CPU per model step
    except KeyboardInterrupt:
        totals = current.totals
        fail(
            f"interrupted: {totals.skipped + totals.done} of {totals.total} episodes are stored; "
            f"run the same command again or `harness run --resume {current.plan.name}` to continue",
            code=130,
        )
    except ModelError as exc:
        # Nothing failed by this is stored, so fixing the key or the model name and running the same
        # command again runs exactly the episodes that are missing.
        totals = current.totals
        fail(
            f"{one_line(exc)}; run {current.plan.name} stopped: {totals.skipped + len(totals.stored)} of "
            f"{totals.total} episodes stored, none as failed; fix it and run the same command again"
        )


def _model_and_executor(
    name: str,
    args: dict[str, str],
    plan: RunPlan,
    overrides: dict[str, Any],
    options: ExecutorOptions,
    concurrency: int,
) -> tuple[ModelAdapter, Executor]:
    """The model the driver holds and the executor; a remote executor gets recipes for its replicas.
    ``concurrency`` (the run's episodes in flight) sets the provider's in-flight bound unless ``-M
    concurrency=N`` does; under Ray the replicas share that bound."""
    if options.name == "local":
        return load_model(name, args, gold=plan.gold(), concurrency=concurrency), build_executor(options)
    from harness.runner.workload import build_task_env, remote_workload

    model, workload = remote_workload(name, args, plan, partial(build_task_env, overrides), concurrency)
    return model, build_executor(options, workload)


def _refuse_with_agent(model: str | None, strategy: str | None, model_arg: list[str] | None) -> None:
    given = [flag for flag, value in (("--model", model), ("--strategy", strategy), ("-M", model_arg)) if value]
    if given:
        fail(
            f"--agent replaces {', '.join(given)}: the agent brings its own model and loop "
            "(limit it with -S max_calls=N -S wall_time_s=S)"
        )


def _describe_agent(text: str) -> AgentSettings:
    """The agent ``--agent TEXT`` names, asked who it is (name, version, model) before the run is
    planned, since they are part of the run's spec."""
    try:
        from harness.agents.launch import describe, load_agent
        from harness.agents.mcp_server import require_mcp

        require_mcp()
    except ImportError as exc:
        fail(str(exc))
    launcher = load_agent(text)
    info = asyncio.run(describe(launcher))
    assert info.name is not None
    return AgentSettings(target=text.strip(), name=info.name, version=info.version, model=info.model)


@dataclass
class _Progress:
    """The trial being run, for the message of an interrupted or stopped run."""

    plan: RunPlan
    totals: Totals = field(default_factory=Totals)


def _report(path: Path, plan: RunPlan, totals: Totals, export_dir: Path | None) -> None:
    """What one finished run (one trial) prints: its outcome table, errors and exports."""
    if totals.skipped and not totals.done:
        errors = _stored_errors(path, plan.name)
        hint = f" ({errors} with errors: add --retry-errors to run them again)" if errors else ""
        err_console.print(f"all {totals.skipped} episodes were already stored{hint}; nothing to do", highlight=False)
    print_outcomes(path, plan.name)
    if totals.last_error:
        err_console.print(
            f"[yellow]last episode error:[/] {escape(totals.last_error)}", highlight=False, soft_wrap=True
        )
    if totals.retried:
        err_console.print(
            f"retried {totals.retried} episodes stored with errors; their earlier attempts are kept in "
            "episode_attempts (their judgments were dropped: run `harness eval` again)",
            highlight=False,
        )
    elif totals.done and totals.errors:
        err_console.print(
            f"{totals.errors} episodes stored with errors; `harness run --resume {escape(plan.name)} --retry-errors` "
            "runs them again",
            highlight=False,
        )
    if export_dir is not None:
        with user_errors():
            written = export_run(path, plan.name, export_dir)
        for group, (answers, converted) in written.items():
            console.print(f"exported {group}: {answers} answer files, converted file {converted}", highlight=False)
