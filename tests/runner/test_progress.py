"""The run's progress display keeps its bar, done/total and ETA at any terminal width."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from harness.runner.execute import Totals
from harness.runner.progress import RunProgress


def _render(width: int) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=True, color_system=None)
    totals = Totals(
        total=1200, skipped=300, done=45, answered=300, gave_up=40, errors=5, llm_calls=2345, tokens=1234567
    )
    shown = RunProgress("run baseline-dfsdt-de177850ab", totals, console)
    shown.update(totals)
    console.print(shown._progress.get_renderable())
    return out.getvalue().splitlines()


@pytest.mark.parametrize("width", [40, 60, 80, 100, 200])
def test_bar_count_and_eta_fit_the_width(width: int) -> None:
    lines = _render(width)
    assert all(len(line) <= width for line in lines), lines
    bar_line = lines[0]
    assert "345/1200" in bar_line and "ETA" in bar_line, bar_line
    assert bar_line.count("━") >= 1, bar_line  # the bar is there, however short
    assert lines[1].startswith("answered 300 · gave up 40 · errors 5")


def test_a_wide_terminal_shows_every_counter_and_a_long_bar() -> None:
    bar_line, counters = _render(200)[:2]
    assert bar_line.count("━") >= 30
    assert counters.endswith("LLM calls 2345 · tokens 1,234,567 · $0.0000")
