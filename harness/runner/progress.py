"""The live progress of a run: a bar with done/total, elapsed time and ETA on the first line, and
the counters (answers, errors, LLM calls, tokens, cost) on the second.

The two lines fit any terminal width: the run's name is cut short first, then the bar narrows, and
the counters line is cut at the edge; the done/total count and the ETA are never dropped (at 80
columns a single line of everything left no room for the bar or the count).
"""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType

from rich.console import Console, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Column
from rich.text import Text

from harness.runner.execute import Totals


def describe(totals: Totals) -> str:
    """The counters shown beside the bar."""
    return (
        f"answered {totals.answered} · gave up {totals.gave_up} · errors {totals.errors} · "
        f"LLM calls {totals.llm_calls} · tokens {totals.tokens:,} · ${totals.cost_usd:.4f}"
    )


MIN_BAR = 10  # the bar keeps at least this many cells; the run's name gives way first


class _TwoLines(Progress):
    """The bar line, then the counters line (cut with an ellipsis rather than wrapped)."""

    def get_renderables(self) -> Iterable[RenderableType]:
        yield self.make_tasks_table(self.tasks)
        for task in self.tasks:
            yield Text(str(task.fields.get("counters", "")), no_wrap=True, overflow="ellipsis", style="dim")


def progress_display(
    title: str, total: int, completed: int, counters: str, console: Console, enabled: bool
) -> Progress:
    """The run's display with one task; also used by tests that render it at a given width."""
    progress = _TwoLines(
        TextColumn(
            "[bold]{task.description}", table_column=Column(no_wrap=True, overflow="ellipsis", ratio=1, max_width=36)
        ),
        BarColumn(bar_width=None, table_column=Column(min_width=MIN_BAR, ratio=2)),
        MofNCompleteColumn(table_column=Column(no_wrap=True)),
        TimeElapsedColumn(table_column=Column(no_wrap=True)),
        TextColumn("ETA", table_column=Column(no_wrap=True)),
        TimeRemainingColumn(table_column=Column(no_wrap=True)),
        console=console,
        disable=not enabled,
        transient=False,
        expand=True,
    )
    progress.add_task(title, total=total, completed=completed, counters=counters)
    return progress


class RunProgress:
    """A rich progress bar over a run's remaining episodes (quiet when ``enabled`` is False)."""

    def __init__(self, title: str, totals: Totals, console: Console, enabled: bool = True) -> None:
        self._progress = progress_display(title, totals.total, totals.skipped, describe(totals), console, enabled)
        self._task = self._progress.task_ids[0]
        self._skipped = totals.skipped

    def update(self, totals: Totals) -> None:
        self._progress.update(self._task, completed=self._skipped + totals.done, counters=describe(totals))

    def __enter__(self) -> RunProgress:
        self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._progress.stop()
