"""The single writer of a results database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

from harness.store.connection import WRITER_WAIT_S, StoreError, WriterLock, connect
from harness.store.episodes import (
    API_CALL_COLUMNS,
    EPISODE_COLUMNS,
    STEP_COLUMNS,
    api_call_rows,
    content_hash,
    episode_row,
    step_rows,
)
from harness.store.schema import migrate
from harness.types.trajectory import Trajectory


class EpisodeOutcome(StrEnum):
    """What ``add_episode`` did."""

    ADDED = "added"
    UNCHANGED = "unchanged"  # the same episode was stored before


class EpisodeConflict(StoreError):
    """The run already holds a different episode for this query."""


class StoreWriter:
    """Writes runs and episodes. Holds the file only for the length of each transaction, so readers
    get in between; holds the writer lock for its whole life, so no second writer does."""

    def __init__(self, path: Path, wait_s: float = WRITER_WAIT_S) -> None:
        self.path = path
        self.wait_s = wait_s
        self._lock = WriterLock(path)
        self._lock.acquire()
        try:
            conn = connect(self.path, read_only=False, wait_s=self.wait_s)
            try:
                migrate(conn)
            finally:
                conn.close()
        except BaseException:
            self._lock.release()
            raise

    def close(self) -> None:
        """Give up the writer lock."""
        self._lock.release()

    def __enter__(self) -> StoreWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """A connection inside one transaction, committed on success and rolled back on error."""
        conn = connect(self.path, read_only=False, wait_s=self.wait_s)
        try:
            conn.execute("BEGIN TRANSACTION")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            conn.close()

    def ensure_run(
        self,
        run_id: str,
        name: str,
        source: str,
        spec: dict[str, Any],
        harness_version: str,
        git_commit: str | None = None,
    ) -> None:
        """Create the run, or check that an existing run of that name is the same run."""
        with self.transaction() as conn:
            row = conn.execute("SELECT run_id FROM runs WHERE name = ?", [name]).fetchone()
            if row is not None:
                if row[0] != run_id:
                    raise StoreError(
                        f"a different run is already named {name!r} (run id {row[0]}); choose another --name"
                    )
                return
            conn.execute(
                "INSERT INTO runs (run_id, name, source, spec, harness_version, git_commit) VALUES (?, ?, ?, ?, ?, ?)",
                [run_id, name, source, json.dumps(spec, sort_keys=True), harness_version, git_commit],
            )

    def add_episode(
        self, run_id: str, traj: Trajectory, group: str | None = None, source_file: str | None = None
    ) -> EpisodeOutcome:
        """Store one finished episode with its steps and calls, all or nothing."""
        digest = content_hash(traj)
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT content_hash, source_file FROM episodes WHERE run_id = ? AND query_id = ?",
                [run_id, traj.query_id],
            ).fetchone()
            if row is not None:
                if row[0] == digest:
                    return EpisodeOutcome.UNCHANGED
                raise EpisodeConflict(
                    f"query {traj.query_id} is already in this run with a different trajectory "
                    f"(from {row[1] or 'an earlier write'}); import into a new --name"
                )
            conn.execute(
                f"INSERT INTO episodes ({EPISODE_COLUMNS}) VALUES ({', '.join('?' * 17)})",
                list(episode_row(run_id, traj, group, source_file)),
            )
            steps = step_rows(run_id, traj)
            if steps:
                conn.executemany(f"INSERT INTO steps ({STEP_COLUMNS}) VALUES ({', '.join('?' * 13)})", steps)
            calls = api_call_rows(run_id, traj)
            if calls:
                conn.executemany(f"INSERT INTO api_calls ({API_CALL_COLUMNS}) VALUES ({', '.join('?' * 12)})", calls)
        return EpisodeOutcome.ADDED
