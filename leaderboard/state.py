"""Cached reads of the site's database (``leaderboard.database`` says which file) for the Streamlit pages.

Reads are cached per page view and keyed by the file's modification time, so
a run stored meanwhile shows up on the next interaction.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from harness.store.connection import StoreError
from leaderboard.database import db_path, stamp_of
from leaderboard.plain import md

T = TypeVar("T")


def stamp() -> float:
    """When the database last changed: a cache key for anything drawn from its contents."""
    return stamp_of(db_path())


@st.cache_data(show_spinner=False, max_entries=256)
def _cached(name: str, db: str, stamp: float, args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]) -> Any:
    from leaderboard import queries

    function: Callable[..., Any] = getattr(queries, name)
    return function(Path(db), *args, **dict(kwargs))


def load(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``function(db, *args, **kwargs)`` from ``leaderboard.queries``, cached until the file changes.
    A database that is missing or cannot be read stops the page with one clear message."""
    db = db_path()
    if not db.exists():
        st.error(f"No results database at {db}. Run or import something first, or pass --db PATH.")
        st.stop()
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in kwargs.items()))
    try:
        result: T = _cached(function.__name__, str(db), stamp_of(db), args, frozen)
    except StoreError as exc:
        st.error(md(str(exc)))  # may name runs, which submissions name
        st.stop()
    return result


def absent(message: str) -> None:
    """Stop the page with one clear message about something the address names that is not there. The
    address is left as it is, so what was asked for stays visible and shareable; nothing else is shown
    in its place."""
    st.error(message)
    st.stop()


def choose(
    label: str,
    options: list[str],
    param: str,
    key: str | None = None,
    shown: Callable[[str], str] = str,
    missing: Callable[[str], str] | None = None,
    clears: tuple[str, ...] = (),
) -> str | None:
    """A select box that follows ``?param=`` in the address both ways, so pages can link to each
    other and a page's address can be shared; None when there is nothing to choose.

    An address naming something not among ``options`` stops the page with ``missing(value)`` (or a
    plain "no such" line): a link never silently shows something else. Choosing anew drops the
    ``clears`` parameters, which name things that belonged to the previous choice."""
    wanted = st.query_params.get(param)
    if wanted is not None and wanted not in options:
        absent(missing(wanted) if missing else f"No {md(label.lower())} {md(wanted)} here.")
    if not options:
        return None
    key = key or f"choose-{param}"
    if wanted in options:
        st.session_state[key] = wanted
    elif st.session_state.get(key) not in options:
        st.session_state[key] = options[0]

    def remember() -> None:
        # Runs before the page re-runs, so the address already names the new choice.
        st.query_params[param] = st.session_state[key]
        for other in clears:
            st.query_params.pop(other, None)

    choice: str = st.selectbox(label, options, key=key, on_change=remember, format_func=shown)
    st.query_params[param] = choice
    return choice
