"""``harness scores``: the score table, read from the store's views.

Kept apart from ``harness eval`` on purpose: this module imports only the store's reading side and
the table, not the judges, the runner or the core types, so that a fresh ``harness scores`` process
spends its time on the table rather than on imports (a test checks which modules it loads).
"""

from __future__ import annotations

from typing import Annotated

import typer

from harness.cli.common import DbOption, JsonOption, console, fail, print_json, print_table, user_errors


def scores_command(
    runs: Annotated[str | None, typer.Option("--runs", help="Comma-separated run names (default: all).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The score table: rows model x strategy (and judge), columns the test groups and the average;
    pass rate and win rate with their 95% intervals."""
    from harness.eval.table import score_table
    from harness.store.connection import default_db_path

    names = [r.strip() for r in runs.split(",") if r.strip()] if runs else None
    with user_errors():
        table = score_table(default_db_path(db), names)
    if as_json:
        print_json(table)
        return
    if not table["rows"]:
        fail("no scores yet; run `harness eval --run NAME` first", code=1)
    from harness.cli.score_view import WIDTH, legend, score_views

    for view in score_views(table):
        print_table(view, width=WIDTH)
    for line in legend(table):
        console.print(line, highlight=False, markup=False)
    for family in table["repeated"]:
        ks = ", ".join(
            f"pass@{k} {100 * family['pass_at_k'][k]:.1f} pass^{k} {100 * family['pass_hat_k'][k]:.1f}"
            for k in family["pass_at_k"]
        )
        console.print(
            f"{family['model']} {family['strategy']} ({family['judge']}), {family['samples']} runs x "
            f"{family['queries']} queries: {ks}",
            highlight=False,
        )
