"""The leaderboard inside the Streamlit app (the sidebar's first entry): the same board the plain front
page (``leaderboard.front``, at ``/`` and ``/leaderboard``) draws, with the same renderer. One board per
comparable setting (suite, query set, judge and procedure, profile), chosen at the top. A board ranks
its rows by the average, shows a headline chart with intervals, the per-group values, n and usage per
query, and offers its rows as CSV. Published numbers sit on boards of their own source; nothing ranks
rows of two settings against each other.

The board is HTML with an inline SVG chart (``leaderboard.markup``) in one Markdown element, the boards
to choose from are links (to the plain front page), and the CSV is a download button: none of them
needs the script chunks a data grid, a Vega chart or a select box would make the browser fetch.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from leaderboard import front, markup, queries
from leaderboard.plain import md
from leaderboard.state import db_path, load, stamp


@st.cache_data(show_spinner=False, max_entries=64)
def _drawn(db: str, stamp: float, board_id: str, _data: dict[str, Any]) -> tuple[str, bytes]:
    """The board's HTML and CSV, drawn once per database state (``_data`` is what ``front_page`` read
    for that state; its underscore keeps it out of the cache key)."""
    return _one_line(front.board_html(_data, board_id)), _data["table"].to_csv(index=False).encode()


def _one_line(body: str) -> str:
    # A blank line would end Markdown's HTML block (text in it cannot hold one: plain.html_text).
    return f'<style>{markup.STYLE}</style><div class="lb">{body}</div>'.replace("\n", " ")


def render() -> None:
    st.title("Leaderboard")
    requested = st.query_params.get("board")
    # Boards, table and chart come over one connection (see queries.front_page).
    data = load(queries.front_page, requested)
    if data["boards"].empty:
        st.info(
            "No scores yet. Judge a run with `harness eval --run NAME`, or ingest submissions with "
            "`harness submissions ingest`."
        )
        return
    if data["board"] is None:
        # The address is kept and no board is shown in its place; the boards there are, as links.
        st.error(f"No board {md(requested)} in this database: it may have been re-scored. Choose one below.")
        st.markdown(_one_line(markup.picker(data["boards"], "")), unsafe_allow_html=True)
        st.stop()
    board_id = str(data["board"])
    page, csv = _drawn(str(db_path()), stamp(), board_id, data)
    st.markdown(page, unsafe_allow_html=True)
    st.download_button(
        "Download this board (CSV)",
        data=csv,
        file_name=f"board-{board_id}.csv",
        mime="text/csv",
        icon=":material/download:",
    )


render()
