"""The front page: one board per comparable setting (suite, query set, judge and procedure, profile),
chosen at the top. A board ranks its rows by the average, shows a headline chart with intervals, the
per-group values, n and usage per query, and offers its rows as CSV. Published numbers sit on boards of
their own source; nothing ranks rows of two settings against each other."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st

from leaderboard import charts, queries
from leaderboard.legend import LEGEND
from leaderboard.plain import md
from leaderboard.state import choose, load


def _column_config(columns: list[str]) -> dict[str, object]:
    config: dict[str, object] = {
        "rank": st.column_config.NumberColumn("rank", width="small", pinned=True),
        "model": st.column_config.TextColumn("model", pinned=True),
        "page": st.column_config.LinkColumn("page", display_text="open", help="The run's page", width="small"),
        "n": st.column_config.NumberColumn("n", help="Queries behind the average (0: not stated by the source)"),
        queries.USAGE["cost_per_query"]: st.column_config.NumberColumn(format="%.5f"),
        queries.USAGE["latency_s"]: st.column_config.NumberColumn(format="%.2f"),
        queries.USAGE["llm_calls_per_query"]: st.column_config.NumberColumn(format="%.2f"),
        queries.USAGE["tokens_per_query"]: st.column_config.NumberColumn(format="%.0f"),
    }
    for column in columns:
        if column.startswith("G") or column == queries.AVERAGE:
            config[column] = st.column_config.NumberColumn(column, format="%.1f")
    return config


def _setting(board: dict[str, object]) -> None:
    if board["board_kind"] == "published":
        st.warning(
            f"Published numbers from {md(board['submission'])}: {md(board['setup'])}\n\n"
            f"Source: {md(board['citation'])} ({md(board['cited_where'])}) {md(board['cited_url'])}\n\n"
            "They are ranked only among themselves: other tools, judges and queries than any other board."
        )
    else:
        st.caption(
            f"Suite **{md(board['suite'])}** · queries: {md(board['query_label'])} · judge **{md(board['judge'])}**"
            f" ({md(board['metric'])}, procedure {md(board['procedure'] or 'default')}, {md(board['votes'])} vote(s))"
            f" · profile **{md(board['profile'])}**"
            + (f" · against {md(board['reference'])}" if board["reference"] else "")
        )


def render() -> None:
    st.title("Leaderboard")
    # Boards, table and chart come over one connection (see queries.front_page).
    requested = st.query_params.get("board") or st.session_state.get("choose-board")
    data = load(queries.front_page, requested)
    all_boards = data["boards"]
    if all_boards.empty:
        st.info(
            "No scores yet. Judge a run with `harness eval --run NAME`, or ingest submissions with "
            "`harness submissions ingest`."
        )
        return
    labels = dict(zip(all_boards["board"], all_boards["label"], strict=True))
    board_id = choose(
        "Board (one comparable setting)",
        list(labels),
        "board",
        shown=lambda b: labels[b],
        missing=lambda b: f"No board {md(b)} in this database: it may have been re-scored. Choose one below.",
    )
    if board_id is None:
        return
    if data["board"] != board_id:
        data = load(queries.front_page, board_id)
    board = all_boards[all_boards["board"] == board_id].iloc[0].to_dict()
    _setting(board)
    chart, table = data["chart"], data["table"]
    if not chart.empty:
        st.altair_chart(charts.board_bars(chart, f"{board['label']}: average with interval"), width="stretch")
    shown = table.drop(columns=["kind"]).copy()
    pages = ["./model?run=" + quote(str(r), safe="") for r in shown["run"]]
    shown.insert(int(shown.columns.get_loc("run")) + 1, "page", pages)
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=min(35 * (len(shown) + 1) + 3, 760),
        column_config=_column_config(list(shown.columns)),
    )
    st.markdown(LEGEND)
    st.download_button(
        "Download this board (CSV)",
        data=_csv(table),
        file_name=f"board-{board_id}.csv",
        mime="text/csv",
        icon=":material/download:",
    )


def _csv(table: pd.DataFrame) -> bytes:
    return table.to_csv(index=False).encode()


render()
