"""End to end: `harness leaderboard serve` in its own process, loaded in headless Chromium (Debian's,
driven by playwright through ``executable_path``; no browser download)."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

from leaderboard.tree import BACKTRACKED
from tests.envs.servers import free_port
from tests.leaderboard.conftest import World, sloppy

pytest.importorskip("streamlit")


def chromium() -> str:
    """Debian's chromium; skipped when absent (run `make browser-deps`), failed under CI."""
    pytest.importorskip("playwright")
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing (CI=true): `make browser-deps` installs it")
        pytest.skip("chromium is not installed; `make browser-deps` installs it")
    return found


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"the server exited with {process.returncode}: {output}")
        try:
            if httpx.get(f"{url}/_stcore/health", timeout=2).text == "ok":
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail("the leaderboard did not come up")


@contextmanager
def served_page(db: Path, *options: str, width: int = 1500) -> Iterator[tuple[str, Any]]:
    """`harness leaderboard serve` on ``db`` in its own process and a headless Chromium page: (url, page).
    The server is stopped on the way out."""
    from playwright.sync_api import sync_playwright

    executable = chromium()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    serve = ["leaderboard", "serve", *options, "--db", str(db), "--port", str(port)]
    process = subprocess.Popen(
        [sys.executable, "-m", "harness.cli.main", *serve], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        wait_healthy(url, process)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
            yield url, browser.new_page(viewport={"width": width, "height": 1000})
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=20)


def without_reported(world: World, target: Path) -> Path:
    """A copy of the world's database holding only its own runs."""
    shutil.copyfile(world.db, target)
    with duckdb.connect(str(target)) as conn:
        for table in ("scores", "runs"):
            conn.execute(f"DELETE FROM {table} WHERE run_id IN (SELECT run_id FROM runs WHERE source = 'submission')")
    return target


def test_the_served_site_shows_the_table_and_a_tree(world: World, tmp_path: Path) -> None:
    db = without_reported(world, tmp_path / "served.duckdb")  # `serve --load-reported` adds them itself
    with duckdb.connect(str(db), read_only=True) as conn:
        wrong = next(
            q
            for (q,) in conn.execute(
                "SELECT query_id FROM episodes JOIN runs USING (run_id) WHERE name = 'sloppy' AND group_name = "
                "'G1_instruction' ORDER BY length(query_id), query_id"
            ).fetchall()
            if sloppy(str(q))
        )
        nodes = conn.execute(
            "SELECT count(*) FROM steps JOIN runs USING (run_id) WHERE name = 'sloppy' AND group_name = "
            "'G1_instruction' AND query_id = ?",
            [wrong],
        ).fetchone()[0]
    with served_page(db, "--load-reported") as (url, page):
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        for address in ("/", "/leaderboard"):  # the front page, and the Streamlit page's address
            response = page.goto(url + address)
            assert response is not None and response.status == 200
            # The board is server-drawn HTML: its rank table and its headline chart (inline SVG).
            page.wait_for_selector("svg.chart rect.bar", timeout=10_000)
            cells = [cell.inner_text() for cell in page.locator("table.board td").all()]
            headers = [h.inner_text() for h in page.locator("table.board th").all()]
            assert headers[:5] == ["rank", "model", "strategy", "retriever", "average"]
            assert cells[:2] == ["1", "gold-follower"]  # our best run, ranked first
            assert not {"GPT-4", "ToolLLaMA (v2)"} & set(cells)  # the literature is on boards of its own
            bars, whiskers = page.locator("svg.chart rect.bar"), page.locator("svg.chart line.whisker")
            assert bars.count() == 2 and whiskers.count() == 2
            assert page.locator("svg.chart text.legend").all_text_contents() == ["95% bootstrap interval"]
            assert "95% CI" in page.inner_text("body") and "± (published)" in page.inner_text("body")  # the legend
            # Chrome: a title and an icon, wide, and no Deploy button or developer menu to hide.
            assert page.title() == "Tool-use leaderboard" and page.locator("link[rel='icon']").count() == 1
            assert page.locator("table.board").bounding_box()["width"] > 1000  # type: ignore[index]
            assert page.locator("[data-testid='stAppDeployButton'], [data-testid='stMainMenu']").count() == 0
        # No Streamlit on the front page: not its scripts, not its websocket; the two documents only.
        assert requests == [f"{url}/", f"{url}/leaderboard"], requests
        csv_link = page.get_by_role("link", name="Download this board (CSV)")
        board_id = str(csv_link.get_attribute("href")).split("board=")[1]
        served = httpx.get(f"{url}/board.csv?board={board_id}")
        assert (
            served.headers["content-type"].startswith("text/csv") and board_id in served.headers["content-disposition"]
        )
        rows = list(csv.DictReader(io.StringIO(served.text)))
        assert [(r["rank"], r["run"], r["model"]) for r in rows] == [
            ("1", "gold", "gold-follower"), ("2", "sloppy", "sloppy-agent")
        ]  # fmt: skip
        assert httpx.get(f"{url}/board.csv?board=nope").status_code == 404
        packed = httpx.get(f"{url}/", headers={"Accept-Encoding": "gzip"})  # the page travels compressed
        assert packed.headers["content-encoding"] == "gzip" and '<table class="board">' in packed.text
        page.goto(f"{url}/")
        page.locator("table.board a", has_text="sloppy").click()  # a run opens its Streamlit page
        page.get_by_text("sloppy-agent").first.wait_for(timeout=45_000)
        assert "/model?run=sloppy" in page.url
        # The Streamlit pages' chrome for viewers: no Deploy button, no developer entries in the menu.
        assert page.locator("[data-testid='stAppDeployButton']").count() == 0
        page.locator("[data-testid='stMainMenu']").click()
        menu = page.locator("[data-testid='stMainMenuPopover']").inner_text(timeout=10_000)
        assert "Clear cache" not in menu and "Rerun" not in menu and "Deploy" not in menu
        page.keyboard.press("Escape")
        # The sidebar's Leaderboard, inside the Streamlit app, shows the same board.
        page.locator("[data-testid='stSidebarNav'] a", has_text="Leaderboard").click()
        page.wait_for_selector("table.board td", timeout=45_000)
        assert [cell.inner_text() for cell in page.locator("table.board td").all()][:2] == ["1", "gold-follower"]
        page.goto(f"{url}/")
        page.screenshot(path=str(tmp_path / "leaderboard.png"), full_page=True)

        page.goto(f"{url}/model?run=nope")
        page.get_by_text("No run named nope").wait_for(timeout=45_000)
        assert page.url.endswith("/model?run=nope")  # the address is left as it was
        assert page.locator("[data-testid='stVegaLiteChart'], svg.chart, table.board").count() == 0
        response = page.goto(f"{url}/leaderboard?board=nope")
        assert response is not None and response.status == 404
        assert "No board nope in this database" in page.inner_text("body")
        assert page.locator("svg.chart, table.board").count() == 0  # no other board in its place
        assert page.locator("nav.boards a").count() >= 2  # the boards there are, as links

        page.goto(f"{url}/episode?run=sloppy&group=G1_instruction&query={wrong}")
        page.wait_for_selector("svg g.node", timeout=45_000)
        tree = page.locator(".episode-tree details.node")
        assert tree.count() == nodes
        summaries = [
            t.inner_text() for t in page.locator(".episode-tree > details > summary + div > details > summary").all()
        ]
        assert summaries[0].startswith("✓")  # under the query, the chosen branch comes first
        page.get_by_label("Find a function").fill("guess")
        page.keyboard.press("Enter")
        page.wait_for_selector(".episode-tree details[data-hit]", timeout=45_000)
        assert page.locator(".episode-tree details[data-hit]").count() == 1
        assert page.locator("svg g.node").count() == nodes
        assert page.locator("svg g.edge").count() == nodes - 1
        assert page.locator(f"svg g.node [fill='{BACKTRACKED}']").count() > 0  # the branch it turned back from
        page.screenshot(path=str(tmp_path / "episode.png"), full_page=True)
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM runs WHERE source = 'submission'").fetchone() == (27,)
    assert (tmp_path / "leaderboard.png").stat().st_size > 10_000
    assert (tmp_path / "episode.png").stat().st_size > 10_000


def test_serving_a_missing_database_is_one_clear_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from harness.cli.main import app

    result = CliRunner().invoke(app, ["leaderboard", "serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and result.output.startswith("error: no database at")


def test_serving_writes_nothing_unless_asked(world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve` becomes the Streamlit server (execve); stopped right there, the file is byte for byte
    what it was, and only --load-reported adds the published rows."""
    from typer.testing import CliRunner

    from harness.cli import leaderboard
    from harness.cli.main import app

    class Served(Exception):
        pass

    def fake_execve(*_: object) -> None:
        raise Served

    monkeypatch.setattr(leaderboard.os, "execve", fake_execve)
    db = without_reported(world, tmp_path / "served.duckdb")
    before = db.read_bytes()
    result = CliRunner().invoke(app, ["leaderboard", "serve", "--db", str(db)])
    assert isinstance(result.exception, Served)
    assert db.read_bytes() == before
    CliRunner().invoke(app, ["leaderboard", "serve", "--db", str(db), "--load-reported"])
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM runs WHERE source = 'submission'").fetchone() == (27,)
