"""Two runs side by side: their scores per group, and per query which of them passed."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from leaderboard import queries
from leaderboard.plain import md
from leaderboard.state import choose, load


def render() -> None:
    st.title("Compare")
    run_list = load(queries.runs)
    names = run_list[run_list["episodes"] > 0]["name"].tolist()
    if len(names) < 2:
        st.info("Comparing needs two runs with episodes.")
        return
    left, right = st.columns(2)
    with left:
        run_a = choose("Run A", names, "a")
    with right:
        run_b = choose("Run B", [n for n in names if n != run_a], "b")
    if run_a is None or run_b is None:
        return
    judges = load(queries.shared_judges, run_a, run_b)
    judge = choose("Judge", judges, "judge")
    if judge is None:
        st.info(f"{md(run_a)} and {md(run_b)} have no judge in common: `harness eval --run NAME --judge rule` on both.")
        return
    side = load(queries.side_by_side, run_a, run_b, judge)
    st.subheader("Pass rate per group (percent)")
    st.dataframe(side, hide_index=True, width="stretch")
    outcomes = load(queries.query_outcomes, run_a, run_b, judge)
    counts = outcomes["outcome"].value_counts()
    cols = st.columns(len(queries.OUTCOMES))
    for col, label in zip(cols, queries.OUTCOMES, strict=True):
        col.metric(label, int(counts.get(label, 0)))
    shown = st.multiselect("Show", list(queries.OUTCOMES), default=list(queries.OUTCOMES[:2]), key="shown")
    st.subheader("Per query")
    table = outcomes[outcomes["outcome"].isin(shown)].copy()
    for label, run in (("A episode", run_a), ("B episode", run_b)):
        table[label] = [
            f"./episode?{urlencode({'run': run, 'group': group, 'query': query})}"
            for group, query in zip(table["group"], table["query_id"], strict=True)
        ]
    links = {label: st.column_config.LinkColumn(label, display_text="open") for label in ("A episode", "B episode")}
    st.dataframe(table, hide_index=True, width="stretch", column_config=links)
    st.caption(
        "A query's value is its judged pass value (1 pass, 0 fail, 0.5 for a split vote), as `harness eval` "
        "counted it. `harness gate --baseline A --candidate B` tests whether the difference is significant."
    )


render()
