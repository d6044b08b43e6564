"""The single writer of a results database."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

from harness.store.connection import WRITER_WAIT_S, StoreError, WriterLock, connect
from harness.store.episodes import Row, api_call_rows, content_hash, episode_row, llm_call_rows, step_rows
from harness.store.schema import migrate
from harness.store.views import install_views
from harness.types.trajectory import Trajectory

# Inside a batch, the writer closes the file at least this often so that readers get a turn.
BATCH_HOLD_S = 0.5


class EpisodeOutcome(StrEnum):
    """What ``add_episode`` did."""

    ADDED = "added"
    UNCHANGED = "unchanged"  # the same episode was stored before


class EpisodeConflict(StoreError):
    """The run already holds a different episode for this query."""


class StoreWriter:
    """Writes runs and episodes. Holds the file only for the length of each transaction (inside
    ``batch()``, for at most ``hold_s`` at a time), so readers get in between; holds the writer lock
    for its whole life, so no second writer does."""

    def __init__(self, path: Path, wait_s: float = WRITER_WAIT_S, hold_s: float = BATCH_HOLD_S) -> None:
        self.path = path
        self.wait_s = wait_s
        self.hold_s = hold_s
        self._conn: Any = None
        self._opened_at = 0.0
        self._batch_depth = 0
        self._lock = WriterLock(path)
        self._lock.acquire()
        try:
            conn = connect(self.path, read_only=False, wait_s=self.wait_s)
            try:
                migrate(conn)
                # Re-created when missing or changed, so a file keeps the views of the harness that wrote it last.
                install_views(conn, temporary=False)
            finally:
                conn.close()
        except BaseException:
            self._lock.release()
            raise

    def close(self) -> None:
        """Close the file and give up the writer lock."""
        self._disconnect()
        self._lock.release()

    def __enter__(self) -> StoreWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Keep the file open across many transactions (a bulk import), still letting readers in
        every ``hold_s`` seconds. Opening a DuckDB file costs far more than a small transaction."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                self._disconnect()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """A connection inside one transaction, committed on success and rolled back on error."""
        if self._conn is None:
            self._conn = connect(self.path, read_only=False, wait_s=self.wait_s)
            self._opened_at = time.monotonic()
        conn = self._conn
        try:
            conn.execute("BEGIN TRANSACTION")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            if self._batch_depth == 0 or time.monotonic() - self._opened_at >= self.hold_s:
                self._disconnect()

    def _disconnect(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

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

    def episode_keys(self, run_id: str) -> set[tuple[str, str]]:
        """(group, query id) of every episode the run already holds: what a resumed run skips."""
        with self.transaction() as conn:
            rows = conn.execute("SELECT group_name, query_id FROM episodes WHERE run_id = ?", [run_id]).fetchall()
        return {(str(g), str(q)) for g, q in rows}

    def add_episode(
        self,
        run_id: str,
        traj: Trajectory,
        group: str | None = None,
        source_file: str | None = None,
        *,
        log_requests: bool = True,
    ) -> EpisodeOutcome:
        """Store one finished episode with its steps, its API calls and its LLM calls, all or nothing.
        ``log_requests=False`` stores the LLM calls without their request and response bodies."""
        group = group or ""
        digest = content_hash(traj)
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT content_hash, source_file FROM episodes WHERE run_id = ? AND group_name = ? AND query_id = ?",
                [run_id, group, traj.query_id],
            ).fetchone()
            if row is not None:
                if row[0] == digest:
                    return EpisodeOutcome.UNCHANGED
                where = f"{group}/{traj.query_id}" if group else traj.query_id
                raise EpisodeConflict(
                    f"query {where} is already in this run with a different trajectory "
                    f"(from {row[1] or 'an earlier write'}); import into a new --name"
                )
            _insert_rows(conn, "episodes", [episode_row(run_id, group, traj, source_file)])
            _insert_rows(conn, "steps", step_rows(run_id, group, traj))
            _insert_rows(conn, "api_calls", api_call_rows(run_id, group, traj))
            _insert_rows(conn, "llm_calls", llm_call_rows(run_id, group, traj, bodies=log_requests))
        return EpisodeOutcome.ADDED

    def add_new_episodes(self, run_id: str, episodes: Iterable[tuple[str | None, Trajectory, str | None]]) -> int:
        """Store many episodes of a run that holds none of them yet, in one transaction: all or none.
        Each item is (group, trajectory, source file). Far faster than ``add_episode`` one by one,
        for loading a whole run at once (a submission)."""
        rows: dict[str, list[Row]] = {"episodes": [], "steps": [], "api_calls": [], "llm_calls": []}
        keys = set()
        for group, traj, source_file in episodes:
            keys.add((group or "", traj.query_id))
            rows["episodes"].append(episode_row(run_id, group or "", traj, source_file))
            rows["steps"].extend(step_rows(run_id, group or "", traj))
            rows["api_calls"].extend(api_call_rows(run_id, group or "", traj))
            rows["llm_calls"].extend(llm_call_rows(run_id, group or "", traj))
        with self.transaction() as conn:
            stored = conn.execute("SELECT group_name, query_id FROM episodes WHERE run_id = ?", [run_id]).fetchall()
            clash = keys & {(str(g), str(q)) for g, q in stored}
            if clash:
                group, query_id = sorted(clash)[0]
                raise EpisodeConflict(f"query {group}/{query_id} is already stored in run {run_id}")
            for table, table_rows in rows.items():
                _insert_rows(conn, table, table_rows)
        return len(rows["episodes"])


_ROWS_PER_STATEMENT = 500


def _insert_rows(conn: Any, table: str, rows: list[Row]) -> None:
    """Insert rows (all with the same keys) with multi-row statements; DuckDB's executemany runs one
    statement per row, which was most of an episode's write time."""
    if not rows:
        return
    columns = list(rows[0])
    placeholders = "(" + ", ".join("?" * len(columns)) + ")"
    for start in range(0, len(rows), _ROWS_PER_STATEMENT):
        chunk = rows[start : start + _ROWS_PER_STATEMENT]
        values = ", ".join([placeholders] * len(chunk))
        conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values}",
            [row[c] for row in chunk for c in columns],
        )
