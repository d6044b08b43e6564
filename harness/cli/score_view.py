"""The score table as people read it in a terminal: one row per test group, one column per run and
metric, every interval on one line, at most 100 columns wide (more runs make more tables, each
repeating the group column, rather than wider ones)."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from harness.eval.metrics import AVERAGE

WIDTH = 100
CELL = 20  # "100.0 [100.0, 100.0]"
GROUP = 14  # "G1_instruction"
COLUMNS_PER_TABLE = 3  # group + n + 3 x (cell + padding) stays within WIDTH


def interval(cell: dict[str, Any]) -> str:
    """``value [low, high]`` in percent."""

    def percent(value: float | None) -> str:
        return "-" if value is None else f"{100 * value:.1f}"

    return f"{percent(cell['value'])} [{percent(cell['ci_low'])}, {percent(cell['ci_high'])}]"


def metric_columns(table: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(header, cells by group) for each run's pass rate and each of its win rates."""
    columns = []
    for row in table["rows"]:
        if row["pass_rate"]:
            columns.append((f"{row['run']}\npass rate", row["pass_rate"]))
        for reference, cells in row["win_rate"].items():
            columns.append((f"{row['run']}\nwin vs {reference}", cells))
    return columns


def legend(table: dict[str, Any]) -> list[str]:
    """One line per run: what it ran and who judged it (kept out of the headers so columns stay narrow)."""
    lines = []
    for row in table["rows"]:
        # The retriever label reads as part of the strategy ("CoT@1 + retriever (bm25, top 3)").
        how = ", ".join(filter(None, (row["model"], " ".join(filter(None, (row["strategy"], row["retriever"]))))))
        lines.append(f"{row['run']}: {how}; judge {row['judge']}")
    return lines


def score_views(table: dict[str, Any]) -> list[Table]:
    """The tables to print for ``score_table``'s result (see the module docstring)."""
    groups: list[str] = table["groups"]
    columns = metric_columns(table)
    views = []
    for start in range(0, len(columns), COLUMNS_PER_TABLE):
        chunk = columns[start : start + COLUMNS_PER_TABLE]
        title = "scores (percent, 95% bootstrap interval)"
        if len(columns) > COLUMNS_PER_TABLE:
            title += f", part {start // COLUMNS_PER_TABLE + 1} of {-(-len(columns) // COLUMNS_PER_TABLE)}"
        view = Table(title=title)
        view.add_column("group", no_wrap=True, max_width=GROUP)
        view.add_column("n", justify="right", no_wrap=True)
        for header, _ in chunk:
            view.add_column(header, min_width=CELL, max_width=CELL, overflow="fold")
        for group in groups:
            n = next((cells[group]["n"] for _, cells in chunk if group in cells), "")
            view.add_row(group, str(n), *[interval(cells[group]) if group in cells else "" for _, cells in chunk])
            if group != AVERAGE and groups[-1] == AVERAGE and group == groups[-2]:
                view.add_section()
        views.append(view)
    return views
