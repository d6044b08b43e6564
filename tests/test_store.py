"""The DuckDB store: schema versions, migrations, one writer, readers that never break it."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from harness.store import StoreError, StoreWriter, default_db_path, list_runs
from harness.store.schema import INITIAL, SCHEMA_VERSION, Migration, current_version, migrate
from harness.types.trajectory import FinishType, NodeKind, Trajectory, TrajectoryNode


def _traj(qid: str) -> Trajectory:
    return Trajectory(
        query_id=qid,
        query=f"question {qid}",
        method="CoT@1",
        nodes=[
            TrajectoryNode(id=0, parent_id=None, kind=NodeKind.ROOT),
            TrajectoryNode(id=1, parent_id=0, kind=NodeKind.ACTION, depth=1, content="Finish"),
            TrajectoryNode(
                id=2,
                parent_id=1,
                kind=NodeKind.ACTION_INPUT,
                depth=2,
                content='{"return_type": "give_answer", "final_answer": "42"}',
                observation='{"response":"successfully giving the final answer."}',
                observation_code=3,
            ),
        ],
        chosen_path=[1, 2],
        final_answer="42",
        finish_type=FinishType.GIVE_ANSWER,
        llm_calls=1,
    )


def test_default_db_path_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HARNESS_DB", raising=False)
    assert default_db_path(None) == Path("harness.duckdb")
    monkeypatch.setenv("HARNESS_DB", "/tmp/env.duckdb")
    assert default_db_path(None) == Path("/tmp/env.duckdb")
    assert default_db_path("x.duckdb") == Path("x.duckdb")


def test_new_file_gets_the_current_schema(tmp_path: Path) -> None:
    db = tmp_path / "h.duckdb"
    StoreWriter(db).close()
    conn = duckdb.connect(str(db), read_only=True)
    try:
        assert current_version(conn) == SCHEMA_VERSION
        tables = {r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    finally:
        conn.close()
    assert {"runs", "episodes", "steps", "api_calls", "judgments", "scores", "schema_version"} <= tables


def test_migration_path_upgrades_and_keeps_data(tmp_path: Path) -> None:
    conn = duckdb.connect(str(tmp_path / "m.duckdb"))
    try:
        assert migrate(conn, [INITIAL]) == 1
        conn.execute(
            "INSERT INTO runs (run_id, name, source, spec, harness_version) VALUES ('a', 'a', 'run', '{}', 'v')"
        )
        later = Migration(version=2, statements=("ALTER TABLE runs ADD COLUMN notes VARCHAR",))
        assert migrate(conn, [INITIAL, later]) == 2
        assert conn.execute("SELECT name, notes FROM runs").fetchall() == [("a", None)]
        assert migrate(conn, [INITIAL, later]) == 2  # idempotent
        broken = Migration(version=3, statements=("ALTER TABLE runs ADD COLUMN x INT", "SELECT * FROM nowhere"))
        with pytest.raises(duckdb.CatalogException):
            migrate(conn, [INITIAL, later, broken])
        assert current_version(conn) == 2  # the failed step rolled back whole
        assert "x" not in [r[0] for r in conn.execute("DESCRIBE runs").fetchall()]
    finally:
        conn.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "h.duckdb"
    StoreWriter(db).close()
    conn = duckdb.connect(str(db))
    conn.execute("INSERT INTO schema_version (version) VALUES (?)", [SCHEMA_VERSION + 5])
    conn.close()
    with pytest.raises(StoreError, match=r"newer harness.*upgrade the harness"):
        StoreWriter(db)


def test_second_writer_is_refused_while_the_first_lives(tmp_path: Path) -> None:
    db = tmp_path / "h.duckdb"
    with StoreWriter(db), pytest.raises(StoreError, match="is being written by pid"):
        StoreWriter(db)
    StoreWriter(db).close()  # free again once the first has gone


def _read_repeatedly(db: str, seconds: float, queue: multiprocessing.Queue[object]) -> None:
    deadline = time.monotonic() + seconds
    counts = []
    try:
        while time.monotonic() < deadline:
            counts.append(sum(r["episodes"] for r in list_runs(Path(db))))
        queue.put(counts)
    except Exception as exc:  # reported to the parent, which fails the test
        queue.put(repr(exc))


def test_reader_in_another_process_never_breaks_the_writer(tmp_path: Path) -> None:
    db = tmp_path / "h.duckdb"
    n = 40
    with StoreWriter(db) as writer:
        writer.ensure_run("r", "r", "run", {}, "test")
        ctx = multiprocessing.get_context("spawn")
        queue: multiprocessing.Queue[object] = ctx.Queue()
        reader = ctx.Process(target=_read_repeatedly, args=(str(db), 6.0, queue))
        reader.start()
        time.sleep(1.5)  # let the reader start hammering
        for i in range(n):
            writer.add_episode("r", _traj(str(i)))
        reader.join(30)
    counts = queue.get(timeout=5)
    assert isinstance(counts, list), counts
    assert counts, "the reader never got in"
    assert counts == sorted(counts)  # it only ever saw whole, committed episodes
    assert list_runs(db)[0]["episodes"] == n


def _opens_read_only(db: Path) -> bool:
    """Whether another process can open the file now (DuckDB lets no other process in while one has
    it open for writing)."""
    code = "import duckdb, sys; duckdb.connect(sys.argv[1], read_only=True).close()"
    return subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, timeout=60).returncode == 0


def test_a_batch_that_waits_for_work_lets_readers_in(tmp_path: Path) -> None:
    # A run waiting on a slow episode holds a batch open; its last write must not keep the
    # leaderboard out for as long as it waits.
    db = tmp_path / "h.duckdb"
    with StoreWriter(db, hold_s=0.2) as writer, writer.batch():
        writer.ensure_run("r", "r", "run", {}, "test")
        writer.add_episode("r", _traj("1"))
        deadline = time.monotonic() + 20
        while not (got_in := _opens_read_only(db)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert got_in, "the idle writer kept the file"
        writer.add_episode("r", _traj("2"))  # and it writes again once work comes
    assert list_runs(db)[0]["episodes"] == 2
