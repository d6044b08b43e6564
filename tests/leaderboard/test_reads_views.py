"""The readers of the store: `harness scores` reads every kind of row through the views over one
connection, and the leaderboard's SQL selects from views only (it computes no metric)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.store import StoreWriter
from harness.store.views import VIEW_NAMES
from tests.leaderboard.conftest import World
from tests.leaderboard.world import REPO

runner = CliRunner()
LEADERBOARD = REPO / "leaderboard"


def count_connections(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every DuckDB file opened from now on."""
    opened: list[str] = []
    real = duckdb.connect

    def connect(database: Any = ":memory:", *args: Any, **kwargs: Any) -> Any:
        opened.append(str(database))
        return real(database, *args, **kwargs)

    monkeypatch.setattr(duckdb, "connect", connect)
    return opened


def test_scores_reads_the_whole_table_over_one_connection(world_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Two more samples of gold's configuration, so the table also reads per-query values (pass@k).
    with StoreWriter(world_db) as writer, writer.transaction() as conn:
        for seed in (1, 2):
            for table in ("runs", "episodes", "judgments", "scores"):
                columns = [c for (c,) in conn.execute(f"SELECT column_name FROM (DESCRIBE {table})").fetchall()]
                chosen = ", ".join(
                    {"run_id": f"run_id || '-{seed}'", "name": f"name || '-{seed}'",
                     "spec": f"json_merge_patch(spec, '{{\"seed\": {seed}}}')"}.get(c, c) for c in columns
                )  # fmt: skip
                where = "name = 'gold'" if table == "runs" else "run_id = (SELECT run_id FROM runs WHERE name = 'gold')"
                conn.execute(f"INSERT INTO {table} SELECT {chosen} FROM {table} WHERE {where}")
    opened = count_connections(monkeypatch)
    shown = runner.invoke(app, ["scores", "--db", str(world_db), "--json"])
    assert shown.exit_code == 0, shown.output
    table = json.loads(shown.output)
    assert len(opened) == 1
    assert {"gold", "gold-1", "gold-2", "sloppy"} <= {row["run"] for row in table["rows"]}
    (family,) = table["repeated"]
    assert family["runs"] == ["gold", "gold-1", "gold-2"] and family["pass_at_k"]["3"] == 1.0

    opened.clear()
    chosen = runner.invoke(app, ["scores", "--db", str(world_db), "--runs", "gold,sloppy"])
    assert chosen.exit_code == 0, chosen.output
    assert len(opened) == 1


def test_scores_shows_reported_rows_next_to_reproduced_ones(world: World) -> None:
    """Published rows keep their retriever as text (the site's ingest put them there)."""
    shown = runner.invoke(app, ["scores", "--db", str(world.db), "--json"])
    assert shown.exit_code == 0, shown.output
    rows = json.loads(shown.output)["rows"]
    reported = [r for r in rows if r["source"] == "submission"]
    assert reported and all(isinstance(r["retriever"], str) for r in rows)
    assert {r["retriever"] for r in rows if r["run"] in ("gold", "sloppy")} == {""}
    text = runner.invoke(app, ["scores", "--db", str(world.db)])
    assert text.exit_code == 0 and "gold" in text.output


def test_scores_of_an_unknown_run_is_one_line(world: World) -> None:
    shown = runner.invoke(app, ["scores", "--db", str(world.db), "--runs", "gold,nope"])
    assert shown.exit_code == 2
    assert "no run named 'nope'" in shown.output and "Traceback" not in shown.output


_SOURCE = re.compile(r"\b(?:FROM|JOIN)\s+([A-Za-z_][\w.]*)", re.IGNORECASE)
_CTE = re.compile(r"(?:\bWITH|,)\s+([A-Za-z_]\w*)\s*(?:\([^)]*\))?\s+AS\s*\(", re.IGNORECASE)


def sources(sql: str) -> set[str]:
    """The names a SQL text selects from (FROM and JOIN), less the names its own WITH clauses define."""
    return {name.lower() for name in _SOURCE.findall(sql)} - {name.lower() for name in _CTE.findall(sql)}


def sql_texts(path: Path) -> list[str]:
    """Every string in a module that reads as SQL (f-strings with their literal parts)."""
    texts = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.JoinedStr):
            texts.append("".join(v.value for v in node.values if isinstance(v, ast.Constant)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            texts.append(node.value)
    return [t for t in texts if re.search(r"\bSELECT\b", t)]  # the code base writes SQL keywords in capitals


@pytest.mark.parametrize(
    ("sql", "found"),
    [
        ("SELECT avg(value) FROM scores", {"scores"}),
        ("SELECT * FROM board_rows b JOIN episodes e USING (run_id)", {"board_rows", "episodes"}),
        ("WITH t AS (SELECT 1 FROM run_info) SELECT * FROM t", {"run_info"}),
        ("SELECT * FROM (SELECT query_id FROM steps) LEFT JOIN api_calls USING (query_id)", {"steps", "api_calls"}),
    ],
)
def test_the_source_check_sees_what_a_query_reads(sql: str, found: set[str]) -> None:
    assert sources(sql) == found


def test_the_leaderboard_selects_only_from_the_store_views() -> None:
    texts = sql_texts(LEADERBOARD / "queries.py")
    assert len(texts) >= 10
    read = set().union(*(sources(t) for t in texts))
    assert read and read <= VIEW_NAMES, f"leaderboard/queries.py reads {sorted(read - VIEW_NAMES)}, not views"


def test_no_page_runs_sql_or_the_harness_scoring_code() -> None:
    for path in LEADERBOARD.rglob("*.py"):
        if path.name != "queries.py":
            assert not sql_texts(path), f"{path.name} holds SQL; it belongs in leaderboard/queries.py"
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("harness.eval"), f"{path.name} imports {node.module}"
