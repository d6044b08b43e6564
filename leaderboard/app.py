"""The leaderboard site: ``harness leaderboard serve [--db PATH] [--port P]``, or
``streamlit run leaderboard/app.py -- --db PATH``. It reads the results database read-only.

``streamlit run`` finds the ``st.App`` below and serves it with uvicorn: the plain front page and the
boards' CSV (``leaderboard.front``) are matched first, every other address goes to the Streamlit pages
(``navigation.py``: model, episode, compare). Command-line options (``--server.port``,
``--client.toolbarMode`` ...) and the script's arguments after ``--`` apply as to any Streamlit script.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st
from streamlit import config

# `streamlit run leaderboard/app.py` puts leaderboard/ on the path, not its parent.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from leaderboard import front  # noqa: E402

PAGES = Path(__file__).resolve().parent / "navigation.py"

app = st.App(PAGES, routes=front.routes(str(config.get_option("server.baseUrlPath") or "")), lifespan=front.lifespan)
