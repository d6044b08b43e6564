"""Every page of the site through Streamlit's AppTest, over the prepared world."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from leaderboard.plain import md
from leaderboard.tree import BACKTRACKED, CHOSEN, PRUNED
from tests.leaderboard.board_dom import board
from tests.leaderboard.conftest import World, sloppy
from tests.leaderboard.world import REPO

APP = str(REPO / "leaderboard" / "navigation.py")


def page(world_db: Path, monkeypatch: pytest.MonkeyPatch, view: str | None = None, **params: str) -> AppTest:
    monkeypatch.setenv("HARNESS_DB", str(world_db))
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    if view is not None:
        for key, value in params.items():
            app.query_params[key] = value
        app.switch_page(f"views/{view}.py")
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def stored(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(sql, list(params)).fetchall()


def test_model_page_shows_scores_usage_and_failure_types(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    app = page(world.db, monkeypatch, "model", run="sloppy")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["episodes"] == "24"
    calls = stored(
        world.db,
        "SELECT avg(llm_calls), sum(total_tokens) FROM episodes JOIN runs USING (run_id) WHERE name = 'sloppy'",
    )[0]
    assert metrics["LLM calls per query"] == f"{calls[0]:.2f}" and metrics["tokens"] == f"{int(calls[1]):,}"
    usage = app.dataframe[-1].value
    assert set(usage["group"]) == {"G1_instruction", "G2_instruction"} and usage["episodes"].sum() == 24
    charts = [c.proto.spec for c in app.get("vega_lite_chart")]
    assert len(charts) == 3  # pass-rate bars with intervals, calls per query, failure types
    assert '"ci_low"' in charts[0] and '"llm_calls_per_query"' in charts[1] and '"failure"' in charts[2]


def test_model_page_of_a_reported_row_says_where_the_numbers_come_from(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = page(world.db, monkeypatch, "model", run="stabletoolbench-gpt-cache/toolllama-v2-dfs")
    warning = app.warning[0].value
    assert "another evaluation setup" in warning and "aa4ed9f4" in warning and "lines 363-375" in warning
    assert not app.metric  # reported scores only: no episodes, no usage
    boards = app.dataframe[0].value  # the boards it sits on, ranked among its own source's rows only
    assert all("stabletoolbench-gpt-cache (published)" in label for label in boards["label"]) and len(boards) == 2
    scores = next(d.value for d in app.dataframe if "metric" in d.value.columns)
    assert set(scores["metric"]) == {"pass_rate", "win_rate"}


def test_episode_viewer_draws_the_tree_with_backtracked_branches(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = next(
        q
        for g, q in stored(
            world.db,
            "SELECT group_name, query_id FROM episodes JOIN runs USING (run_id) WHERE name = 'sloppy' ORDER BY 1, 2",
        )
        if sloppy(str(q)) and g == "G1_instruction"
    )
    app = page(world.db, monkeypatch, "episode", run="sloppy", group="G1_instruction", query=str(wrong))
    dot = app.get("graphviz_chart")[0].proto.spec
    nodes = stored(
        world.db,
        "SELECT count(*), count(*) FILTER (WHERE NOT on_chosen_path AND NOT pruned AND kind <> 'root'), "
        "count(*) FILTER (WHERE NOT on_chosen_path AND pruned) FROM steps "
        "JOIN runs USING (run_id) WHERE name = 'sloppy' AND group_name = 'G1_instruction' AND query_id = ?",
        str(wrong),
    )[0]
    assert dot.count("label=") == nodes[0] and dot.count("->") == nodes[0] - 1
    assert nodes[1] > 0 and dot.count(BACKTRACKED) == nodes[1] and CHOSEN in dot
    assert dot.count(PRUNED) == nodes[2]
    assert "guess_for_nowhere" in dot  # the abandoned call is in the tree
    calls = [e.label for e in app.expander]
    # A function name is the model's text: escaped in the label, so that it shows exactly as written.
    assert any(md("guess_for_nowhere") in label and "status 1" in label for label in calls)
    votes = app.dataframe[0].value
    assert list(votes["label"]) == ["failed"] and "missing" in votes["reason"].iloc[0]


def test_compare_page_pairs_queries_with_mcnemar_and_per_group_intervals(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from harness.eval.stats import mcnemar_exact

    app = page(world.db, monkeypatch, "compare", a="gold", b="sloppy")
    wrong = sum(
        1
        for (q,) in stored(world.db, "SELECT query_id FROM episodes JOIN runs USING (run_id) WHERE name = 'sloppy'")
        if sloppy(str(q))
    )
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["common queries"] == "24"
    assert metrics["B − A (points)"] == f"{-100 * wrong / 24:+.1f}"
    assert float(metrics["McNemar p"]) == pytest.approx(mcnemar_exact(wrong, 0), abs=1e-4)
    paired = app.dataframe[0].value
    assert list(paired["group"]) == ["G1_instruction", "G2_instruction", "average"]
    assert list(paired["only A passes"]) == [wrong // 2, wrong // 2, wrong] and set(paired["only B passes"]) == {0}
    for interval, delta in zip(paired["95% CI (paired)"], paired["B − A"], strict=True):
        low, high = (float(x) for x in interval.split(" to "))
        assert low < delta < high < 0
    chart = app.get("vega_lite_chart")[0].proto.spec
    assert "only A passes" in chart and "both pass" in chart  # the paired chart
    per_query = app.dataframe[1].value  # by default, the queries where the runs differ
    assert len(per_query) == wrong and set(per_query["outcome"]) == {"A better"}
    assert all("run=gold" in link for link in per_query["A episode"])
    assert all("run=sloppy" in link for link in per_query["B episode"])
    app.multiselect(key="shown").set_value(["A better", "both pass"]).run()
    assert len(app.dataframe[1].value) == 24


def test_a_missing_database_is_one_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HARNESS_DB", str(tmp_path / "nothing.duckdb"))
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception
    assert "No results database" in app.error[0].value


def test_the_site_waits_for_a_writer_to_let_go(world_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer holding the file (as `harness run` does for a moment per episode) delays a page, it
    does not break it."""
    holding = threading.Event()

    def writer() -> None:
        with duckdb.connect(str(world_db)) as conn:  # read-write: readers cannot open the file meanwhile
            conn.execute("BEGIN TRANSACTION")
            conn.execute("UPDATE runs SET git_commit = 'held' WHERE name = 'gold'")
            holding.set()
            time.sleep(1.5)
            conn.execute("COMMIT")

    thread = threading.Thread(target=writer)
    thread.start()
    holding.wait(10)
    started = time.monotonic()
    app = page(world_db, monkeypatch)
    waited = time.monotonic() - started
    thread.join()
    assert "gold" in set(board(app).table["run"])
    assert waited >= 1.0  # it retried until the writer was done


def test_a_run_with_a_retriever_is_labelled_as_the_runner_labels_it(world_db: Path) -> None:
    from harness.store import StoreWriter
    from harness.types.runspec import retriever_label
    from leaderboard import queries

    spec = {
        "model": "m",
        "strategy": "react",
        "tasks": ["mini/G1_instruction"],
        "retriever": {"method": "/models/my-retriever", "top_k": 5},
    }
    with StoreWriter(world_db) as writer:
        writer.ensure_run("0123456789abcdef", "retrieving", "run", spec, "0.1.0")
    shown = queries.runs(world_db).set_index("name")
    assert shown.loc["retrieving", "retriever"] == retriever_label(spec) == "+ retriever (my-retriever, top 5)"
    assert shown.loc["gold", "retriever"] == "none" and shown.loc["retrieving", "suite"] == "mini"
