"""The plain front page (``leaderboard.front``) as its routes answer, without a browser: the board, a
bad board's 404, an empty or missing store, text that stays text, one read per state of the file.
``test_browser.py`` loads it served, in Chromium."""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from pathlib import Path

import duckdb
import pytest

from harness.store import StoreWriter
from leaderboard import front, queries
from tests.leaderboard.test_plain_text import add_html_run, evil_world


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    front._cached.cache_clear()


def rows_of(drawn: front.Drawn) -> list[list[str]]:
    """The board table's rows as text, header first."""
    table = re.search(r'<table class="board">(.*?)</table>', drawn.html)
    assert table is not None
    return [
        [unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.group(1))
    ]


def test_the_front_page_draws_the_first_board_ranked_with_chart_legend_and_csv(world_db: Path) -> None:
    drawn = front.draw(world_db, None)
    assert drawn.status == 200 and drawn.board == str(queries.boards(world_db)["board"].iloc[0])
    rows = rows_of(drawn)
    assert rows[0][:5] == ["rank", "model", "strategy", "retriever", "average"]
    assert [r[:2] for r in rows[1:]] == [["1", "gold-follower"], ["2", "sloppy-agent"]]
    assert drawn.html.count('class="bar"') == 2 and "95% bootstrap interval" in drawn.html  # chart, its legend
    shown = unescape(drawn.html)
    assert "± (published)" in shown  # the columns' legend
    assert '<a href="./model?run=sloppy"' in shown  # a run opens its Streamlit page
    assert "<script" not in shown and "<title>Tool-use leaderboard</title>" in shown
    assert f'href="board.csv?board={drawn.board}"' in shown
    assert drawn.csv is not None
    rows_csv = list(csv.DictReader(io.StringIO(drawn.csv.decode())))
    assert [(r["rank"], r["run"]) for r in rows_csv] == [("1", "gold"), ("2", "sloppy")]


def test_a_board_the_database_lacks_is_a_404_that_lists_the_boards(world_db: Path) -> None:
    drawn = front.draw(world_db, "nope<b>")
    assert drawn.status == 404 and drawn.csv is None
    assert "No board nope&#60;b&#62; in this database" in drawn.html  # named as asked, escaped
    assert '<table class="board">' not in drawn.html  # no other board in its place
    links = re.findall(r'href="\?board=([0-9a-z]+)"', unescape(drawn.html))
    assert sorted(links) == sorted(queries.boards(world_db)["board"])


def test_an_empty_store_says_so_and_a_missing_one_names_its_path(tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    with StoreWriter(empty):
        pass
    drawn = front.draw(empty, None)
    assert drawn.status == 200 and "No scores yet" in drawn.html and drawn.csv is None
    missing = front.draw(tmp_path / "none.duckdb", None)
    assert missing.status == 503 and "No results database at" in missing.html and "none.duckdb" in missing.html


def test_the_database_is_read_once_per_state_of_the_file(world_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[str | None] = []
    real = queries.front_page

    def counted(db: Path, board: str | None) -> dict[str, object]:
        reads.append(board)
        return real(db, board)

    monkeypatch.setattr(queries, "front_page", counted)
    first = front.draw(world_db, None)
    assert front.draw(world_db, None) is first and reads == [None]
    with duckdb.connect(str(world_db)) as conn:  # a re-scored run: the next load shows it
        conn.execute(
            "UPDATE scores SET value = 0.01 WHERE group_name = 'average' AND run_id = "
            "(SELECT run_id FROM runs WHERE name = 'gold') AND judge = 'rule'"
        )
    again = front.draw(world_db, None)
    assert reads == [None, None]
    assert [r[1] for r in rows_of(again)[1:]] == ["sloppy-agent", "gold-follower"]


def test_text_a_model_or_submission_wrote_stays_text_on_the_front_page(tmp_path: Path) -> None:
    db = tmp_path / "evil.duckdb"
    text = evil_world(db, 9)
    html = '<img src="http://127.0.0.1:9/html.png"><script>alert(1)</script>'
    add_html_run(db, "<b>html-run</b>", html, ("average", "G1_instruction"))
    cells: set[str] = set()
    for board in queries.boards(db)["board"]:
        drawn = front.draw(db, str(board))
        assert drawn.status == 200
        assert "<img" not in drawn.html and "<script" not in drawn.html and "<b>html" not in drawn.html
        cells |= {cell for row in rows_of(drawn) for cell in row}
    assert {text["model"], html, "<b>html-run</b>"} <= cells  # every character shown as written
