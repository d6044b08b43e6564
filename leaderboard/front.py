"""The front page, served as one plain HTML document at ``/`` and ``/leaderboard``, and each board's
rows as CSV at ``/board.csv?board=ID``.

A Streamlit page cannot draw anything before the browser has fetched and run Streamlit's script bundle,
opened a websocket and run the page's script: about 2 s on an idle machine before the first pixel of
any board (``bench/bench_leaderboard_render.py`` measures it). The front page is what everyone opens
first, so it is drawn here, on the server, by the renderer the static export uses (``markup`` inside
``shell``); the drill-down pages (model, compare, episode) stay Streamlit pages. ``leaderboard/app.py``
mounts these routes before Streamlit's own.

The database is read read-only once per state of the file (``database.stamp_of``) and board, off the
event loop, so that a slow read never stalls the Streamlit pages' websockets.
"""

from __future__ import annotations

import asyncio
import gzip
import re
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from harness.store.connection import StoreError
from harness.util.errors import one_line
from leaderboard import markup, queries, shell
from leaderboard.database import db_path, stamp_of
from leaderboard.plain import html_text as escape

TITLE = "Leaderboard"
CSV_ROUTE = "board.csv"
# The Streamlit pages a visitor goes on to; addresses relative to the front page.
PAGES = [("Model", "./model"), ("Compare", "./compare"), ("Episode", "./episode")]
# Every answer is drawn from the file as it is now: a run stored meanwhile shows on the next load.
FRESH = {"Cache-Control": "no-cache"}


@dataclass(frozen=True)
class Drawn:
    """What the front page answers for one address: the HTTP status, the page (and, once drawn from the
    database, gzipped), and the board's rows as CSV with the board's id (None where it shows no board)."""

    status: int
    html: str
    csv: bytes | None = None
    board: str | None = None
    packed: bytes = b""


def _page(db: Path, body: str) -> str:
    note = f'<span class="note">Database: {escape(db)} (read-only)</span>'
    return shell.document(TITLE, body, shell.nav([(TITLE, None), *PAGES], note), title=shell.SITE)


def _message(db: Path, status: int, html: str, extra: str = "") -> Drawn:
    return Drawn(status, _page(db, f'<p class="warn">{html}</p>{extra}'))


def _run_page(run: str) -> str:
    return "./model?run=" + quote(run, safe="")


def _draw(db: Path, data: dict[str, Any], requested: str | None) -> Drawn:
    boards = data["boards"]
    if boards.empty:
        return _message(
            db,
            200,
            "No scores yet. Judge a run with <code>harness eval --run NAME</code>, or ingest submissions with "
            "<code>harness submissions ingest</code>.",
        )
    if data["board"] is None:
        # The address is kept and no board is shown in its place; the boards there are, as links.
        text = f"No board {escape(requested)} in this database: it may have been re-scored. Choose one below."
        return _message(db, 404, text, markup.picker(boards, ""))
    board_id = str(data["board"])
    link = f"{CSV_ROUTE}?board={quote(board_id, safe='')}"
    body = (
        board_html(data, board_id)
        + f'<p><a class="csv" href="{escape(link)}" download="{escape(_file_name(board_id))}">'
        "Download this board (CSV)</a></p>"
    )
    return Drawn(200, _page(db, body), data["table"].to_csv(index=False).encode(), board_id)


def board_html(data: dict[str, Any], board_id: str) -> str:
    """The boards to choose from and board ``board_id`` (from ``queries.front_page``'s ``data``), each
    run linked to its Streamlit model page: the front page's body, and the Streamlit copy's."""
    boards = data["boards"]
    info = boards[boards["board"] == board_id].iloc[0].to_dict()
    return markup.picker(boards, board_id) + markup.board(info, data["table"], data["chart"], _run_page)


def _file_name(board_id: str) -> str:
    return "board-" + re.sub(r"[^A-Za-z0-9._-]+", "-", board_id) + ".csv"


_LOCK = threading.Lock()


@lru_cache(maxsize=64)
def _cached(db: str, stamp: float, requested: str | None) -> Drawn:
    # ``stamp`` is only part of the key: a changed file is a new entry, read anew.
    path = Path(db)
    drawn = _draw(path, queries.front_page(path, requested), requested)
    # Streamlit's gzip middleware leaves the root document alone; a board with 100 runs is 100 kB.
    return replace(drawn, packed=gzip.compress(drawn.html.encode(), 6))


def draw(db: Path, requested: str | None) -> Drawn:
    """The front page for ``?board=requested`` (the first board when None) over ``db``, read once per
    state of the file. A missing or unreadable database is a page with one clear line, never an error."""
    if not db.is_file():
        text = f"No results database at {escape(db)}. Run or import something first, or pass --db PATH."
        return _message(db, 503, text)
    try:
        # One reader at a time: a second request for the same state waits and then finds it drawn.
        with _LOCK:
            return _cached(str(db), stamp_of(db), requested)
    except StoreError as exc:
        return _message(db, 503, escape(one_line(exc)))


async def front_page(request: Request) -> Response:
    """The front page: the chosen board (``?board=ID``), every board as a link, a CSV download."""
    drawn = await run_in_threadpool(draw, db_path(), request.query_params.get("board"))
    if drawn.packed and "gzip" in request.headers.get("accept-encoding", ""):
        headers = {**FRESH, "Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        return Response(drawn.packed, drawn.status, headers, media_type="text/html; charset=utf-8")
    return HTMLResponse(drawn.html, status_code=drawn.status, headers={**FRESH, "Vary": "Accept-Encoding"})


async def board_csv(request: Request) -> Response:
    """The rows of board ``?board=ID`` (the first board when None) as CSV, as the front page shows them."""
    requested = request.query_params.get("board")
    drawn = await run_in_threadpool(draw, db_path(), requested)
    if drawn.csv is None or drawn.board is None:
        what = f"no board {requested} in this database" if drawn.status == 404 else "no board to download"
        return PlainTextResponse(what + "; the front page lists the boards there are\n", drawn.status, headers=FRESH)
    disposition = f'attachment; filename="{_file_name(drawn.board)}"'
    return Response(
        drawn.csv, media_type="text/csv; charset=utf-8", headers={**FRESH, "Content-Disposition": disposition}
    )


def _warm_up() -> None:
    try:
        draw(db_path(), None)
    except Exception:  # the first request reads again and shows what went wrong
        return


@asynccontextmanager
async def lifespan(_app: object) -> AsyncIterator[None]:
    """The server's lifespan: the default board is drawn in the background as the server comes up, so
    that the first visitor finds it drawn (a visitor arriving meanwhile waits for that one read)."""
    warming = asyncio.ensure_future(run_in_threadpool(_warm_up))
    try:
        yield
    finally:
        warming.cancel()


def routes(base_url: str = "") -> list[BaseRoute]:
    """The front page at the site's root and at ``leaderboard`` (the Streamlit page's address, so that
    a shared link to either opens fast), and the CSV route; under ``base_url`` when the site has one."""
    base = "/" + base_url.strip("/") if base_url.strip("/") else ""
    found: list[BaseRoute] = [
        Route(f"{base}/", front_page, methods=["GET"]),
        Route(f"{base}/leaderboard", front_page, methods=["GET"]),
        Route(f"{base}/{CSV_ROUTE}", board_csv, methods=["GET"]),
    ]
    if base:
        # The page's links are relative to its folder: /base/model, not /model.
        found.append(Route(base, _to_folder, methods=["GET"]))
    return found


async def _to_folder(request: Request) -> Response:
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"{request.url.path}/{query}", status_code=307)
