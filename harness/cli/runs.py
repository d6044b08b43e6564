"""``harness show``, ``harness export`` and ``harness import``: one stored run in and out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from harness.cli.common import DbOption, JsonOption, console, fail, print_import, print_json, print_table, user_errors
from harness.cli.eval import import_converted
from harness.store import default_db_path, run_summary
from harness.toolbench.exporting import export_run
from harness.toolbench.importing import import_answers_into

import_app = typer.Typer(help="Import results produced elsewhere.", no_args_is_help=True)
import_app.command("converted")(import_converted)


@import_app.command("toolbench")
def import_toolbench(
    answers: Annotated[Path, typer.Option("--answers", help="Folder of <qid>_<method>.json answer files.")],
    name: Annotated[str, typer.Option("--name", help="Run name to import into.")],
    group: Annotated[str | None, typer.Option("--group", help="Test group (default: from the folder name).")] = None,
    db: DbOption = None,
) -> None:
    """Import a folder of ToolBench answer files (DFS or CoT layout) as one run."""
    with user_errors():
        report = import_answers_into(default_db_path(db), answers, name, group)
    print_import(name, report)


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
        "LLM calls": f"{summary['llm_calls']} ({summary['llm_calls_answered']} answered, "
        f"{summary['llm_calls_failed']} failed; {summary['llm_retries']} retries)",
        "tokens": summary["total_tokens"],
        "API calls (Finish excluded)": summary["api_calls"],
        "cost (USD)": f"{summary['cost_usd']:.4f}",
        "episodes with errors": summary["errors"],
        "created": summary["created_at"],
    }
    for key, value in rows.items():
        table.add_row(key, str(value))
    print_table(table)


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
