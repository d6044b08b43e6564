"""The front page's boards, the model page's extras and links that never lie, through AppTest."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import duckdb
import pytest
import yaml

from leaderboard import queries
from leaderboard.reproduce import reproduce_command
from tests.leaderboard.board_dom import board, boards_html, picker
from tests.leaderboard.conftest import REPORTED, World
from tests.leaderboard.test_site import page, stored

SETTING = ["suite", "query_set", "judge", "metric", "procedure", "votes", "reference_run_id", "profile"]


def copy_run(db: Path, name: str, new: str, patch: str) -> None:
    """A copy of run ``name`` (episodes, votes, scores) as ``new`` with its spec merged with ``patch``."""
    with duckdb.connect(str(db)) as conn:
        for table in ("runs", "episodes", "judgments", "scores"):
            columns = [c for (c,) in conn.execute(f"SELECT column_name FROM (DESCRIBE {table})").fetchall()]
            chosen = ", ".join(
                {"run_id": f"run_id || '-{new}'", "name": f"'{new}'",
                 "spec": f"json_merge_patch(spec, '{patch}')"}.get(c, c) for c in columns
            )  # fmt: skip
            where = "name = ?" if table == "runs" else "run_id = (SELECT run_id FROM runs WHERE name = ?)"
            conn.execute(f"INSERT INTO {table} SELECT {chosen} FROM {table} WHERE {where}", [name])


def test_no_board_mixes_settings(world_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same episodes scored under another profile are another board; published numbers are
    ranked only among rows of their own source, never beside the harness's runs."""
    copy_run(world_db, "gold", "gold-toolbench-profile", '{"profile": "toolbench"}')
    entries = stored(world_db, f"SELECT board, board_kind, submission, run, {', '.join(SETTING)} FROM board_entries")
    by_board: dict[str, list[tuple[object, ...]]] = {}
    for row in entries:
        by_board.setdefault(str(row[0]), []).append(row)
    for rows in by_board.values():
        assert len({row[1] for row in rows}) == 1  # reproduced or published, never both
        assert len({row[2] for row in rows}) == 1  # one published source per board
        assert len({row[4:] for row in rows}) == 1  # one setting
    board_of = {str(row[3]): str(row[0]) for row in entries if row[7] == "pass_rate"}
    assert board_of["gold"] == board_of["sloppy"] != board_of["gold-toolbench-profile"]
    assert board_of["toolllm-paper/gpt4-dfsdt"] != board_of["stabletoolbench-gpt-cache/gpt-4-0613-dfs"]

    app = page(world_db, monkeypatch)  # the front page opens on the first board of our own runs
    shown = board(app)
    assert set(shown.table["run"]) == {"gold", "sloppy"}
    labels = list(shown.boards)
    assert any("profile toolbench" in label for label in labels) and any("(published)" in label for label in labels)
    assert len(labels) == len(by_board) and list(shown.boards.values()).count(None) == 1  # every board; one shown
    other = next(label for label, link in shown.boards.items() if "profile toolbench" in label)
    app.query_params["board"] = str(shown.boards[other]).removeprefix("?board=")
    app.run()  # following the link shows that board, and only its rows
    assert set(board(app).table["run"]) == {"gold-toolbench-profile"} and board(app).boards[other] is None


def test_a_board_ranks_with_the_average_first_and_one_kind_of_interval(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = page(world.db, monkeypatch)
    shown = board(app)
    table = shown.table
    columns = list(table.columns)
    assert columns[:5] == ["rank", "model", "strategy", "retriever", "average"]
    assert columns.index("95% CI") == 5 and "± (published)" not in columns
    assert columns.index("G1_instruction") > columns.index("average") and "n" in columns
    assert {"LLM calls / query", "tokens / query", "latency / query (s)"} <= set(columns)
    assert list(table["rank"]) == [1, 2] and list(table["average"]) == sorted(table["average"], reverse=True)
    stored_average = queries.board_table(world.db, queries.boards(world.db)["board"].iloc[0])["average"]
    assert list(table["average"]) == list(stored_average)  # the store's numbers, as stored
    assert shown.links == {"gold": "./model?run=gold", "sloppy": "./model?run=sloppy"}  # each run's page
    # The headline chart: a bar and a whisker per row, and a legend naming the kind of interval.
    assert shown.bars == 2 and shown.whiskers == 2 and shown.legend == ["95% bootstrap interval"]
    assert "95% CI" in unescape(shown.html) and "± (published)" in unescape(shown.html)  # the columns' legend
    assert app.get("download_button")

    published = next(b for b in queries.boards(world.db).to_dict("records") if b["label"].startswith("stabletool"))
    app = page(world.db, monkeypatch, "table", board=published["board"])
    shown = board(app)
    table = shown.table
    assert "± (published)" in table.columns and "95% CI" not in table.columns
    assert shown.legend == ["± spread the source printed"] and shown.whiskers == shown.bars == len(table)
    assert set(table["run"]) <= set(stored(world.db, "SELECT name FROM runs WHERE source = 'submission'")[0]) or all(
        str(r).startswith("stabletoolbench-gpt-cache/") for r in table["run"]
    )
    assert list(table["rank"]) == sorted(table["rank"])
    assert "Ranked only among themselves" in shown.html and 'class="warn"' in shown.html
    source = yaml.safe_load((REPORTED / "stabletoolbench-gpt-cache" / "submission.yaml").read_text())
    assert (
        len(table)
        == sum(1 for r in source["results"] if any(s["metric"] == published["metric"] for s in r["scores"]))
        == published["runs"]
    )


def test_the_board_csv_holds_the_board(world: World) -> None:
    board = queries.boards(world.db)["board"].iloc[0]
    table = queries.board_table(world.db, board)
    assert list(table["run"]) == ["gold", "sloppy"] and list(table["rank"]) == [1, 2]


@pytest.mark.parametrize(
    ("view", "params", "message"),
    [
        ("model", {"run": "nope"}, "No run named nope"),
        ("table", {"board": "nope"}, "No board nope"),
        ("episode", {"run": "nope"}, "No run named nope"),
        ("episode", {"run": "toolllm-paper/gpt4-dfsdt"}, "has no episodes stored"),
        ("episode", {"run": "sloppy", "group": "G1_instruction", "query": "99999"}, "no episode for query 99999"),
        ("compare", {"a": "gold", "b": "toolllm-paper/gpt4-dfsdt"}, "a published result"),
        ("compare", {"a": "nope", "b": "gold"}, "No run named nope"),
    ],
)
def test_a_link_naming_something_absent_says_so_and_shows_nothing_else(
    world: World, monkeypatch: pytest.MonkeyPatch, view: str, params: dict[str, str], message: str
) -> None:
    app = page(world.db, monkeypatch, view, **params)
    assert [e.value for e in app.error] and message in app.error[0].value
    # No other run's numbers in its place: no grid, no chart, no board (the board page offers its links).
    assert not app.dataframe and not app.get("vega_lite_chart") and not boards_html(app)
    assert view != "table" or (picker(app) and None not in picker(app).values())
    for key, value in params.items():
        assert app.query_params[key] == [value] or app.query_params[key] == value  # the address is kept


def test_the_model_page_shows_trials_as_pass_k_curves_and_how_to_reproduce(
    world_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from harness.eval.table import score_table

    for trial in (2, 3):
        copy_run(world_db, "sloppy", f"sloppy-t{trial}", f'{{"trial": {trial}}}')
    with duckdb.connect(str(world_db)) as conn:  # trial 3 fails one query trial 1 passed
        conn.execute(
            "UPDATE judgments SET label = 'failed' WHERE run_id = (SELECT run_id FROM runs WHERE name = 'sloppy-t3') "
            "AND query_id = (SELECT min(query_id) FROM judgments j JOIN runs USING (run_id) "
            "WHERE name = 'sloppy' AND label = 'passed')"
        )
    app = page(world_db, monkeypatch, "model", run="sloppy")
    charts = [c.proto.spec for c in app.get("vega_lite_chart")]
    assert any("pass@k" in c and "pass^k" in c for c in charts)
    shown = queries.repeated(world_db, "sloppy")
    (family,) = score_table(world_db, ["sloppy", "sloppy-t2", "sloppy-t3"])["repeated"]
    for measure, values in (("pass@k", family["pass_at_k"]), ("pass^k", family["pass_hat_k"])):
        part = shown[shown["measure"] == measure].set_index("k")["value"]
        assert list(part.index) == [1, 2, 3]
        assert list(part) == pytest.approx([round(100 * values[k], 1) for k in (1, 2, 3)])
    assert shown[shown["measure"] == "pass^k"]["value"].iloc[-1] < shown[shown["measure"] == "pass@k"]["value"].iloc[-1]
    commands = [c.value for c in app.code if c.value.startswith("harness run")]
    assert (
        commands
        and "--model sloppy-agent --strategy dfsdt --tasks mini/G1_instruction,mini/G2_instruction" in (commands[0])
    )
    assert "harness eval --run sloppy --judge rule" in commands[0]
    assert {m.label for m in app.metric} >= {"latency per query (s)", "cost per query (USD)"}


def test_reproduce_command_rebuilds_a_run_from_its_spec() -> None:
    spec = {
        "model": "openai:gpt-4o",
        "strategy": "dfsdt",
        "tasks": ["sandbox/G1_instruction"],
        "limit": 5,
        "seed": 3,
        "trial": 2,
        "model_args": {"temperature": 0.2},
        "retriever": {"method": "/abs/models/ret", "top_k": 4},
    }
    assert reproduce_command(spec, "my run", "rule") == (
        "harness run --model openai:gpt-4o --strategy dfsdt --tasks sandbox/G1_instruction --name 'my run' "
        "--limit 5 --seed 3 --trial 2 --retriever /abs/models/ret --top-k 4 -M temperature=0.2\n"
        "harness eval --run 'my run' --judge rule"
    )
    assert reproduce_command({"model": "GPT-4", "tasks": ["t"], "submission": {"kind": "reported"}}, "x") is None
