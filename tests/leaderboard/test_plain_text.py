"""Text written by models, tools and submissions is shown as text on every page, never rendered as
Markdown (an answer ``![x](http://HOST/p.png)`` made every viewer's browser fetch that address); and
the episode page shows each LLM call's request and response from the store."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from harness.store import StoreWriter
from harness.types.llm_call import LLMCall, RetryRecord
from harness.types.messages import Message
from harness.types.trajectory import FinishType, NodeKind, Trajectory, TrajectoryNode
from leaderboard import queries
from tests.leaderboard.board_dom import board
from tests.leaderboard.world import REPO

APP = str(REPO / "leaderboard" / "navigation.py")
# A run name, model, strategy, setup and citation from a submission; a query, thoughts, a function
# name, an answer and an error from a model. Each one a Markdown image pointing at a local server.
HOST = "127.0.0.1:{port}"


def image(what: str, port: int) -> str:
    return f"![{what}](http://{HOST.format(port=port)}/{what}.png)"


def evil_world(db: Path, port: int) -> dict[str, str]:
    """A database whose every model- or submission-written string is a Markdown image."""
    text = {
        name: image(name, port)
        for name in ("run", "other", "model", "strategy", "setup", "citation", "query", "thought", "answer", "error")
    }
    text["function"] = image("function", port).replace("(", "_").replace(")", "_")  # a hallucinated name
    # A blank line would end the HTML block the served board is drawn in, and Markdown would start after it.
    text["strategy"] = "react\n\n" + text["strategy"]
    finish = json.dumps({"return_type": "give_answer", "final_answer": text["answer"]})
    traj = Trajectory(
        query_id="1",
        query=text["query"] + "\n# not a heading",
        method="CoT@1",
        nodes=[
            TrajectoryNode(id=0, parent_id=None, kind=NodeKind.ROOT),
            TrajectoryNode(id=1, parent_id=0, kind=NodeKind.THOUGHT, depth=1, content=text["thought"]),
            TrajectoryNode(id=2, parent_id=1, kind=NodeKind.ACTION, depth=2, content=text["function"]),
            TrajectoryNode(id=3, parent_id=2, kind=NodeKind.ACTION_INPUT, depth=3, content="{}", observation_code=1),
            TrajectoryNode(id=4, parent_id=3, kind=NodeKind.ACTION, depth=4, content="Finish"),
            TrajectoryNode(id=5, parent_id=4, kind=NodeKind.ACTION_INPUT, depth=5, content=finish, observation_code=3),
        ],
        chosen_path=[1, 2, 3, 4, 5],
        final_answer=text["answer"],
        finish_type=FinishType.GIVE_ANSWER,
        llm_calls=3,
        llm_calls_failed=1,
        errors=[text["error"]],
    )
    asked = [Message(role="user", content="REQUEST-MARKER " + text["query"])]
    traj.calls = [
        LLMCall(
            index=0,
            status="failed",
            error=text["error"],
            attempts=3,
            retries=[RetryRecord(cause="HTTP 429 from x", http_status=429, wait_s=0.5)] * 2,
            request={"messages": asked},
            response={"error": {"message": "RESPONSE-MARKER"}},
        ),
        LLMCall(index=1, node_id=3, request={"messages": asked}, response={"content": text["thought"]}),
        LLMCall(index=2, node_id=5, request=None, response=None),
    ]
    spec = {
        "model": text["model"],
        "strategy": text["strategy"],
        "submission": {
            "kind": "reported",
            "setup": text["setup"],
            "name": text["other"],
            "source": {"citation": text["citation"], "where": text["citation"], "url": f"http://{HOST}/u.png"},
        },
    }
    with StoreWriter(db) as writer:
        writer.ensure_run("evil", text["run"], "run", spec, "0")
        writer.add_episode("evil", traj, "G1_instruction")
        writer.ensure_run("other", text["other"], "run", {"model": text["model"]}, "0")
        writer.add_episode("other", traj.model_copy(update={"calls": []}), "G1_instruction")
    with duckdb.connect(str(db)) as conn:
        conn.execute(
            "INSERT INTO scores (run_id, group_name, judge, metric, value, n) VALUES "
            "('evil', 'average', 'rule', 'pass_rate', 1.0, 1), ('evil', 'G1_instruction', 'rule', 'pass_rate', 1.0, 1)"
        )
    return text


def add_html_run(db: Path, name: str, model: str, groups: tuple[str, ...] = ("average",)) -> None:
    """A scored run named ``name`` whose model is ``model`` (HTML in the tests that call it)."""
    with StoreWriter(db) as writer:
        writer.ensure_run("htmlrun", name, "run", {"model": model}, "0")
    rows = ", ".join(f"('htmlrun', '{group}', 'rule', 'pass_rate', 0.5, 1)" for group in groups)
    with duckdb.connect(str(db)) as conn:
        conn.execute(f"INSERT INTO scores (run_id, group_name, judge, metric, value, n) VALUES {rows}")


def open_page(db: Path, monkeypatch: pytest.MonkeyPatch, view: str, **params: str) -> AppTest:
    monkeypatch.setenv("HARNESS_DB", str(db))
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    for key, value in params.items():
        app.query_params[key] = value
    app.switch_page(f"views/{view}.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def markdown_rendered(app: AppTest) -> list[str]:
    """Everything on the page that Streamlit renders as Markdown."""
    found = [
        str(e.value) for kind in ("markdown", "caption", "info", "error", "warning", "success") for e in app.get(kind)
    ]
    found += [str(e.value) for e in app.get("heading")] if app.get("heading") else []
    found += [str(e.label) for e in app.expander]
    found += [str(getattr(e, "label", "")) for e in app.metric]
    return found


def assert_no_live_markdown(app: AppTest) -> None:
    for value in markdown_rendered(app):
        assert "](http" not in value and "![" not in value, value


def test_the_episode_page_shows_answers_queries_and_names_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = evil_world(tmp_path / "evil.duckdb", 9)
    app = open_page(
        tmp_path / "evil.duckdb", monkeypatch, "episode", run=text["run"], group="G1_instruction", query="1"
    )
    shown = [t.value for t in app.text]
    assert text["answer"] in shown  # literally, as the model wrote it
    assert text["query"] + "\n# not a heading" in shown
    assert_no_live_markdown(app)
    assert any("function" in e.label and "\\!\\[function" in e.label for e in app.expander)  # escaped, still readable
    errors = [e.value for e in app.error]
    assert errors and all("\\!\\[error\\]" in e for e in errors)


def test_the_episode_page_shows_each_llm_call_with_its_request_and_response(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = evil_world(tmp_path / "evil.duckdb", 9)
    app = open_page(
        tmp_path / "evil.duckdb", monkeypatch, "episode", run=text["run"], group="G1_instruction", query="1"
    )
    headings = [h.value for h in app.subheader]
    assert "LLM calls (3, 1 failed)" in headings
    labels = [e.label for e in app.expander if "attempt" in e.label]
    assert len(labels) == 3 and labels[0].startswith("0. failed · 3 attempt(s)") and "node 3" in labels[1]
    code = [c.value for c in app.code]
    assert any("REQUEST-MARKER" in c and '"role": "user"' in c for c in code)
    assert any("RESPONSE-MARKER" in c for c in code)
    retries = [d.value for d in app.dataframe if "wait_s" in d.value.columns]
    assert retries and list(retries[0]["http_status"]) == [429, 429]
    assert any("--no-log-requests" in c.value for c in app.caption)  # the third call's bodies were not stored
    assert text["error"] in [t.value for t in app.text]


def test_the_model_compare_and_table_pages_show_submission_text_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "evil.duckdb"
    text = evil_world(db, 9)
    model = open_page(db, monkeypatch, "model", run=text["run"])
    assert_no_live_markdown(model)
    assert any("\\!\\[model\\]" in h.value for h in model.subheader)
    assert any("\\!\\[setup\\]" in w.value and "\\!\\[citation\\]" in w.value for w in model.warning)
    compare = open_page(db, monkeypatch, "compare", a=text["run"], b=text["other"])
    assert_no_live_markdown(compare)
    assert any("\\!\\[run\\]" in i.value for i in compare.info)  # the runs share no judge: named, escaped
    table = open_page(db, monkeypatch, "table")
    assert_no_live_markdown(table)  # the board is HTML in Markdown: its text is inert as both
    shown = board(table)
    assert text["model"] in set(shown.table["model"]) and text["run"] in shown.links  # read back as written
    assert "<img" not in shown.html


def test_a_browser_viewing_the_pages_fetches_nothing_a_model_named(tmp_path: Path) -> None:
    """The served site in headless Chromium: the Markdown images in answers, queries, names and
    citations point at a local server that counts requests; it must get none."""
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import urlencode

    from tests.leaderboard.test_browser import served_page

    fetched: list[str] = []

    class Counting(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fetched.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    bait = ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=bait.serve_forever, daemon=True).start()
    db = tmp_path / "evil.duckdb"
    text = evil_world(db, bait.server_address[1])
    html = f'<img src="http://127.0.0.1:{bait.server_address[1]}/html.png">'  # HTML, not Markdown
    add_html_run(db, "html-run", html)
    try:
        with served_page(db, width=1400) as (url, page):
            page.goto(f"{url}/episode?{urlencode({'run': text['run'], 'group': 'G1_instruction', 'query': '1'})}")
            page.wait_for_selector("svg g.node", timeout=45_000)
            page.get_by_text("LLM calls (3, 1 failed)").wait_for(timeout=30_000)
            for expander in page.locator("[data-testid='stExpander'] summary").all():
                expander.click()
            # Every node of the collapsible tree open, its LLM calls' requests and responses too.
            page.locator(".episode-tree details").evaluate_all("nodes => nodes.forEach(n => { n.open = true; })")
            time.sleep(1.0)
            body = page.inner_text("body")
            assert text["answer"] in body and text["query"] in body and "REQUEST-MARKER" in body
            assert text["thought"] in page.locator(".episode-tree").inner_text()
            boards = ""
            for board_id in queries.boards(db)["board"]:  # the plain front page, every board on it
                page.goto(f"{url}/?{urlencode({'board': board_id})}")
                boards += page.locator("table.board").inner_text()
            assert text["model"] in boards and html in boards  # shown as their characters
            page.goto(f"{url}/model?{urlencode({'run': text['run']})}")
            page.get_by_text("another evaluation setup").wait_for(timeout=45_000)
            time.sleep(1.0)
            assert text["setup"] in page.inner_text("body")
    finally:
        bait.shutdown()
    assert fetched == []


@given(st.text())
def test_html_text_shows_every_character_and_leaves_no_markup(text: str) -> None:
    """The served board is HTML inside Markdown: what a model wrote must read back exactly and hold no
    character that HTML or Markdown would act on, nor a line break that could end the HTML block."""
    from leaderboard.plain import html_text

    shown = html_text(text)
    assert unescape(shown) == text
    without_references = re.sub(r"&#\d+;", "", shown)
    assert not set(without_references) & set("&<>\"'\\`*_{}[]()!~$:|#+=\r\n")
