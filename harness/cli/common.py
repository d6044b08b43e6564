"""Shared CLI plumbing: options, error reporting and output."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from rich.table import Table

    from harness.toolbench.importing import ImportReport

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="DuckDB file (default: $HARNESS_DB, else ./harness.duckdb)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")]

# Errors a user can fix, by module: imported only where that module is already loaded, because a
# command that never touched it cannot have raised them (and `harness scores` must not pay for them).
_USER_ERROR_CLASSES = (("harness.store.connection", "StoreError"), ("harness.registry", "PluginError"))


def user_error_types() -> tuple[type[Exception], ...]:
    """The exception classes :func:`user_errors` reports as one line (TaskError is a ValueError)."""
    found: list[type[Exception]] = [FileNotFoundError, ValueError]
    for module, name in _USER_ERROR_CLASSES:
        if module in sys.modules:
            found.append(getattr(sys.modules[module], name))
    return tuple(found)


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
    except Exception as exc:
        if not isinstance(exc, user_error_types()):
            raise
        from harness.util.errors import one_line

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

# lm-evaluation-harness's spellings, beside ours.
OutputPathOption = Annotated[
    Path | None,
    typer.Option(
        "--output_path",
        "--output-path",
        help="Also write results_<run>.json here: spec, versions, git commit, outcomes and scores with intervals.",
    ),
]
LogSamplesOption = Annotated[
    bool,
    typer.Option(
        "--log_samples", "--log-samples", help="With --output_path: also samples_<run>.jsonl, one line per episode."
    ),
]
ModelArgsOption = Annotated[
    str | None,
    typer.Option("--model_args", "--model-args", help="Model arguments as k=v,k=v (the same as repeated -M k=v)."),
]


def model_assignments(model_arg: list[str] | None, model_args: str | None) -> list[str]:
    """``-M`` items followed by the ``--model_args`` ones; a key given twice is a one-line error."""
    items = [*(model_arg or []), *(part for part in (model_args or "").split(",") if part.strip())]
    keys = [item.partition("=")[0].strip() for item in items]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise ValueError(f"model argument {repeated[0]!r} is given twice (-M and --model_args add up; give it once)")
    return items


def results_files(db: Path, run: str, output_path: Path | None, log_samples: bool) -> None:
    """Write ``--output_path`` files for ``run`` and say where they went."""
    if output_path is None:
        return
    from harness.results_file import write_results

    with user_errors():
        written = write_results(db, run, output_path, log_samples)
    for path in written:
        console.print(f"wrote {path}", highlight=False, soft_wrap=True)


def check_log_samples(output_path: Path | None, log_samples: bool) -> None:
    """``--log_samples`` needs ``--output_path``, as in lm-evaluation-harness."""
    if log_samples and output_path is None:
        fail("--log_samples writes into --output_path DIR; give both")
