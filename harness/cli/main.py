"""``harness``: run, judge, compare and publish benchmark runs of tool-using agents.

Only typer is imported here: each sub-command's module loads when that command runs (see
:mod:`harness.cli.lazy`), so ``harness --help`` does not pay for pydantic, DuckDB or any adapter.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from harness.cli.lazy import LazyCommand, LazyGroup

TASKS_PATH_ENV = "HARNESS_TASKS_PATH"  # the same name as harness.tasks.TASKS_PATH_ENV (checked by a test)

COMMANDS = {
    "run": LazyCommand(
        "harness.cli.run:run_command",
        "Run a model with a strategy on tasks; every finished episode is stored at once, and running the same "
        "command again (or --resume NAME) continues where a stopped run left off.",
    ),
    "serve-tools": LazyCommand(
        "harness.cli.serve:serve_tools",
        "Serve a catalog over StableToolBench's POST /virtual protocol, or over MCP (--mcp).",
    ),
    "eval": LazyCommand(
        "harness.cli.eval:eval_command",
        "Judge a run's episodes: store every vote and the per-group scores with 95% intervals. Running it again "
        "re-uses the stored votes and asks only for the votes still missing.",
    ),
    "scores": LazyCommand(
        "harness.cli.scores:scores_command",
        "The score table: rows model x strategy (and judge), columns the test groups and the average; pass rate "
        "and win rate with their 95% intervals.",
    ),
    "submit": LazyCommand(
        "harness.cli.submissions:submit_command",
        "Pack a run as a reproduced submission: submission.yaml (metadata, run spec, task versions, file hashes, "
        "scores) plus the episodes as ToolBench answer files and converted files.",
    ),
    "gate": LazyCommand(
        "harness.cli.gate:gate_command",
        "Compare two judged runs on their common queries (paired bootstrap and McNemar's exact test). Exit 0: not "
        "significantly worse; 1: a regression; 2: bad input.",
    ),
    "show": LazyCommand("harness.cli.runs:show", "Summarise one run."),
    "export": LazyCommand(
        "harness.cli.runs:export", "Write a run as ToolBench answer files (per group) plus ToolEval's converted format."
    ),
    "import": LazyCommand("harness.cli.runs:import_app", "Import results produced elsewhere."),
    "ls": LazyCommand("harness.cli.listing:ls_app", "List runs, tasks and the registered components of every kind."),
    "data": LazyCommand("harness.cli.data:data_app", "Build task suites from a tool catalog and inspect them."),
    "retriever": LazyCommand("harness.cli.retriever:app", "API retriever: fine-tune a model, evaluate retrievers."),
    "submissions": LazyCommand(
        "harness.cli.submissions:submissions_app", "Check and load published results (submissions/)."
    ),
    "leaderboard": LazyCommand("harness.cli.leaderboard:leaderboard_app", "The leaderboard site."),
}


class HarnessGroup(LazyGroup):
    lazy_commands = COMMANDS


app = typer.Typer(
    name="harness",
    help="Benchmark harness for tool-using LLM agents (ToolBench / StableToolBench compatible).",
    cls=HarnessGroup,
    # Click's plain help for the root: rich's help renderer alone costs more import time than the
    # whole budget of `harness --help`. Each sub-command keeps typer's rich help.
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from harness import __version__

        print(f"harness {__version__}")
        raise typer.Exit()


def _tasks_dirs(folders: list[str] | None) -> None:
    # Kept to an environment variable (not imported task code) so that every command, and every
    # worker process a run starts, sees the same registry; harness.tasks checks each folder.
    if folders:
        current = [e for e in os.environ.get(TASKS_PATH_ENV, "").split(os.pathsep) if e.strip()]
        os.environ[TASKS_PATH_ENV] = os.pathsep.join([*(os.path.abspath(f) for f in folders), *current])


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
    tasks_dir: Annotated[
        list[str] | None,
        typer.Option(
            "--tasks-dir",
            help="A folder of your own task YAML files, added to the bundled tasks "
            f"(repeatable; also ${TASKS_PATH_ENV}).",
        ),
    ] = None,
) -> None:
    """Benchmark harness for tool-using LLM agents."""
    _tasks_dirs(tasks_dir)


if __name__ == "__main__":
    app()
