"""One episode: the query, the search tree (pruned and backtracked branches visible), each call's
arguments and observation, each LLM call's request and response, and the judges' votes with their
reasons. Model-, tool- and submission-written text is shown as plain text (``leaderboard.plain``)."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from leaderboard import queries
from leaderboard.plain import md
from leaderboard.state import choose, load
from leaderboard.tree import BACKTRACKED, CHOSEN, PRUNED, matching_nodes, tree_dot, tree_html

GRAPH_OPEN_UP_TO = 60  # nodes; a bigger graph is unreadable at page width, so it starts folded


def _legend() -> str:
    swatch = '<span style="background:{};padding:0 .6em;border:1px solid #ccc;margin:0 .3em"></span>{}'
    return " ".join(
        swatch.format(color, text)
        for color, text in ((CHOSEN, "chosen path"), (BACKTRACKED, "backtracked"), (PRUNED, "pruned"))
    )


def _calls(run: str, group: str, query_id: str) -> None:
    calls = load(queries.episode_calls, run, group, query_id)
    st.subheader(f"Calls ({len(calls)})")
    for call in calls.to_dict("records"):
        mark = "✓" if call["on_chosen_path"] else "↩"
        status = "" if call["status_code"] is None else f" · status {int(call['status_code'])}"
        with st.expander(f"{mark} {int(call['call_index'])}. {md(call['function_name'])}{status}"):
            st.markdown("**Arguments**")
            st.code(call["arguments"] or "", language="json")
            st.markdown("**Observation**")
            st.code(call["observation"] or "", language="json")


def _llm_calls(run: str, group: str, query_id: str) -> None:
    calls = load(queries.episode_llm_calls, run, group, query_id)
    failed = int((calls["status"] == "failed").sum()) if not calls.empty else 0
    st.subheader(f"LLM calls ({len(calls)}, {failed} failed)")
    if calls.empty:
        st.caption("No LLM call log for this episode (imported, or stored before calls were logged).")
        return
    for call in calls.to_dict("records"):
        retries = json.loads(call["retries"] or "[]")
        node = "" if pd.isna(call["node_id"]) else f" · node {int(call['node_id'])}"
        label = (
            f"{int(call['call_index'])}. {call['status']} · {int(call['attempts'])} attempt(s)"
            f"{' (cached)' if call['cached'] else ''} · {call['latency_s']:.2f} s · "
            f"{int(call['prompt_tokens'])}+{int(call['completion_tokens'])} tokens{node}"
        )
        with st.expander(label):
            if call["error"]:
                st.markdown("**Error**")
                st.text(str(call["error"]))
            if retries:
                st.markdown("**Retries**")
                st.dataframe(pd.DataFrame(retries), hide_index=True, width="stretch")
            st.markdown("**Model**")
            st.code(str(call["model"] or ""), language="json")
            st.markdown("**Request**")
            if call["request"]:
                st.code(call["request"], language="json")
            else:
                st.caption("Not stored (the run was made with --no-log-requests).")
            st.markdown("**Response**")
            if call["response"]:
                st.code(call["response"], language="json")
            else:
                st.caption("Not stored.")


def _votes(run: str, group: str, query_id: str) -> None:
    votes = load(queries.episode_votes, run, group, query_id)
    st.subheader("Judges' votes")
    if votes.empty:
        st.caption("Not judged yet.")
    else:
        st.dataframe(votes, hide_index=True, width="stretch")


def _tree(run: str, group: str, query_id: str) -> None:
    steps = load(queries.episode_steps, run, group, query_id)
    st.subheader(f"Search tree ({len(steps)} nodes)")
    st.markdown(_legend(), unsafe_allow_html=True)
    find = st.text_input("Find a function", key="find", placeholder="function name, or part of it")
    hits = matching_nodes(steps, find)
    if find.strip():
        st.caption(f"{len(hits)} call(s) of a matching function, outlined; the paths to them are open.")
    llm_calls = load(queries.episode_llm_calls, run, group, query_id)
    st.html(tree_html(steps, llm_calls, find))
    if len(steps) <= GRAPH_OPEN_UP_TO:
        st.graphviz_chart(tree_dot(steps))
    else:
        with st.expander(f"The tree as a graph ({len(steps)} nodes)"):
            st.graphviz_chart(tree_dot(steps))


def render() -> None:
    st.title("Episode")
    run_list = load(queries.runs)
    every = set(run_list["name"])
    with_episodes = run_list[run_list["episodes"] > 0]["name"].tolist()

    def no_run(name: str) -> str:
        if name in every:
            return f"Run {md(name)} has no episodes stored (a published result, or scores only)."
        return f"No run named {md(name)} in this database."

    run = choose("Run", with_episodes, "run", missing=no_run, clears=("group", "query"))
    if run is None:
        st.info("No run with episodes yet.")
        return
    episodes = load(queries.episode_list, run)
    left, right = st.columns([1, 3])
    with left:
        group = choose(
            "Group",
            sorted(episodes["group"].unique().tolist()),
            "group",
            missing=lambda g: f"Run {md(run)} has no episodes in group {md(g)}.",
            clears=("query",),
        )
    in_group = episodes[episodes["group"] == group]
    finish = dict(zip(in_group["query_id"], in_group["finish_type"], strict=True))
    with right:
        query_id = choose(
            "Query",
            list(finish),
            "query",
            shown=lambda q: f"{q} · {finish[q]}",
            missing=lambda q: f"Run {md(run)} has no episode for query {md(q)} in {md(group)}.",
        )
    if group is None or query_id is None:
        return
    summary = load(queries.episode, run, group, query_id)
    if summary is None:
        st.error(f"No episode {md(group)}/{md(query_id)} in {md(run)}.")
        return
    st.markdown(f"**Query {md(query_id)}** ({md(summary['method'])})")
    st.text(str(summary["query"] or ""))
    cols = st.columns(4)
    cols[0].metric("finish", str(summary["finish_type"]))
    cols[1].metric("LLM calls", int(summary["llm_calls"]))
    cols[2].metric("tokens", f"{int(summary['total_tokens']):,}")
    cols[3].metric("cost (USD)", f"{summary['cost_usd']:.4f}")
    st.markdown("**Final answer**")
    if summary["final_answer"]:
        st.text(str(summary["final_answer"]))
    else:
        st.caption("none")
    if summary["error"]:
        st.error(md(summary["error"]))
    _tree(run, group, query_id)
    _calls(run, group, query_id)
    _llm_calls(run, group, query_id)
    _votes(run, group, query_id)


render()
