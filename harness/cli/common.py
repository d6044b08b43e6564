"""Shared CLI plumbing: options, error reporting and output."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from harness.registry import PluginError
from harness.store import StoreError
from harness.tasks import TaskError
from harness.toolbench.importing import ImportReport
from harness.util.errors import one_line

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="DuckDB file (default: $HARNESS_DB, else ./harness.duckdb)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")]

USER_ERRORS: tuple[type[Exception], ...] = (StoreError, TaskError, FileNotFoundError, ValueError, PluginError)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one ``error:`` line and exit. The message is plain text: an install hint such as
    ``pip install -e '.[hf]'`` is printed as written, not read as a style tag."""
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the errors a user can fix into one clear line instead of a traceback."""
    try:
        yield
    except USER_ERRORS as exc:
        fail(one_line(exc))


def print_table(table: Table, width: int = 120) -> None:
    """A table on stdout; piped output (CI logs, `make demo`) has no terminal width, so it gets ``width``."""
    (console if console.is_terminal else Console(width=width)).print(table)


def print_json(data: Any) -> None:
    """Machine-readable output on stdout, nothing else."""
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=False, default=str) + "\n")


def print_import(name: str, report: ImportReport) -> None:
    """What an import did: one line per skipped file, the totals; exit status 1 when anything was skipped."""
    for problem in report.problems:
        err_console.print(f"[yellow]skipped:[/] {escape(problem)}", highlight=False, soft_wrap=True)
    console.print(
        f"run [bold]{name}[/] ({report.run_id}): {report.added} added, {report.unchanged} already there, "
        f"{len(report.problems)} skipped",
        highlight=False,
    )
    if report.problems:
        raise typer.Exit(1)


TasksDirOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--tasks-dir",
        help="A folder of your own task YAML files, added to the bundled tasks (repeatable; also $HARNESS_TASKS_PATH).",
    ),
]
