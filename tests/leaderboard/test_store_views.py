"""The store's views: they exist on new and old files, readers get them even read-only, and what they
hold is what the code before them computed (on real judged runs, and on every way votes can fall)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.eval.ballots import from_stored, to_stored
from harness.eval.evaluate import PASS_RATE, WIN_RATE
from harness.eval.labels import PassLabel, Preference, UnsurePolicy, Vote
from harness.eval.metrics import AVERAGE
from harness.eval.values import query_values
from harness.eval.voting import pass_value, preference_value
from harness.store import StoreWriter
from harness.store.connection import read_connection
from harness.store.judgments import ScoreRow, VoteSet, insert_votes, load_votes, replace_scores
from harness.store.reader import group_outcomes, run_record, run_summary
from harness.store.schema import MIGRATIONS, SCHEMA_VERSION, current_version, migrate
from harness.store.views import DIGEST_VIEW, VIEW_NAMES
from tests.leaderboard.conftest import World

runner = CliRunner()
Key = tuple[str, str]


def stored_views(db: Path) -> set[str]:
    """The persistent views in the file (what any DuckDB client sees)."""
    with duckdb.connect(str(db), read_only=True) as conn:
        return {str(n) for (n,) in conn.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}


def python_values(db: Path, run: str, judge: str, metric: str = PASS_RATE, reference: str = "") -> dict[Key, float]:
    """What ``query_values`` computed before the view: the stored votes counted in Python with the
    settings stored on the run's average score."""
    run_id = run_record(db, run)["run_id"]
    reference_id = run_record(db, reference)["run_id"] if reference else ""
    vote_set = VoteSet(run_id, judge, metric, reference_id)
    with read_connection(db) as conn:
        (details,) = conn.execute(
            """SELECT details FROM scores WHERE run_id = ? AND judge = ? AND metric = ? AND reference_run_id = ?
               AND group_name = ?""",
            [run_id, judge, metric, reference_id, AVERAGE],
        ).fetchone()
        stored = load_votes(conn, vote_set)
    settings = json.loads(details)
    total = int(settings.get("votes", 1))
    values = {}
    for key, rows in stored.items():
        votes = [from_stored(r) for r in rows]
        if metric == WIN_RATE:
            value = preference_value(votes, total)
        else:
            policy = UnsurePolicy(settings.get("unsure", "half"))
            majority = settings.get("procedure") != "sopr"
            value = pass_value(votes, total, policy, majority, f"{run_id}:{key[0]}:{key[1]}")
        if value is not None:
            values[key] = value
    return values


def test_a_new_database_holds_every_view(tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    StoreWriter(db).close()
    assert stored_views(db) == {*VIEW_NAMES, DIGEST_VIEW}
    with duckdb.connect(str(db), read_only=True) as conn:
        comments = dict(conn.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
    assert all(comments[name] for name in VIEW_NAMES)  # each says what it holds


def test_a_file_of_the_previous_version_is_read_through_the_views_and_gets_them_on_the_next_write(
    world_db: Path,
) -> None:
    with duckdb.connect(str(world_db)) as conn:  # what the previous harness left: tables only
        for name in (*VIEW_NAMES, DIGEST_VIEW):
            conn.execute(f"DROP VIEW IF EXISTS {name}")
    assert stored_views(world_db) == set()
    before = query_values(world_db, "sloppy", "rule")  # read-only: temporary views
    assert before and set(before.values()) == {0.0, 1.0}
    assert stored_views(world_db) == set()  # reading changed nothing in the file
    StoreWriter(world_db).close()
    assert stored_views(world_db) == {*VIEW_NAMES, DIGEST_VIEW}
    assert query_values(world_db, "sloppy", "rule") == before


def test_a_file_a_schema_behind_is_still_read_through_the_views(world_db: Path) -> None:
    """A file written before the newest migration (which adds no table the views read) is shown as it
    is: reading must not wait for a writer to migrate it."""
    with duckdb.connect(str(world_db)) as conn:
        for name in (*VIEW_NAMES, DIGEST_VIEW):
            conn.execute(f"DROP VIEW IF EXISTS {name}")
        conn.execute("DELETE FROM schema_version WHERE version = ?", [SCHEMA_VERSION])
        assert current_version(conn) == SCHEMA_VERSION - 1
    assert query_values(world_db, "sloppy", "rule")
    result = CliRunner().invoke(app, ["scores", "--db", str(world_db), "--json"])
    assert result.exit_code == 0, result.output


def test_a_reader_uses_this_harness_definitions_when_the_file_holds_other_ones(world_db: Path) -> None:
    with duckdb.connect(str(world_db)) as conn:  # as if another harness version had written its own views
        conn.execute("CREATE OR REPLACE VIEW query_values AS SELECT 1 AS stale")
        conn.execute(f"CREATE OR REPLACE VIEW {DIGEST_VIEW} AS SELECT 'other' AS digest")
    assert query_values(world_db, "gold", "rule")
    StoreWriter(world_db).close()
    with duckdb.connect(str(world_db), read_only=True) as conn:
        assert "stale" not in [c[0] for c in conn.execute("SELECT * FROM query_values LIMIT 0").description]


def test_an_old_schema_is_migrated_and_gets_the_views(tmp_path: Path) -> None:
    db = tmp_path / "v1.duckdb"
    with duckdb.connect(str(db)) as conn:
        migrate(conn, MIGRATIONS[:1])
        assert current_version(conn) == 1
    StoreWriter(db).close()
    with duckdb.connect(str(db), read_only=True) as conn:
        assert current_version(conn) == SCHEMA_VERSION
    assert stored_views(db) >= VIEW_NAMES


def _compare_with_previous_code(db: Path, runs: list[str]) -> None:
    """Every view a page or `harness scores` reads agrees with the code that computed it before."""
    with read_connection(db) as conn:
        stats = {r[0]: r for r in conn.execute(
            """SELECT name, episodes, llm_calls, total_tokens, cost_usd, wall_time_s, errors, function_calls,
                      api_calls, answered, gave_up, no_answer FROM run_stats""").fetchall()}  # fmt: skip
        for run in runs:
            summary = run_summary(db, run)
            _, episodes, llm_calls, tokens, cost, wall, errors, function_calls, api_calls, *finish = stats[run]
            assert (episodes, llm_calls, tokens, errors) == (
                summary["episodes"], summary["llm_calls"], summary["total_tokens"], summary["errors"])  # fmt: skip
            assert (function_calls, api_calls) == (summary["function_calls"], summary["api_calls"])
            assert cost == pytest.approx(summary["cost_usd"]) and wall == pytest.approx(summary["wall_time_s"])
            kinds = summary["finish_types"]
            assert finish == [kinds.get("give_answer", 0), kinds.get("give_up", 0), kinds.get("none", 0)]
            groups = conn.execute(
                """SELECT group_name, episodes, answered, gave_up, no_answer, errors, llm_calls, tokens
                   FROM group_stats WHERE run = ? ORDER BY group_name""",
                [run],
            ).fetchall()
            assert [tuple(g) for g in groups] == [
                (g["group"], g["episodes"], g["answered"], g["gave_up"], g["none"], g["errors"], g["llm_calls"],
                 g["tokens"]) for g in group_outcomes(db, run)]  # fmt: skip
            shown = conn.execute(
                """SELECT judge, metric, reference_run_id, group_name, value, ci_low, ci_high, n FROM group_scores
                   WHERE run = ? ORDER BY ALL""",
                [run],
            ).fetchall()
            raw = conn.execute(
                """SELECT judge, metric, reference_run_id, group_name, value, ci_low, ci_high, n FROM scores
                   JOIN runs USING (run_id) WHERE name = ? ORDER BY ALL""",
                [run],
            ).fetchall()
            assert shown == raw and raw  # the stored intervals, not recomputed ones
    for run in runs:
        assert query_values(db, run, "rule") == python_values(db, run, "rule")


def test_views_hold_what_the_previous_code_computed_for_runs_judged_by_rule(world: World) -> None:
    _compare_with_previous_code(world.db, ["gold", "sloppy"])
    assert 0.0 in python_values(world.db, "sloppy", "rule").values()  # the comparison covers failures


def test_views_hold_what_the_previous_code_computed_for_a_sandbox_run(tmp_path: Path) -> None:
    db = str(tmp_path / "sandbox.duckdb")
    for model in ("oracle", "baseline"):
        made = runner.invoke(app, ["run", "--model", model, "--strategy", "react", "--tasks", "sandbox/G1_instruction",
                                   "--limit", "10", "--db", db, "--name", model])  # fmt: skip
        assert made.exit_code == 0, made.output
        judged = runner.invoke(app, ["eval", "--run", model, "--judge", "rule", "--db", db])
        assert judged.exit_code == 0, judged.output
    _compare_with_previous_code(Path(db), ["oracle", "baseline"])


def _classes(a: dict[Key, float], b: dict[Key, float]) -> dict[Key, str]:
    """The compare page's classes as its Python code made them before the view."""
    found = {}
    for key in set(a) | set(b):
        va, vb = a.get(key), b.get(key)
        if va is None or vb is None:
            found[key] = "in one run only"
        elif va != vb:
            found[key] = "A better" if va > vb else "B better"
        else:
            found[key] = "both pass" if va == 1.0 else "both fail or tie"
    return found


def test_query_outcomes_class_each_query_as_the_compare_page_did(world_db: Path) -> None:
    with StoreWriter(world_db) as writer, writer.transaction() as conn:  # one query judged in sloppy only
        conn.execute(
            """DELETE FROM judgments WHERE run_id = (SELECT run_id FROM runs WHERE name = 'gold')
               AND query_id = (SELECT min(query_id) FROM judgments)"""
        )
    gold, sloppy = python_values(world_db, "gold", "rule"), python_values(world_db, "sloppy", "rule")
    with read_connection(world_db) as conn:
        for run_a, run_b, a, b in (("gold", "sloppy", gold, sloppy), ("sloppy", "gold", sloppy, gold)):
            rows = conn.execute(
                "SELECT group_name, query_id, a, b, outcome FROM query_outcomes WHERE run_a = ? AND run_b = ?",
                [run_a, run_b],
            ).fetchall()
            assert {(g, q): o for g, q, _, _, o in rows} == _classes(a, b)
            assert {(g, q): (va, vb) for g, q, va, vb, _ in rows} == {k: (a.get(k), b.get(k)) for k in set(a) | set(b)}
    assert {"A better", "both pass", "in one run only"} <= set(_classes(gold, sloppy).values())


# Every way a query's votes can fall: a vote set per (procedure, unsure policy), with queries that
# have fewer votes than asked (settled or not), more than asked, and deterministic first votes.
SETTINGS = [(PASS_RATE, {"procedure": "toolbench", "unsure": policy.value}) for policy in UnsurePolicy] + [
    (PASS_RATE, {"procedure": "sopr"}),
    (PASS_RATE, {"procedure": "rule"}),
    (WIN_RATE, {}),
]


def _random_votes(rng: random.Random, metric: str, procedure: str | None, total: int) -> list[Vote]:
    if metric == WIN_RATE:
        labels = list(Preference)
    elif procedure == "sopr":
        labels = ["Solved", "Unsolved", "Unsure"]
    else:
        labels = list(PassLabel)
    count = rng.choice([0, 1, total - 1, total, total + 2, rng.randint(0, total + 2)])
    deterministic = rng.random() < 0.15
    return [Vote(str(rng.choice(labels)), "", deterministic and i == 0) for i in range(max(count, 1))]


@pytest.mark.parametrize(("metric", "settings"), SETTINGS, ids=[f"{m}-{json.dumps(s)}" for m, s in SETTINGS])
def test_the_query_values_view_counts_votes_as_the_voting_rule_does(
    tmp_path: Path, metric: str, settings: dict[str, Any]
) -> None:
    rng = random.Random(f"{metric}{settings}")
    db = tmp_path / "votes.duckdb"
    total = 3 if settings.get("procedure") == "sopr" else 5
    expected: dict[Key, float] = {}
    with StoreWriter(db) as writer:
        writer.ensure_run("run-a", "a", "run", {}, "0")
        writer.ensure_run("run-b", "b", "run", {}, "0")
        vote_set = VoteSet("run-a", "judge", metric, "run-b" if metric == WIN_RATE else "")
        rows = []
        for index in range(300):
            key = (f"G{index % 3}", str(index))
            votes = _random_votes(rng, metric, settings.get("procedure"), total)
            rows.extend((*key, to_stored(i, v)) for i, v in enumerate(votes))
            if metric == WIN_RATE:
                value = preference_value(votes, total)
            else:
                policy = UnsurePolicy(settings.get("unsure", "half"))
                value = pass_value(votes, total, policy, settings["procedure"] != "sopr", f"run-a:{key[0]}:{key[1]}")
            if value is not None:
                expected[key] = value
        with writer.transaction() as conn:
            insert_votes(conn, vote_set, rows)
            average = ScoreRow(AVERAGE, 0.5, 0.4, 0.6, 300, {**settings, "votes": total})
            replace_scores(conn, vote_set, metric, [average])
    found = query_values(db, "a", "judge", metric=metric, reference="b" if metric == WIN_RATE else None)
    assert found == expected
    assert 0 < len(expected) < 300  # some queries are still undecided, and they are left out
