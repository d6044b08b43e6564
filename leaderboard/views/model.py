"""One run: the boards it sits on and its rank there, its scores per group (pass rate and win rate
with intervals), pass@k / pass^k when it has trials, cost, tokens and latency, how it failed, and the
exact command and spec that reproduce it."""

from __future__ import annotations

import json
from urllib.parse import quote

import streamlit as st

from leaderboard import charts, queries
from leaderboard.plain import md
from leaderboard.reproduce import reproduce_command
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
    cols = st.columns(6)
    cols[0].metric("episodes", f"{info['episodes']:,}")
    cols[1].metric("LLM calls per query", f"{info['llm_calls_per_query']:.2f}")
    cols[2].metric("tokens", f"{int(info['total_tokens']):,}")
    cols[3].metric("cost (USD)", f"{info['cost_usd']:.4f}")
    cols[4].metric("cost per query (USD)", f"{info['cost_per_query']:.5f}")
    cols[5].metric("latency per query (s)", f"{info['wall_time_s'] / info['episodes']:.2f}")
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


def _boards(run: str) -> None:
    boards = load(queries.run_boards, run)
    if boards.empty:
        return
    boards["board"] = ["./leaderboard?board=" + quote(str(b), safe="") for b in boards["board"]]
    st.dataframe(
        boards[["rank", "runs", "label", "board"]],
        hide_index=True,
        width="stretch",
        column_config={
            "rank": st.column_config.NumberColumn("rank", help="Among the board's rows only"),
            "runs": st.column_config.NumberColumn("of", help="Rows on the board"),
            "board": st.column_config.LinkColumn("board", display_text="open"),
        },
    )


def _repeated(run: str) -> None:
    repeated = load(queries.repeated, run)
    if repeated.empty:
        return
    st.subheader("Trials: pass@k and pass^k")
    st.altair_chart(charts.pass_k_curves(repeated), width="stretch")
    st.caption(
        f"Over {int(repeated['runs'].max())} runs of this spec (other trials or seeds) on the queries all of them "
        "answered: pass@k is the chance that at least one of k tries passes, pass^k that all k pass."
    )


def _reproduce(run: str) -> None:
    stored = load(queries.run_spec, run)
    if stored is None:
        return
    with st.expander("Reproduce: command and spec"):
        judges = load(queries.run_scores, run)["judge"].unique().tolist()
        command = reproduce_command(stored["spec"], run, judges[0] if judges else None)
        if command:
            st.code(command, language="bash")
        else:
            st.caption("Published or imported numbers: there is no run of this harness to repeat.")
        st.caption(f"harness {stored['harness_version'] or '?'} · commit {stored['git_commit'] or '?'}")
        st.code(json.dumps(stored["spec"], indent=2, sort_keys=True), language="json")


def render() -> None:
    st.title("Model")
    run_list = load(queries.runs)
    run = choose(
        "Run",
        run_list["name"].tolist(),
        "run",
        missing=lambda r: f"No run named {md(r)} in this database. It may have been renamed or not ingested here.",
    )
    if run is None:
        st.info("The database holds no runs yet.")
        return
    info = load(queries.run_info, run)
    if info is None:
        st.error(f"No run named {md(run)}.")
        return
    _facts(info)
    _boards(run)
    _scores(run)
    _repeated(run)
    _usage(run, info)
    _reproduce(run)
    st.caption(md(f"Link to this page: ?run={quote(run, safe='')}"))


render()
