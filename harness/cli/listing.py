"""``harness ls``: runs, tasks, and every kind of registered component."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from harness.cli.common import DbOption, JsonOption, TasksDirOption, console, print_json, print_table, user_errors
from harness.cli.models import ls_models
from harness.registry import Registry
from harness.store import default_db_path, list_runs
from harness.task_groups import groups_of, list_groups
from harness.tasks import add_task_dirs, list_tasks

ls_app = typer.Typer(help="List runs, tasks and the registered components of every kind.", no_args_is_help=True)
ls_app.command("models")(ls_models)


@ls_app.command("runs")
def ls_runs(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the runs in a database."""
    with user_errors():
        runs = list_runs(default_db_path(db))
    if as_json:
        print_json(runs)
        return
    table = Table("name", "run id", "source", "episodes", "created")
    for run in runs:
        table.add_row(run["name"], run["run_id"], run["source"], str(run["episodes"]), run["created_at"])
    print_table(table)


@ls_app.command("tasks")
def ls_tasks(
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Data folder, to count each task's queries.")
    ] = None,
    as_json: JsonOption = False,
    tasks_dir: TasksDirOption = None,
) -> None:
    """List the registered tasks (with their defaults and data availability), then the task groups
    that --tasks also takes."""
    with user_errors():
        add_task_dirs(tasks_dir or [])
        tasks = list_tasks()
        groups = list_groups()
    rows = [
        {
            "name": task.name,
            "group": task.group,
            "version": task.version,
            "env": task.env.backend,
            "judge": task.judge,
            "status": task.availability(data_dir),
            "strategy": task.defaults.strategy,
            "defaults": task.defaults.model_dump(exclude_defaults=True),
            "task_groups": groups_of(task.name, groups),
        }
        for task in tasks
    ]
    if as_json:
        print_json(rows)
        return
    table = Table("task", "group", "version", "env", "judge", "strategy", "data")
    for row in rows:
        table.add_row(*(str(row[k] or "-") for k in ("name", "group", "version", "env", "judge", "strategy", "status")))
    print_table(table)
    listing = Table("task group", "tasks", "description")
    for group in groups.values():
        listing.add_row(group.name, ", ".join(group.tasks), group.description)
    print_table(listing)


FOOTNOTES = {
    "judges": "Any model name (`harness ls models`: chatgpt, openai:<id>, anthropic:<id>, hf:<path>) is an LLM "
    "judge too.",
    "agents": "Pass --agent a command line or an http(s) URL; docs/agents.md describes the protocol.",
    "retrievers": "A folder written by `harness retriever train` (or any sentence-transformers model folder) works "
    "too.",
}


def component_rows(registry: Registry) -> list[dict[str, str]]:
    """One row per entry of a kind: the name as the CLI takes it, what it is, and where it comes from."""
    with user_errors():
        entries = registry.entries()
    return [
        {"name": str(e.info.get("display", e.name)), "description": e.description, "source": e.source} for e in entries
    ]


def _lister(kind: str) -> None:
    def ls_kind(as_json: JsonOption = False) -> None:
        registry = _registry(kind)
        rows = component_rows(registry)
        if as_json:
            print_json(rows)
            return
        table = Table(registry.kind, "what it is", "from")
        for row in rows:
            table.add_row(*(escape(row[k]) for k in ("name", "description", "source")))
        print_table(table)
        if kind in FOOTNOTES:
            console.print(FOOTNOTES[kind], highlight=False)

    ls_kind.__doc__ = f"List the registered {kind} (built-in and plugins)."
    ls_app.command(kind)(ls_kind)


def _registry(kind: str) -> Registry:
    # Each kind's module is imported only when that kind is listed.
    if kind == "strategies":
        from harness.strategies.registry import STRATEGIES

        return STRATEGIES
    if kind == "judges":
        from harness.eval.judges import JUDGES

        return JUDGES
    if kind == "profiles":
        from harness.profiles import PROFILES

        return PROFILES
    if kind == "agents":
        from harness.agents.launch import AGENTS

        return AGENTS
    if kind == "backends":
        from harness.envs.factory import BACKENDS

        return BACKENDS
    if kind == "executors":
        from harness.runner.executors import EXECUTORS

        return EXECUTORS
    if kind == "dense-backends":
        from harness.retriever.encoders import ENCODERS

        return ENCODERS
    from harness.retriever.factory import RETRIEVERS

    return RETRIEVERS


for _kind in ("strategies", "judges", "backends", "retrievers", "dense-backends", "profiles", "executors", "agents"):
    _lister(_kind)
