"""Packing a run, validating and ingesting submissions, and the reported results."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml
from typer.testing import CliRunner

from harness.cli.main import app
from harness.submissions.ingest import Outcome, ingest_submissions
from harness.submissions.paths import file_sha256
from tests.leaderboard.conftest import REPORTED, World
from tests.leaderboard.world import gold_follower, make_run

runner = CliRunner()


def rows(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(sql, list(params)).fetchall()


def submit(world_db: Path, run: str, out: Path, *extra: str) -> object:
    return runner.invoke(
        app,
        [
            "submit",
            run,
            "--out",
            str(out),
            "--organisation",
            "Test Lab",
            "--link",
            "Code=https://example.org/x",
            "--db",
            str(world_db),
            *extra,
        ],
    )


def test_submit_validate_ingest_round_trip(world: World, registry: Path, tmp_path: Path) -> None:
    out = tmp_path / "subs" / "gold-run"
    result = submit(world.db, "gold", out)
    assert result.exit_code == 0, result.output
    meta = yaml.safe_load((out / "submission.yaml").read_text())
    listed = set(meta["files"])
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"submission.yaml"}
    assert listed == on_disk and all(file_sha256(out / f) == h for f, h in meta["files"].items())
    assert len([f for f in listed if f.count("/") == 2]) == 24  # one answer file per test query
    assert (meta["kind"], meta["model"], meta["strategy"], meta["run"]["name"]) == (
        "reproduced",
        "gold-follower",
        "react",
        "gold",
    )
    stored = rows(
        world.db,
        "SELECT group_name, value, n FROM scores JOIN runs USING (run_id) WHERE name = 'gold' "
        "AND judge = 'rule' ORDER BY 1",
    )
    claimed = sorted((s["group"], s["value"], s["n"]) for s in meta["scores"] if s["judge"] == "rule")
    assert claimed == sorted(stored)

    validated = runner.invoke(app, ["submissions", "validate", str(out.parent)])
    assert validated.exit_code == 0 and "valid" in validated.output

    db = tmp_path / "site.duckdb"
    first = runner.invoke(app, ["submissions", "ingest", str(out.parent), "--db", str(db)])
    assert first.exit_code == 0 and "added" in first.output, first.output
    [(source, spec)] = rows(db, "SELECT source, spec FROM runs WHERE name = 'gold-run'")
    assert source == "submission" and json.loads(str(spec))["submission"]["organisation"] == "Test Lab"
    original = rows(
        world.db,
        "SELECT e.group_name, e.query_id, e.finish_type, e.final_answer, "
        "(SELECT count(*) FROM steps s WHERE s.run_id = e.run_id AND s.group_name = e.group_name AND "
        "s.query_id = e.query_id) FROM episodes e JOIN runs USING (run_id) WHERE name = 'gold' ORDER BY 1, 2",
    )
    loaded = rows(
        db,
        "SELECT e.group_name, e.query_id, e.finish_type, e.final_answer, "
        "(SELECT count(*) FROM steps s WHERE s.run_id = e.run_id AND s.group_name = e.group_name AND "
        "s.query_id = e.query_id) FROM episodes e ORDER BY 1, 2",
    )
    assert loaded == original
    rescored = rows(db, "SELECT group_name, value, n FROM scores WHERE judge = 'rule' ORDER BY 1")
    assert rescored == sorted(stored)
    assert rows(db, "SELECT count(*) FROM judgments WHERE judge = 'rule'") == [(24,)]  # the rule judge's votes

    again = runner.invoke(app, ["submissions", "ingest", str(out.parent), "--db", str(db)])
    assert again.exit_code == 0 and "unchanged" in again.output

    meta["title"] = "A better title"
    (out / "submission.yaml").write_text(yaml.safe_dump(meta, sort_keys=False))
    [replaced] = ingest_submissions([out], db)
    assert replaced.outcome is Outcome.REPLACED
    titles = rows(db, "SELECT json_extract_string(spec, '$.submission.title') FROM runs")
    assert titles == [("A better title",)]
    assert rows(db, "SELECT count(*) FROM episodes") == [(24,)]


def test_claims_from_other_judges_are_kept_as_claims(world: World, registry: Path, tmp_path: Path) -> None:
    out = tmp_path / "sloppy-run"
    assert submit(world.db, "sloppy", out).exit_code == 0
    meta = yaml.safe_load((out / "submission.yaml").read_text())
    meta["scores"].append(
        {
            "judge": "toolbench:gpt-4",
            "metric": "pass_rate",
            "group": "average",
            "value": 0.4,
            "ci_low": 0.3,
            "ci_high": 0.5,
            "n": 24,
            "details": {},
        }
    )
    (out / "submission.yaml").write_text(yaml.safe_dump(meta, sort_keys=False))
    db = tmp_path / "d.duckdb"
    [result] = ingest_submissions([out], db)
    assert result.outcome is Outcome.ADDED, result.problems
    [(value, details)] = rows(db, "SELECT value, details FROM scores WHERE judge = 'toolbench:gpt-4'")
    assert value == 0.4 and json.loads(str(details))["claimed"] is True


def test_submit_refuses_what_cannot_be_a_submission(world: World, registry: Path, tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    shutil.copyfile(world.db, db)
    make_run(db, "partial", world.task_names, gold_follower(), model="gold-follower", limit=2)
    limited = submit(db, "partial", tmp_path / "partial")
    assert limited.exit_code == 2 and "--limit" in limited.output and not (tmp_path / "partial").exists()
    unknown = submit(db, "nobody", tmp_path / "nobody")
    assert unknown.exit_code == 2 and "no run named 'nobody'" in unknown.output
    (tmp_path / "taken").mkdir()
    taken = submit(db, "gold", tmp_path / "taken")
    assert taken.exit_code == 2 and "already exists" in taken.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.duckdb", "d.duckdb.writer.lock", "taken"]


def test_a_name_taken_by_a_local_run_is_refused_whole(world: World, registry: Path, tmp_path: Path) -> None:
    out = tmp_path / "sloppy"  # the submission would be named like the world's own run "sloppy"
    assert submit(world.db, "sloppy", out).exit_code == 0
    db = tmp_path / "d.duckdb"
    shutil.copyfile(world.db, db)
    before = rows(db, "SELECT count(*) FROM episodes")
    [result] = ingest_submissions([out], db)
    assert result.outcome is Outcome.REJECTED and "already in the database" in str(result.problems[0])
    assert rows(db, "SELECT count(*) FROM episodes") == before


def test_the_reported_submissions_are_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HARNESS_TASKS_DIR", raising=False)
    monkeypatch.delenv("HARNESS_SUBMISSIONS_DIR", raising=False)
    result = runner.invoke(app, ["submissions", "validate"])
    assert result.exit_code == 0, result.output
    assert sorted(
        line.split()[1].rsplit("/", 1)[1] for line in result.output.splitlines() if line.startswith("valid")
    ) == ["stabletoolbench-gpt-cache", "stabletoolbench-mirrorapi-cache", "toolllm-paper"]


def test_every_reported_number_is_stored_as_published(world: World) -> None:
    published = 0
    for folder in sorted(REPORTED.iterdir()):
        if not (folder / "submission.yaml").is_file():
            continue
        meta = yaml.safe_load((folder / "submission.yaml").read_text())
        assert meta["kind"] == "reported" and meta["source"]["where"] and meta["setup"]
        for entry in meta["results"]:
            for scores in entry["scores"]:
                stored = dict(
                    rows(
                        world.db,
                        "SELECT s.group_name, s.value FROM scores s JOIN runs r USING (run_id) "
                        "WHERE r.name = ? AND s.metric = ? AND s.judge = ?",
                        f"{meta['name']}/{entry['id']}",
                        scores["metric"],
                        scores["judge"],
                    )
                )
                assert stored == pytest.approx({g: v / 100 for g, v in scores["values"].items()})
                published += len(scores["values"])
    assert published == 322  # every number of the five published tables


def test_scores_show_published_rows_with_their_retriever_in_words(world: World) -> None:
    """A published row names its retriever as text (or "none"); the score table must read it, not fail."""
    result = runner.invoke(app, ["scores", "--json", "--db", str(world.db)])
    assert result.exit_code == 0, result.output
    shown = {row["run"]: row["retriever"] for row in json.loads(result.output)["rows"]}
    assert shown["toolllm-paper/toolllama-retriever-dfsdt"] == "ToolLLaMA API retriever"
    assert shown["gold"] == "" and {shown[r] for r in shown if r.startswith("stabletoolbench-")} == {""}
    table = runner.invoke(app, ["scores", "--db", str(world.db)])
    assert table.exit_code == 0 and "Traceback" not in table.output
