"""One run: its scores per group, cost and tokens, LLM calls per query, and how it failed."""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from leaderboard import charts, queries
from leaderboard.plain import md
from leaderboard.state import choose, load


def _facts(info: dict[str, object]) -> None:
    # Every value here may come from a submission's files: escaped, so it shows as written.
    st.subheader(
        f"{md(info['model'])} · {md(info['strategy'])}"
        + (f" · retriever {md(info['retriever'])}" if info["retriever"] != "none" else "")
    )
    kind = str(info["kind"])
    st.markdown(
        f"**{md(kind)}** · suite {md(info['suite'])} · source {md(info['source'])}"
        + (f" · submission {md(info['submission'])}" if info["submission"] else "")
        + (f" · {md(info['organisation'])}" if info["organisation"] else "")
        + (f" · {md(info['date'])}" if info["date"] else "")
    )
    if kind == "reported":
        st.warning(
            "Published numbers from another evaluation setup: " + md(info["setup"]) + "\n\n"
            f"Source: {md(info['citation'])} ({md(info['cited_where'])}) {md(info['cited_url'])}"
        )
    elif info["setup"]:
        st.caption(md(info["setup"]))


def _scores(run: str) -> None:
    scores = load(queries.run_scores, run)
    if scores.empty:
        st.info(f"Run {md(run)} has no scores yet: harness eval --run {md(run)}")
        return
    for (judge, metric, reference), part in scores.groupby(["judge", "metric", "reference"], sort=False):
        title = f"{metric.replace('_', ' ')} · judge {judge}" + (f" · against {reference}" if reference else "")
        st.altair_chart(charts.group_bars(part, title), width="stretch")
    with st.expander("Scores as a table"):
        st.dataframe(scores, hide_index=True, width="stretch")


def _usage(run: str, info: dict[str, object]) -> None:
    if not info["episodes"]:
        st.caption("No episodes stored for this run (reported scores only).")
        return
    cols = st.columns(5)
    cols[0].metric("episodes", f"{info['episodes']:,}")
    cols[1].metric("LLM calls per query", f"{info['llm_calls_per_query']:.2f}")
    cols[2].metric("tokens", f"{int(info['total_tokens']):,}")
    cols[3].metric("cost (USD)", f"{info['cost_usd']:.4f}")
    cols[4].metric("cost per query (USD)", f"{info['cost_per_query']:.5f}")
    usage = load(queries.group_usage, run)
    left, right = st.columns(2)
    left.altair_chart(charts.per_query_calls(usage), width="stretch")
    failures = load(queries.failure_types, run)
    with right:
        st.markdown("**Failure types**")
        if failures.empty:
            st.caption("Every episode answered and no API call failed.")
        else:
            st.altair_chart(charts.failure_bars(failures), width="stretch")
    st.dataframe(usage, hide_index=True, width="stretch")
    st.page_link(
        "views/episode.py",
        label="Browse this run's episodes",
        icon=":material/account_tree:",
        query_params={"run": run},
    )


def render() -> None:
    st.title("Model")
    run_list = load(queries.runs)
    run = choose("Run", run_list["name"].tolist(), "run")
    if run is None:
        st.info("The database holds no runs yet.")
        return
    info = load(queries.run_info, run)
    if info is None:
        st.error(f"No run named {md(run)}.")
        return
    _facts(info)
    _scores(run)
    _usage(run, info)
    st.caption(md(f"Link to this page: ?run={quote(run, safe='')}"))


render()
