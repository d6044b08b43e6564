"""``harness run``: any model, any strategy, any task; concurrent, stored as it goes, resumable."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from harness.cli.common import DbOption, console, err_console, fail, print_table, user_errors
from harness.envs.base import ToolEnv
from harness.envs.factory import build_env, env_config_for_task
from harness.models.base import GenerateConfig, ModelAdapter, ModelError
from harness.models.registry import load_model
from harness.runner.execute import Totals
from harness.runner.plan import RunPlan, RunRequest, TaskQueries, parse_assignments, plan_run, request_from_spec
from harness.runner.retrieval import RetrievalSettings
from harness.runner.run import execute_plan
from harness.store import default_db_path
from harness.store.reader import group_outcomes, stored_spec
from harness.toolbench.exporting import export_run
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


def run_command(
    model: Annotated[str | None, typer.Option("--model", help="Model name (see `harness ls models`).")] = None,
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
    db: DbOption = None,
    model_arg: Annotated[list[str] | None, typer.Option("-M", help="Model argument key=value.")] = None,
    strategy_arg: Annotated[list[str] | None, typer.Option("-S", help="Strategy argument key=value.")] = None,
    env_arg: Annotated[list[str] | None, typer.Option("-E", help="Tool environment setting key=value.")] = None,
    env_mode: Annotated[str | None, typer.Option("--env-mode", help="live, record or replay.")] = None,
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", help="Response cache folder.")] = None,
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Data folder for third-party tasks.")] = None,
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
    log_requests: Annotated[
        bool,
        typer.Option(
            "--log-requests/--no-log-requests",
            help="Store each LLM call's request and raw response (attempts, waits and usage are stored either way). "
            "Not part of the run id.",
        ),
    ] = True,
) -> None:
    """Run a model with a strategy on tasks; every finished episode is stored at once, and running
    the same command again (or --resume NAME) continues where a stopped run left off."""
    path = default_db_path(db)
    with user_errors():
        try:
            if resume is not None:
                request = request_from_spec(stored_spec(path, resume), resume)
                request.data_dir = data_dir
            else:
                missing = [flag for flag, value in (("--model", model), ("--tasks", tasks)) if not value]
                if missing:
                    fail(
                        f"missing {', '.join(missing)}; e.g. harness run --model baseline --tasks sandbox "
                        "(or --resume NAME)"
                    )
                assert model is not None and tasks is not None
                request = RunRequest(
                    model=model,
                    model_args=parse_assignments(model_arg or [], "-M"),
                    strategy=strategy,
                    strategy_args=parse_assignments(strategy_arg or [], "-S"),
                    tasks=[t.strip() for t in tasks.split(",") if t.strip()],
                    limit=limit,
                    seed=seed,
                    name=name,
                    data_dir=data_dir,
                    env_args=parse_assignments(env_arg or [], "-E"),
                    retriever=retrieval_settings(retriever, top_k, retriever_corpus),
                )
            generate, adapter_args = split_sampling(request.model_args)
            plan = plan_run(request)
            adapter: ModelAdapter = load_model(request.model, adapter_args, gold=plan.gold())
            overrides: dict[str, Any] = {**request.env_args, "mode": env_mode, "cache_dir": cache_dir}
            envs = _envs(plan, overrides)
        except ModelError as exc:
            fail(one_line(exc))
    totals = Totals()
    err_console.print(
        f"run [bold]{plan.name}[/] ({plan.run_id}): {plan.strategy.method} on {', '.join(plan.spec.tasks)}, "
        f"{plan.episode_count} episodes, concurrency {concurrency}",
        highlight=False,
    )

    def make_env(task: TaskQueries) -> ToolEnv:
        return envs[task.task.name]

    async def go() -> None:
        try:
            await execute_plan(
                plan,
                adapter,
                make_env,
                path,
                totals,
                concurrency=concurrency,
                generate=generate,
                console=err_console,
                show_progress=not quiet,
                log_requests=log_requests,
            )
        finally:
            for env in envs.values():
                await env.aclose()

    try:
        with user_errors():
            asyncio.run(go())
    except KeyboardInterrupt:
        fail(
            f"interrupted: {totals.skipped + totals.done} of {totals.total} episodes are stored; "
            f"run the same command again or `harness run --resume {plan.name}` to continue",
            code=130,
        )
    if totals.skipped and not totals.done:
        err_console.print(f"all {totals.skipped} episodes were already stored; nothing to do", highlight=False)
    print_outcomes(path, plan.name)
    if totals.last_error:
        err_console.print(
            f"[yellow]last episode error:[/] {escape(totals.last_error)}", highlight=False, soft_wrap=True
        )
    if export_dir is not None:
        with user_errors():
            written = export_run(path, plan.name, export_dir)
        for group, (answers, converted) in written.items():
            console.print(f"exported {group}: {answers} answer files, converted file {converted}", highlight=False)
