"""The machine fails the database: a full disk, a read-only folder, a damaged file, a file from a newer
harness. Each is one line naming the file and the fix, exit status 2, and the file's bytes unchanged."""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.store import StoreError, StoreWriter, load_trajectories
from harness.store import connection as connection_module
from harness.store import writer as writer_module
from harness.store.schema import SCHEMA_VERSION
from tests.test_store import _traj

runner = CliRunner()
RUN = ["run", "--model", "baseline", "--strategy", "react", "--tasks", "sandbox/G1_instruction"]
GARBAGE = random.Random(16).randbytes(64 * 1024)
HEADERS_BYTES = 3 * 4096  # DuckDB's file header and its two database headers come before the first block


@pytest.fixture(scope="module")
def judged_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real database: three episodes of the baseline agent, judged by the rule judge."""
    db = tmp_path_factory.mktemp("faults") / "real.duckdb"
    made = runner.invoke(app, [*RUN, "--limit", "3", "--name", "r1", "--db", str(db), "--quiet"])
    assert made.exit_code == 0, made.output
    judged = runner.invoke(app, ["eval", "--run", "r1", "--judge", "rule", "--db", str(db)])
    assert judged.exit_code == 0, judged.output
    return db


def _copy(db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy.duckdb"
    shutil.copyfile(db, target)
    return target


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _damage(db: Path, offset: int) -> None:
    with db.open("r+b") as handle:
        handle.seek(offset)
        handle.write(GARBAGE)


COMMANDS = {
    "show": ["show", "r1"],
    "scores": ["scores"],
    "ls runs": ["ls", "runs"],
    "eval": ["eval", "--run", "r1", "--judge", "rule"],
    "run": [*RUN, "--limit", "4", "--name", "r2", "--quiet"],
}


def _one_error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1 and "Traceback" not in output, output
    return errors[0]


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_damaged_file_is_one_line_and_left_as_it_was(judged_db: Path, tmp_path: Path, command: str) -> None:
    db = _copy(judged_db, tmp_path)
    _damage(db, HEADERS_BYTES)  # the first block: what every open reads
    before = _digest(db)
    result = runner.invoke(app, [*COMMANDS[command], "--db", str(db)])
    assert result.exit_code == 2, result.output
    line = _one_error_line(result.output)
    assert str(db) in line and "damaged" in line and "restore it from a copy" in line
    assert _digest(db) == before


@pytest.mark.parametrize("command", ["eval", "run"])
def test_damage_no_query_reads_is_found_before_anything_is_written(
    judged_db: Path, tmp_path: Path, command: str
) -> None:
    """DuckDB checks a block only when it reads it; an index block damaged where no query looks let
    `run` and `eval` write into the damaged file and exit 0."""
    db = _copy(judged_db, tmp_path)
    with duckdb.connect(str(db), read_only=True) as conn:
        block_size = conn.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]
    last_block = db.stat().st_size - block_size
    _damage(db, last_block)
    before = _digest(db)
    result = runner.invoke(app, [*COMMANDS[command], "--db", str(db)])
    assert result.exit_code == 2, result.output
    line = _one_error_line(result.output)
    assert f"block at byte {last_block}" in line and "damaged" in line
    assert _digest(db) == before


def test_an_intact_file_passes_the_block_check(judged_db: Path, tmp_path: Path) -> None:
    db = _copy(judged_db, tmp_path)
    StoreWriter(db).close()  # would raise on any block whose checksum does not match
    result = runner.invoke(app, [*COMMANDS["run"], "--db", str(db)])
    assert result.exit_code == 0, result.output


def _newer(db: Path) -> None:
    with duckdb.connect(str(db)) as conn:
        conn.execute("INSERT INTO schema_version (version) VALUES (?)", [SCHEMA_VERSION + 1])


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_file_from_a_newer_harness_is_refused_by_readers_and_writers(
    judged_db: Path, tmp_path: Path, command: str
) -> None:
    db = _copy(judged_db, tmp_path)
    _newer(db)
    before = _digest(db)
    result = runner.invoke(app, [*COMMANDS[command], "--db", str(db)])
    assert result.exit_code == 2, result.output
    line = _one_error_line(result.output)
    assert f"schema {SCHEMA_VERSION + 1} > {SCHEMA_VERSION}" in line and "upgrade the harness" in line
    assert _digest(db) == before


def test_the_site_refuses_a_file_from_a_newer_harness(
    judged_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("streamlit")
    from streamlit.testing.v1 import AppTest

    db = _copy(judged_db, tmp_path)
    _newer(db)
    monkeypatch.setenv("HARNESS_DB", str(db))
    site = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "leaderboard" / "navigation.py"))
    site.run(timeout=60)
    assert not site.exception
    assert "newer harness" in site.error[0].value


class FullDisk:
    """A DuckDB connection whose COMMIT fails as a full disk makes it fail; after that, as in DuckDB,
    no transaction is active and ROLLBACK fails too."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def execute(self, sql: str, *args: Any) -> Any:
        if sql == "COMMIT":
            self.real.execute("ROLLBACK")
            raise duckdb.TransactionException(
                'TransactionContext Error: Failed to commit: Could not write file "x.duckdb.wal": '
                "No space left on device"
            )
        return self.real.execute(sql, *args)

    def close(self) -> None:
        self.real.close()


def test_a_full_disk_names_its_cause_and_loses_nothing_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.duckdb"
    with StoreWriter(db) as writer:
        writer.ensure_run("id", "r", "run", {}, "0")
        writer.add_episode("id", _traj("q1"))
    real_connect = writer_module.connect
    monkeypatch.setattr(writer_module, "connect", lambda *a, **k: FullDisk(real_connect(*a, **k)))
    with StoreWriter(db) as writer, pytest.raises(StoreError) as caught:
        writer.add_episode("id", _traj("q2"))
    message = str(caught.value)
    assert "No space left on device" in message and "free some space" in message and str(db) in message
    assert "cannot rollback" not in message and "\n" not in message
    monkeypatch.undo()
    assert [t.query_id for _, t in load_trajectories(db, "r")] == ["q1"]
    with StoreWriter(db) as writer:  # once there is room again, the same write goes through
        writer.add_episode("id", _traj("q2"))
    assert [t.query_id for _, t in load_trajectories(db, "r")] == ["q1", "q2"]


def test_a_full_disk_stops_a_run_with_one_line(
    judged_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _copy(judged_db, tmp_path)
    real_connect = writer_module.connect
    monkeypatch.setattr(writer_module, "connect", lambda *a, **k: FullDisk(real_connect(*a, **k)))
    result = runner.invoke(app, [*COMMANDS["run"], "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert "No space left on device" in _one_error_line(result.output)


@pytest.mark.parametrize(
    "failure",
    [OSError(30, "Read-only file system"), PermissionError(13, "Permission denied")],
    ids=["read-only file system", "permission denied"],
)
def test_a_folder_that_cannot_be_written_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: OSError
) -> None:
    """Root writes through a chmod, so the folder's refusal is injected where the writer meets it
    first: creating the lock file beside the database."""
    db = tmp_path / "h.duckdb"
    real_open = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name.endswith(".writer.lock"):
            raise failure
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    result = runner.invoke(app, [*COMMANDS["run"], "--db", str(db)])
    assert result.exit_code == 2, result.output
    line = _one_error_line(result.output)
    assert failure.strerror in line and "choose a writable folder with --db" in line and str(db) in line


def test_duckdb_refusing_to_open_for_writing_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.duckdb"

    def refuse(path: str, read_only: bool = False) -> Any:
        raise duckdb.IOException(f'IO Error: Cannot open file "{path}": Permission denied')

    monkeypatch.setattr(duckdb, "connect", refuse)
    with pytest.raises(StoreError) as caught:
        connection_module.connect(db, read_only=False, wait_s=0)
    assert str(caught.value) == (
        f'cannot write {db}: Cannot open file "{db}": Permission denied; '
        "the folder or file is not writable; choose a writable folder with --db"
    )


def test_both_checksum_routes_agree_with_duckdb(judged_db: Path) -> None:
    from harness.store import integrity

    pytest.importorskip("numpy")
    data = judged_db.read_bytes()
    with duckdb.connect(str(judged_db), read_only=True) as conn:
        block_size = conn.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]
    first = data[HEADERS_BYTES : HEADERS_BYTES + block_size]
    stored = int.from_bytes(first[:8], "little")
    assert integrity._checksum_python(first) == integrity._checksum_numpy(first) == stored


def test_without_the_block_check_a_damaged_data_block_is_still_found_before_writing(
    judged_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the block check cannot run (no numpy and a big file, an unknown layout), the writer reads
    every stored value instead, which finds damage in any table's data."""
    from harness.store import integrity

    db = _copy(judged_db, tmp_path)
    with duckdb.connect(str(db), read_only=True) as conn:
        block_size = conn.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]
        (block,) = conn.execute(
            "SELECT min(block_id) FROM pragma_storage_info('episodes') WHERE block_id >= 0"
        ).fetchone()
    _damage(db, HEADERS_BYTES + block * block_size)
    before = _digest(db)
    monkeypatch.setattr(integrity, "damaged_block", lambda path, size: integrity.UNCHECKED)
    with pytest.raises(StoreError, match="the file is damaged; restore it from a copy"):
        StoreWriter(db)
    assert _digest(db) == before
