"""``harness gate``: exit 1 when a candidate run is significantly worse than a baseline run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harness.cli.common import DbOption, console, fail, user_errors
from harness.gate import GateInputError, report_markdown, run_gate
from harness.store import default_db_path
from harness.util.errors import one_line
from harness.util.files import write_text_atomic


def gate_command(
    baseline: Annotated[str, typer.Option("--baseline", help="The run to hold the line (e.g. main's run).")],
    candidate: Annotated[str, typer.Option("--candidate", help="The run being checked.")],
    metric: Annotated[
        str, typer.Option("--metric", help="pass_rate or win_rate (against the baseline).")
    ] = "pass_rate",
    max_drop: Annotated[
        float, typer.Option("--max-drop", help="Drop tolerated before failing, as a fraction (0.02 = 2 points).")
    ] = 0.02,
    alpha: Annotated[float, typer.Option("--alpha", help="Significance level of the tests.")] = 0.05,
    judge: Annotated[
        str | None, typer.Option("--judge", help="Judge whose votes to compare (default: the one both runs have).")
    ] = None,
    report: Annotated[Path | None, typer.Option("--report", help="Also write the Markdown report here.")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Bootstrap seed.")] = 0,
    db: DbOption = None,
) -> None:
    """Compare two judged runs on their common queries (paired bootstrap and McNemar's exact test).
    Exit 0: not significantly worse; 1: a regression; 2: bad input."""
    with user_errors():
        try:
            result = run_gate(
                default_db_path(db),
                baseline,
                candidate,
                metric=metric,
                judge=judge,
                max_drop=max_drop,
                alpha=alpha,
                seed=seed,
            )
        except GateInputError as exc:
            fail(one_line(exc))
        text = report_markdown(result)
        if report is not None:
            write_text_atomic(report, text)
    console.print(text, highlight=False, markup=False, soft_wrap=True)
    if result.regressed:
        raise typer.Exit(1)
