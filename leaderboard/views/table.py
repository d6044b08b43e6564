"""The front page: one board per comparable setting (suite, query set, judge and procedure, profile),
chosen at the top. A board ranks its rows by the average, shows a headline chart with intervals, the
per-group values, n and usage per query, and offers its rows as CSV. Published numbers sit on boards of
their own source; nothing ranks rows of two settings against each other."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st

from leaderboard import markup, queries
from leaderboard.plain import md
from leaderboard.state import choose, load


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
    # Drawn as HTML and inline SVG rather than st.dataframe and st.altair_chart: the page then needs none
    # of the data grid's or Vega's script chunks, which cost the browser more than a second on first load
    # (bench/bench_leaderboard_render.py). Newlines go so the whole board stays one Markdown HTML block.
    body = markup.board(board, data["table"], data["chart"], lambda run: "./model?run=" + quote(run, safe=""))
    st.markdown(f'<style>{markup.STYLE}</style><div class="lb">{body}</div>'.replace("\n", " "), unsafe_allow_html=True)
    st.download_button(
        "Download this board (CSV)",
        data=_csv(data["table"]),
        file_name=f"board-{board_id}.csv",
        mime="text/csv",
        icon=":material/download:",
    )


def _csv(table: pd.DataFrame) -> bytes:
    return table.to_csv(index=False).encode()


render()
