"""What a board's columns and intervals mean, said once for the served site and the static one."""

from __future__ import annotations

LEGEND_TEXT = (
    "rank: by the average on this board only (ties share a rank). average: over the board's groups, "
    "in percent. 95% CI: bootstrap interval over queries, computed by harness eval. "
    "± (published): the spread the source printed (StableToolBench: over three evaluations); not a 95% "
    "interval. n: queries behind the average (0: the source does not say). Usage columns are means "
    "per query over the run's episodes; published rows have none."
)
