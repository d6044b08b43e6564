"""``harness``: import, inspect and export benchmark runs of tool-using agents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from harness import __version__
from harness.cli import retriever, serve
from harness.cli.common import (
    DbOption,
    JsonOption,
    console,
    fail,
    print_import,
    print_json,
    print_table,
    user_errors,
)
from harness.cli.data import data_app
from harness.cli.eval import eval_command, import_converted, scores_command
from harness.cli.gate import gate_command
from harness.cli.leaderboard import leaderboard_app
from harness.cli.models import ls_models
from harness.cli.run import run_command
from harness.cli.submissions import submissions_app, submit_command
from harness.exporter import export_run
from harness.importer import import_toolbench_answers, list_answer_files
from harness.store import StoreWriter, default_db_path, list_runs, run_summary
from harness.task_groups import groups_of, list_groups
from harness.tasks import list_tasks

app = typer.Typer(
    name="harness",
    help="Benchmark harness for tool-using LLM agents (ToolBench / StableToolBench compatible).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
import_app = typer.Typer(help="Import results produced elsewhere.", no_args_is_help=True)
ls_app = typer.Typer(help="List runs, tasks or models.", no_args_is_help=True)
app.add_typer(import_app, name="import")
app.add_typer(ls_app, name="ls")
app.add_typer(data_app, name="data")
ls_app.command("models")(ls_models)
app.add_typer(retriever.app, name="retriever")
app.command("run")(run_command)
app.command("serve-tools")(serve.serve_tools)
app.command("eval")(eval_command)
app.command("scores")(scores_command)
import_app.command("converted")(import_converted)
app.command("submit")(submit_command)
app.add_typer(submissions_app, name="submissions")
app.add_typer(leaderboard_app, name="leaderboard")
app.command("gate")(gate_command)


def _version(value: bool) -> None:
    if value:
        console.print(f"harness {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Benchmark harness for tool-using LLM agents."""


@import_app.command("toolbench")
def import_toolbench(
    answers: Annotated[Path, typer.Option("--answers", help="Folder of <qid>_<method>.json answer files.")],
    name: Annotated[str, typer.Option("--name", help="Run name to import into.")],
    group: Annotated[str | None, typer.Option("--group", help="Test group (default: from the folder name).")] = None,
    db: DbOption = None,
) -> None:
    """Import a folder of ToolBench answer files (DFS or CoT layout) as one run."""
    with user_errors():
        list_answer_files(answers)  # a bad folder must not create or touch the database
        with StoreWriter(default_db_path(db)) as writer:
            report = import_toolbench_answers(answers, name, writer, group=group)
    print_import(name, report)


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="Run name.")], db: DbOption = None, as_json: JsonOption = False
) -> None:
    """Summarise one run."""
    with user_errors():
        summary = run_summary(default_db_path(db), name)
    if as_json:
        print_json(summary)
        return
    table = Table(title=f"run {summary['name']} ({summary['run_id']})", show_header=False)
    table.add_column(style="bold")
    table.add_column()
    rows = {
        "source": summary["source"],
        "episodes": summary["episodes"],
        "groups": ", ".join(f"{g or '-'}: {n}" for g, n in summary["groups"].items()),
        "methods": ", ".join(m or "-" for m in summary["methods"]),
        "finish types": ", ".join(f"{k}: {v}" for k, v in summary["finish_types"].items()),
        "LLM calls": summary["llm_calls"],
        "tokens": summary["total_tokens"],
        "API calls (Finish excluded)": summary["api_calls"],
        "cost (USD)": f"{summary['cost_usd']:.4f}",
        "episodes with errors": summary["errors"],
        "created": summary["created_at"],
    }
    for key, value in rows.items():
        table.add_row(key, str(value))
    print_table(table)


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
) -> None:
    """List the registered tasks (with their defaults and data availability), then the task groups
    that --tasks also takes."""
    with user_errors():
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


@app.command("export")
def export(
    name: Annotated[str, typer.Argument(help="Run name.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write into.")],
    db: DbOption = None,
) -> None:
    """Write a run as ToolBench answer files (per group) plus ToolEval's converted format."""
    with user_errors():
        written = export_run(default_db_path(db), name, out)
    for group, (answers, converted) in written.items():
        console.print(f"{group}: {answers} answer files, converted file {converted}", highlight=False)
    if not written:
        fail(f"run {name!r} has no episodes to export")


if __name__ == "__main__":
    app()
