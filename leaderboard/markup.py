"""A board drawn as HTML: its setting, headline chart (inline SVG), rank table and legend. One renderer
for the served front page and the static site's board pages, and the tables every static page uses.

The served page hands this HTML to Streamlit's Markdown with HTML allowed, so every text goes through
``plain.html_text``: escaped for HTML and inert as Markdown. A browser shows the same characters.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

import pandas as pd

from leaderboard import queries
from leaderboard.legend import LEGEND_TEXT
from leaderboard.plain import html_text as escape
from leaderboard.svg import Bar, interval_bars

# Scoped to .lb so that on the served page they style the board and nothing of Streamlit's.
STYLE = (
    ".lb table{border-collapse:collapse;font-size:.88em;margin:.5em 0}.lb th,.lb td{border-bottom:1px solid #dee2e6;"
    "padding:.25em .6em;text-align:left;white-space:nowrap}.lb th{background:#f1f3f5;position:sticky;top:0}"
    ".lb td.num{text-align:right}.lb .note{color:#555;font-size:.9em;max-width:70em}.lb .warn{background:#fff3cd;"
    "padding:.6em 1em;border-radius:6px;max-width:70em}.lb .scroll{overflow-x:auto}"
    ".lb nav.boards ul{list-style:none;padding:0;margin:.2em 0 .8em;display:flex;flex-wrap:wrap;gap:.4em}"
    ".lb nav.boards li{margin:0;padding:.15em .7em;border:1px solid #dee2e6;border-radius:1em;font-size:.9em}"
    ".lb nav.boards li.current{background:#4c78a8;border-color:#4c78a8;color:#fff}"
)

# The board's number columns, as the store rounds or means them.
BOARD_FORMATS: dict[str, str] = {
    queries.AVERAGE: "{:.1f}",
    queries.USAGE["llm_calls_per_query"]: "{:.2f}",
    queries.USAGE["tokens_per_query"]: "{:.0f}",
    queries.USAGE["cost_per_query"]: "{:.5f}",
    queries.USAGE["latency_s"]: "{:.2f}",
}


def cell(value: object, form: str | None = None) -> str:
    """One table cell; numbers right-aligned, in ``form`` when given."""
    if isinstance(value, float):
        if math.isnan(value):
            return "<td></td>"
        if form:
            return f'<td class="num">{form.format(value)}</td>'
        return f'<td class="num">{value:.5g}</td>' if abs(value) < 1 and value else f'<td class="num">{value:.2f}</td>'
    if isinstance(value, int) and not isinstance(value, bool):
        return f'<td class="num">{value}</td>'
    return f"<td>{escape(value)}</td>"


def table(
    frame: pd.DataFrame,
    links: Mapping[str, Sequence[str]] | None = None,
    css: str = "",
    formats: Mapping[str, str] | None = None,
) -> str:
    """``frame`` as an HTML table; a column in ``links`` links each cell to its address there (none
    where the address is empty), a column in ``formats`` formats its numbers so."""
    links, formats = links or {}, formats or {}
    head = "".join(f"<th>{escape(c)}</th>" for c in frame.columns)
    rows = []
    for i, record in enumerate(frame.itertuples(index=False)):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            if column in links and links[column][i]:
                # target: Streamlit's Markdown opens a link without one in a new tab.
                href = escape(links[column][i])
                cells.append(f'<td><a href="{href}" target="_self">{escape(value)}</a></td>')
            else:
                plain = value.item() if hasattr(value, "item") else value
                cells.append(cell(plain, formats.get(column) or _group_format(str(column))))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = "".join(rows)
    return f'<div class="scroll"><table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _group_format(column: str) -> str | None:
    # ToolBench's groups (G1_instruction ...) hold percents rounded to one decimal by the store.
    return "{:.1f}" if column.startswith("G") else None


def picker(boards: pd.DataFrame, current: str) -> str:
    """Every board as a link to ``?board=ID``, the current one marked; the site's own runs first, then
    published sources. Plain links: choosing a board loads its address, which can be shared."""
    parts = []
    for kind, title in (("reproduced", "Run by this harness"), ("published", "Published results")):
        part = boards[boards["board_kind"] == kind]
        if part.empty:
            continue
        items = "".join(
            f'<li class="current" aria-current="page">{escape(label)}</li>'
            if board_id == current
            else f'<li><a href="?board={escape(quote(str(board_id), safe=""))}" target="_self">{escape(label)}</a></li>'
            for board_id, label in zip(part["board"], part["label"], strict=True)
        )
        parts.append(f'<span class="note">{title}</span><ul>{items}</ul>')
    return f'<nav class="boards" aria-label="Boards (one comparable setting each)">{"".join(parts)}</nav>'


def chart_bars(chart: pd.DataFrame) -> list[Bar]:
    """The headline chart's bars from ``queries.board_chart_data`` / ``front_page``'s chart rows."""
    return [
        Bar(str(r["label"]), float(r[queries.AVERAGE]), number(r["low"]), number(r["high"]), str(r["interval_kind"]))
        for r in chart.to_dict("records")
    ]


def setting(board: Mapping[str, Any]) -> str:
    """What makes the board's rows comparable; for published numbers, whose they are and where printed."""
    if board["board_kind"] == "published":
        return (
            f'<p class="warn">Published numbers from {escape(board["submission"])}: {escape(board["setup"])}<br>'
            f"Source: {escape(board['citation'])} ({escape(board['cited_where'])}) {escape(board['cited_url'])}<br>"
            "Ranked only among themselves: other tools, judges and queries than any other board.</p>"
        )
    return (
        f'<p class="note">Suite <b>{escape(board["suite"])}</b> · queries: {escape(board["query_label"])} · judge '
        f"<b>{escape(board['judge'])}</b> ({escape(board['metric'])}, procedure "
        f"{escape(board['procedure'] or 'default')}, {escape(board['votes'])} vote(s)) · profile "
        f"<b>{escape(board['profile'])}</b>"
        + (f" · against {escape(board['reference'])}" if board["reference"] else "")
        + "</p>"
    )


def board(info: Mapping[str, Any], rows: pd.DataFrame, chart: pd.DataFrame, run_page: Callable[[str], str]) -> str:
    """A board: its setting, the headline chart of the average with intervals and their legend, the
    rank table (each run linked to ``run_page(run)``, none where that is empty) and the columns' legend."""
    shown = rows.drop(columns=["kind"])
    links = {"run": [run_page(str(r)) for r in shown["run"]]}
    return (
        setting(info)
        + interval_bars(chart_bars(chart), f"{info['label']}: average with interval")
        + table(shown, links, css="board", formats=BOARD_FORMATS)
        + f'<p class="note legend">{escape(LEGEND_TEXT)}</p>'
    )


def number(value: object) -> float | None:
    """A cell's number, or None for a missing one (None, NaN, NA)."""
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]
