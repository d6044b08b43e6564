"""`harness leaderboard export`: the static site, opened from file:// in headless Chromium with every
request outside the site's own folder counted (there must be none)."""

from __future__ import annotations

import csv
import io
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from tests.leaderboard.conftest import World
from tests.leaderboard.test_browser import chromium
from tests.leaderboard.test_plain_text import evil_world

runner = CliRunner()


def export(db: Path, out: Path) -> None:
    result = runner.invoke(app, ["leaderboard", "export", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    # Rich wraps the message at the console's width, and a path can break anywhere (xdist's longer
    # tmp paths cross 80 columns): compare without the line breaks.
    flat = "".join(result.output.split())
    assert flat.startswith("wrote") and str(out / "index.html") in flat, result.output


def browse(site: Path, pages: list[str]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Open each page of ``site`` from file://: per page its text, title, and counts of what it shows;
    and every request that left the site's folder."""
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    seen: dict[str, dict[str, Any]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on(
            "request",
            lambda request: None if request.url.startswith(site.resolve().as_uri()) else outside.append(request.url),
        )
        for relative in pages:
            page.goto((site / relative).resolve().as_uri())
            page.wait_for_load_state("load")
            seen[relative] = {
                "title": page.title(),
                "text": page.inner_text("body"),
                "headers": [h.inner_text() for h in page.locator("table.board th").all()],
                "bars": page.locator("svg.chart rect.bar").count(),
                "whiskers": page.locator("svg.chart line.whisker").count(),
                "legend": [t.text_content() for t in page.locator("svg.chart text.legend").all()],
                "links": [a.get_attribute("href") or "" for a in page.locator("a").all()],
                "images": page.locator("img").count(),
            }
        browser.close()
    return seen, outside


def test_the_exported_site_renders_from_file_with_ranks_charts_legends_and_csv(world: World, tmp_path: Path) -> None:
    site = tmp_path / "site"
    export(world.db, site)
    boards = sorted(p.name for p in (site / "boards").glob("*.html"))
    assert len(boards) == 6 and (site / ".nojekyll").exists()
    seen, outside = browse(site, ["index.html", *(f"boards/{b}" for b in boards)])
    assert outside == []  # no network, not even a favicon
    index = seen["index.html"]
    assert "Run by this harness" in index["text"] and "Published results" in index["text"]
    for name in boards:
        board = seen[f"boards/{name}"]
        assert board["headers"][:5] == ["rank", "model", "strategy", "retriever", "average"]
        assert board["bars"] >= 2 and "CSV" in board["text"]
        assert f"{name[:-5]}.csv" in board["links"]
        assert not ({"95% CI", "± (published)"} <= set(board["headers"]))  # one kind of interval per column
    ours = next(seen[f"boards/{b}"] for b in boards if "gold-follower" in seen[f"boards/{b}"]["text"])
    assert ours["whiskers"] == 2 and ours["legend"] == ["95% bootstrap interval"]
    assert "GPT-4" not in ours["text"]  # published rows are not on our board
    spread = next(seen[f"boards/{b}"] for b in boards if "± (published)" in seen[f"boards/{b}"]["headers"])
    assert spread["legend"] == ["± spread the source printed"] and spread["whiskers"] == spread["bars"]
    ours_csv = next(p for p in (site / "boards").glob("*.csv") if "gold-follower" in p.read_text())
    rows = list(csv.DictReader(io.StringIO(ours_csv.read_text())))
    assert [(r["rank"], r["run"]) for r in rows] == [("1", "gold"), ("2", "sloppy")]

    models = sorted(str(p.relative_to(site)) for p in (site / "models").glob("*.html"))
    compares = sorted(str(p.relative_to(site)) for p in (site / "compare").glob("*.html"))
    assert len(models) == 29 and len(compares) == 1
    seen, outside = browse(site, [*models[:3], *compares])
    assert outside == []
    compare = seen[compares[0]]
    assert "McNemar p = 0.0005" in compare["text"] and compare["bars"] >= 2  # the paired chart
    assert "only A passes" in compare["text"] and "both pass" in compare["text"]


def test_model_text_in_the_exported_site_stays_text_and_fetches_nothing(tmp_path: Path) -> None:
    db = tmp_path / "evil.duckdb"
    text = evil_world(db, 9)  # Markdown images pointing at 127.0.0.1:9
    site = tmp_path / "site"
    export(db, site)
    pages = [str(p.relative_to(site)) for p in site.rglob("*.html")]
    seen, outside = browse(site, pages)
    assert outside == []
    assert all(page["images"] == 0 for page in seen.values())
    shown = "\n".join(page["text"] for page in seen.values())
    assert text["model"] in shown and text["setup"] in shown  # literally, as written


def test_exporting_to_a_file_is_one_clear_line(world: World, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x")
    result = runner.invoke(app, ["leaderboard", "export", "--db", str(world.db), "--out", str(target)])
    assert result.exit_code == 2 and result.output.startswith("error: --out") and "Traceback" not in result.output
    missing = runner.invoke(app, ["leaderboard", "export", "--db", str(tmp_path / "no.duckdb"), "--out", "s"])
    assert missing.exit_code == 2 and missing.output.startswith("error: no database at")


@pytest.mark.parametrize("top", [0])
def test_compare_top_zero_writes_no_comparison(world: World, tmp_path: Path, top: int) -> None:
    result = runner.invoke(
        app, ["leaderboard", "export", "--db", str(world.db), "--out", str(tmp_path / "s"), "--compare-top", str(top)]
    )
    assert result.exit_code == 0 and not (tmp_path / "s" / "compare").exists()


def test_the_example_pages_workflow_builds_the_site(tmp_path: Path) -> None:
    """The publishing workflow's commands, run as written (a smaller --limit; the installed harness in
    place of the job's virtual environment): they leave a site with boards for both runs."""
    import os
    import re
    import subprocess
    import sys

    import yaml

    from tests.leaderboard.world import REPO

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "leaderboard-site.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact") for step in steps)
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")
    harness = str(Path(sys.executable).parent / "harness")
    env = {k: v for k, v in os.environ.items() if k not in ("HARNESS_TASKS_DIR", "HARNESS_DB")}
    env.update({**workflow["env"], "LIMIT": "2"})
    for step in steps:
        if "run" not in step or "pip install" in step["run"]:
            continue
        script = re.sub(r"(?<![\w./-])venv/bin/harness", harness, step["run"])
        done = subprocess.run(
            ["bash", "-eo", "pipefail", "-c", script],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"{step['name']}: {done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    index = unescape((tmp_path / "site" / "index.html").read_text())  # text is written as character references
    assert "sandbox · pass rate · judge rule" in index and "(published)" in index
    board = next(p for p in (tmp_path / "site" / "boards").glob("*.csv") if "baseline-dfsdt" in p.read_text())
    assert "baseline-react" in board.read_text()  # both runs on one board: same suite, queries, judge, profile
