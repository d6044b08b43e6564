"""The front page's board as AppTest sees it: the HTML the page hands to Markdown, read back as a
table (headers, cell texts, links) with the standard library's parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pandas as pd
from streamlit.testing.v1 import AppTest


@dataclass
class Board:
    """What one board shows: its table (cells as text, rank and average as numbers), each run's link,
    and the headline chart's bars, whiskers and legend entries."""

    html: str
    table: pd.DataFrame
    links: dict[str, str] = field(default_factory=dict)
    bars: int = 0
    whiskers: int = 0
    legend: list[str] = field(default_factory=list)
    boards: dict[str, str | None] = field(default_factory=dict)  # the picker: label -> address (None: this one)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.links: dict[str, str] = {}
        self.bars = self.whiskers = 0
        self.legend: list[str] = []
        self.boards: dict[str, str | None] = {}
        self._in_board = self._in_legend = self._in_picker = False
        self._item: list[str] | None = None
        self._item_href: str | None = None
        self._cell: list[str] | None = None
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and "board" in classes:
            self._in_board = True
        elif tag == "nav" and "boards" in classes:
            self._in_picker = True
        elif self._in_picker and tag == "li":
            self._item, self._item_href = [], None
        elif self._in_picker and tag == "a":
            self._item_href = dict(attrs).get("href")
        elif tag == "rect" and "bar" in classes:
            self.bars += 1
        elif tag == "line" and "whisker" in classes:
            self.whiskers += 1
        elif tag == "text" and "legend" in classes:
            self._in_legend = True
            self.legend.append("")
        elif self._in_board and tag == "tr":
            self.rows.append([])
        elif self._in_board and tag in ("th", "td"):
            self._cell = []
        elif self._in_board and tag == "a":
            self._href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_board = False
        elif tag == "nav":
            self._in_picker = False
        elif tag == "li" and self._item is not None:
            self.boards["".join(self._item)] = self._item_href
            self._item = None
        elif tag == "text":
            self._in_legend = False
        elif self._in_board and tag in ("th", "td") and self._cell is not None:
            text = "".join(self._cell)
            if tag == "th":
                self.headers.append(text)
            else:
                self.rows[-1].append(text)
                if self._href is not None:
                    self.links[text] = self._href
            self._cell, self._href = None, None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._item is not None:
            self._item.append(data)
        elif self._in_legend:
            self.legend[-1] += data


def boards_html(app: AppTest) -> list[str]:
    """The Markdown elements that draw a board (none on a page that shows no board)."""
    return [str(m.value) for m in app.markdown if '<table class="board">' in str(m.value)]


def picker(app: AppTest) -> dict[str, str | None]:
    """The boards the page offers: label -> address (None for the one shown)."""
    reader = _Reader()
    for html in (str(m.value) for m in app.markdown if 'class="boards"' in str(m.value)):
        reader.feed(html)
    return reader.boards


def board(app: AppTest) -> Board:
    """The one board on the page."""
    (html,) = boards_html(app)
    reader = _Reader()
    reader.feed(html)
    rows = [r for r in reader.rows if r]
    table = pd.DataFrame(rows, columns=reader.headers)
    table["rank"] = table["rank"].astype(int)
    table["average"] = table["average"].astype(float)
    return Board(html, table, reader.links, reader.bars, reader.whiskers, reader.legend, reader.boards)
