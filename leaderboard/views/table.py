"""The main table, as in the ToolLLM paper: rows model x strategy (+ retriever), columns the test
groups and the average, pass rate and win rate with their intervals."""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from leaderboard import queries
from leaderboard.state import load

METRICS = {"pass_rate": "Pass rate", "win_rate": "Win rate"}
REPORTED_NOTE = (
    "**Reported** rows are numbers published by the ToolLLM and StableToolBench authors, read from their "
    "repositories: other tools (live RapidAPI or their virtual server), other judges and other query sets. "
    "They show where a run stands against the literature; they are not comparable point for point with "
    "**reproduced** rows, which this harness ran or re-scored."
)


def _column_config(frame_columns: list[str]) -> dict[str, object]:
    config: dict[str, object] = {
        "page": st.column_config.LinkColumn("page", display_text="open", help="The run's page", width="small"),
        "n": st.column_config.NumberColumn("n", help="Queries behind the average (0: not stated by the source)"),
        "setup": st.column_config.TextColumn("setup", width="large"),
    }
    for column in frame_columns:
        if column.endswith("95% CI"):
            config[column] = st.column_config.TextColumn(column.replace(" 95% CI", " CI"), width="small")
        elif column.startswith("G") or column == queries.AVERAGE:
            config[column] = st.column_config.NumberColumn(column, format="%.1f")
    return config


def render() -> None:
    st.title("Leaderboard")
    options = load(queries.filter_options)
    if not options["metric"]:
        st.info(
            "No scores yet. Judge a run with `harness eval --run NAME`, or ingest submissions with "
            "`harness submissions ingest`."
        )
        return
    left, middle, right = st.columns(3)
    suites = left.multiselect("Suite", options["suite"], default=options["suite"], key="suites")
    judges = middle.multiselect("Judge", options["judge"], default=options["judge"], key="judges")
    kinds = right.multiselect(
        "Results",
        options["kind"],
        default=options["kind"],
        key="kinds",
        help="reproduced: run or re-scored by this harness; reported: published elsewhere",
    )
    st.caption(REPORTED_NOTE)
    show_intervals = st.toggle("Show intervals", value=True, key="intervals")
    metrics = [m for m in METRICS if m in options["metric"]]
    for metric, tab in zip(metrics, st.tabs([METRICS[m] for m in metrics]), strict=True):
        with tab:
            table = load(queries.leaderboard, metric, judges=judges, suites=suites, kinds=kinds)
            if table.empty:
                st.info("No rows match the filters.")
                continue
            table.insert(3, "page", ["./model?run=" + quote(str(name), safe="") for name in table["run"]])
            if not show_intervals:
                table = table[[c for c in table.columns if not c.endswith("95% CI")]]
            st.dataframe(
                table,
                hide_index=True,
                width="stretch",
                height=min(36 * (len(table) + 1) + 3, 720),
                column_config=_column_config(list(table.columns)),
            )
            st.caption(
                "Percent. Intervals: 95% bootstrap over queries for reproduced rows; ± is the spread the source "
                "printed (StableToolBench: over three evaluations). Click a column header to sort."
            )


render()
