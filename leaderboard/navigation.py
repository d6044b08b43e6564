"""The site's Streamlit pages: the model, episode and compare pages, and the leaderboard for navigation
inside the app (the same board the plain front page draws). ``leaderboard/app.py`` serves this script
behind the plain front page; ``streamlit run leaderboard/navigation.py`` serves the pages alone."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run` puts leaderboard/ on the path, not its parent.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from leaderboard.plain import md  # noqa: E402
from leaderboard.state import db_path  # noqa: E402

_VIEWS = Path(__file__).resolve().parent / "views"

# Viewers get no Deploy button, rerun or clear-cache entries: the site is a read-only view of results.
st.set_option("client.toolbarMode", "viewer")
st.set_page_config(page_title="Tool-use leaderboard", page_icon=":material/leaderboard:", layout="wide")
page = st.navigation(
    [
        st.Page(
            _VIEWS / "table.py",
            title="Leaderboard",
            icon=":material/leaderboard:",
            url_path="leaderboard",
            default=True,
        ),
        st.Page(_VIEWS / "model.py", title="Model", icon=":material/bar_chart:", url_path="model"),
        st.Page(_VIEWS / "episode.py", title="Episode", icon=":material/account_tree:", url_path="episode"),
        st.Page(_VIEWS / "compare.py", title="Compare", icon=":material/compare_arrows:", url_path="compare"),
    ]
)
# Plain text, not `code`: a code span would make every first visit fetch a monospace font.
st.sidebar.caption(f"Database: {md(db_path())} (read-only)")
page.run()
