"""`harness scores` in a terminal: at most 100 columns whatever the number of runs, and every
interval on one line (the old table was ~170 columns and wrapped each interval onto three)."""

from __future__ import annotations

import io

from rich.console import Console

from harness.cli.score_view import WIDTH, interval, legend, score_views

GROUPS = ["G1_instruction", "G1_category", "G1_tool", "G2_instruction", "G2_category", "G3_instruction", "average"]
WIDEST = {"value": 1.0, "ci_low": 1.0, "ci_high": 1.0, "n": 1200, "details": {}}


def _table(runs: int) -> dict[str, object]:
    rows = []
    for i in range(runs):
        name = f"a-rather-long-run-name-{i}"
        rows.append(
            {
                "run": name,
                "model": "gpt-4o-mini",
                "strategy": "DFS_woFilter_w2",
                "retriever": None,
                "judge": "rule",
                "pass_rate": dict.fromkeys(GROUPS, WIDEST),
                "win_rate": {"a-rather-long-reference-run": dict.fromkeys(GROUPS, WIDEST)} if i % 2 else {},
            }
        )
    return {"groups": GROUPS, "rows": rows, "repeated": []}


def _render(table: dict[str, object]) -> str:
    out = io.StringIO()
    console = Console(file=out, width=WIDTH, color_system=None)
    for view in score_views(table):
        console.print(view)
    return out.getvalue()


def test_scores_fit_100_columns_and_intervals_stay_on_one_line() -> None:
    for runs in (1, 2, 5):
        table = _table(runs)
        text = _render(table)
        lines = text.splitlines()
        assert max(len(line) for line in lines) <= WIDTH
        cell = interval(WIDEST)
        assert cell == "100.0 [100.0, 100.0]"
        columns = sum(1 + len(r["win_rate"]) for r in table["rows"])  # type: ignore[attr-defined]
        # Every group of every column shows its whole interval on one line.
        assert sum(line.count(cell) for line in lines) == columns * len(GROUPS)
        # Long run names fold inside their header; the legend under the table names each run whole.
        assert [line.split(":")[0] for line in legend(table)] == [f"a-rather-long-run-name-{i}" for i in range(runs)]
    assert legend(_table(1)) == ["a-rather-long-run-name-0: gpt-4o-mini, DFS_woFilter_w2; judge rule"]
