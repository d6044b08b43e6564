"""``harness submit``, ``harness submissions validate`` and ``harness submissions ingest``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from harness.cli.common import DbOption, console, err_console, fail, user_errors
from harness.store import default_db_path
from harness.submissions.ingest import Outcome, SubmissionResult, ingest_submissions, validate_submissions
from harness.submissions.pack import PackOptions, pack_run
from harness.submissions.problems import SubmissionError

submissions_app = typer.Typer(help="Check and load published results (submissions/).", no_args_is_help=True)

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="Submission folders, or folders of them (default: the repository's submissions/)."),
]
DataDirOption = Annotated[
    Path | None, typer.Option("--data-dir", help="Data folder for third-party tasks (to check completeness).")
]


def _link(text: str) -> tuple[str, str]:
    title, sep, url = text.partition("=")
    return (title.strip(), url.strip()) if sep and url.startswith("http") else (text, text)


def submit_command(
    run: Annotated[str, typer.Argument(help="Run name.")],
    out: Annotated[Path, typer.Option("--out", help="New folder, e.g. submissions/NAME (its name names it).")],
    organisation: Annotated[str, typer.Option("--organisation", help="Who made the run.")],
    link: Annotated[list[str] | None, typer.Option("--link", help="TITLE=URL (repeatable).")] = None,
    retriever: Annotated[str | None, typer.Option("--retriever", help="Retriever label (default: the run's).")] = None,
    title: Annotated[str, typer.Option("--title", help="One line about the result.")] = "",
    setup: Annotated[str, typer.Option("--setup", help="Anything about the setup worth knowing.")] = "",
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default: today).")] = None,
    data_dir: DataDirOption = None,
    db: DbOption = None,
) -> None:
    """Pack a run as a reproduced submission: submission.yaml (metadata, run spec, task versions,
    file hashes, scores) plus the episodes as ToolBench answer files and converted files."""
    with user_errors():
        try:
            when = dt.date.fromisoformat(date) if date else dt.date.today()
        except ValueError:
            fail(f"--date {date!r} is not YYYY-MM-DD")
        options = PackOptions(
            organisation=organisation,
            date=when,
            title=title,
            setup=setup,
            retriever=retriever,
            links=[_link(item) for item in link or []],
        )
        try:
            folder = pack_run(default_db_path(db), run, out, options, data_dir)
        except FileExistsError as exc:
            fail(str(exc))
        except SubmissionError as exc:
            for problem in exc.problems:
                err_console.print(f"[red]problem:[/] {problem}", highlight=False, soft_wrap=True)
            fail(f"run {run!r} does not make a valid submission ({len(exc.problems)} problems above)")
    console.print(f"packed run {run} into {folder}; check it with `harness submissions validate {folder}`")


def _print(results: list[SubmissionResult]) -> int:
    rejected = 0
    for result in results:
        if result.outcome is Outcome.REJECTED:
            rejected += 1
            console.print(f"[red]rejected[/] {result.folder}: {len(result.problems)} problems", highlight=False)
            for problem in result.problems:
                err_console.print(f"  {problem}", highlight=False, soft_wrap=True, markup=False)
        else:
            runs = f" ({len(result.runs)} runs)" if result.runs else ""
            console.print(f"[green]{result.outcome.value}[/] {result.folder}{runs}", highlight=False)
    return rejected


@submissions_app.command("validate")
def validate(paths: PathsArgument = None, data_dir: DataDirOption = None) -> None:
    """Check submissions: schema, task versions, every test query answered once, file hashes, and
    the claimed scores against a re-scoring where the judge is deterministic. Exit 1 if any fails."""
    with user_errors():
        results = validate_submissions(list(paths or []), data_dir)
    if not results:
        fail("no submission folders found")
    rejected = _print(results)
    if rejected:
        raise typer.Exit(1)


@submissions_app.command("ingest")
def ingest(paths: PathsArgument = None, data_dir: DataDirOption = None, db: DbOption = None) -> None:
    """Load every valid submission into the database, each whole or not at all; a changed submission
    replaces its earlier version. Exit 1 if any was rejected."""
    with user_errors():
        results = ingest_submissions(list(paths or []), default_db_path(db), data_dir)
    if not results:
        fail("no submission folders found")
    rejected = _print(results)
    if rejected:
        raise typer.Exit(1)
