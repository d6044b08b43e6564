"""Two runs, paired by query: how many queries both pass, only A passes, only B passes or both fail,
McNemar's exact p, the difference per group with its paired interval, and the queries where they
disagree, each linked to both episodes."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import streamlit as st

from leaderboard import charts, queries
from leaderboard.plain import md
from leaderboard.state import choose, load


def _missing(names: set[str]) -> Callable[[str], str]:
    def message(run: str) -> str:
        if run in names:
            return (
                f"{md(run)} has scores but no episodes (a published result): a paired comparison needs both "
                "runs' per-query results. Its board ranks it against its own source's rows."
            )
        return f"No run named {md(run)} in this database."

    return message


def render() -> None:
    st.title("Compare")
    run_list = load(queries.runs)
    every = set(run_list["name"])
    names = run_list[run_list["episodes"] > 0]["name"].tolist()
    message = _missing(every)
    left, right = st.columns(2)
    with left:
        run_a = choose("Run A", names, "a", missing=message, clears=("judge",))
    with right:
        # B offers A's rivals first, so that a page opened without an address compares two runs.
        rivals = [n for n in names if n != run_a] + [n for n in names if n == run_a]
        run_b = choose("Run B", rivals, "b", missing=message, clears=("judge",))
    if run_a is None or run_b is None or len(names) < 2:
        st.info("Comparing needs two runs with episodes.")
        return
    if run_a == run_b:
        st.info("Run A and run B are the same run: choose another for B.")
        return
    judges = load(queries.shared_judges, run_a, run_b)
    judge = choose(
        "Judge",
        judges,
        "judge",
        missing=lambda j: f"{md(run_a)} and {md(run_b)} have no pass-rate votes of judge {md(j)} in common.",
    )
    if judge is None:
        st.info(f"{md(run_a)} and {md(run_b)} have no judge in common: `harness eval --run NAME --judge rule` on both.")
        return
    outcomes = load(queries.query_outcomes, run_a, run_b, judge)
    paired = load(queries.paired_groups, run_a, run_b, judge)
    if paired.empty:
        st.info("The two runs have no judged query in common.")
        return
    overall = paired[paired["group"] == queries.AVERAGE].iloc[0]
    cols = st.columns(4)
    cols[0].metric("common queries", int(overall["n"]))
    cols[1].metric("B − A (points)", f"{overall['B − A']:+.1f}", help="Paired difference of pass rates")
    cols[2].metric("95% CI (paired)", str(overall["95% CI (paired)"]))
    cols[3].metric("McNemar p", f"{overall['McNemar p']:.4f}", help="Exact, from the queries only one run passes")
    st.altair_chart(charts.paired_bars(outcomes), width="stretch")
    st.subheader("Per group: difference with its paired interval")
    st.dataframe(paired, hide_index=True, width="stretch")
    counts = outcomes["outcome"].value_counts()
    st.caption(" · ".join(f"{label}: {int(counts.get(label, 0))}" for label in queries.OUTCOMES))
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
        "counted it. B − A is the mean per-query difference, its 95% interval a normal approximation over those "
        "paired differences; McNemar's exact p counts the queries one run passes and the other fails. "
        "`harness gate --baseline A --candidate B` turns this into a CI verdict."
    )


render()
