"""The live progress line of a run: done/total, errors, LLM calls, tokens, cost and ETA."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from harness.runner.execute import Totals


def describe(totals: Totals) -> str:
    """The counters shown beside the bar."""
    return (
        f"answered {totals.answered} · gave up {totals.gave_up} · errors {totals.errors} · "
        f"LLM calls {totals.llm_calls} · tokens {totals.tokens:,} · ${totals.cost_usd:.4f}"
    )


class RunProgress:
    """A rich progress bar over a run's remaining episodes (quiet when ``enabled`` is False)."""

    def __init__(self, title: str, totals: Totals, console: Console, enabled: bool = True) -> None:
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counters]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            disable=not enabled,
            transient=False,
        )
        self._task = self._progress.add_task(
            title, total=totals.total, completed=totals.skipped, counters=describe(totals)
        )
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
