"""The single writer of a results database."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from harness.store.connection import (
    WRITER_WAIT_S,
    StoreError,
    WriterLock,
    check_version,
    connect,
    duckdb_error,
    environment_error,
    verify_readable,
)
from harness.store.episodes import Row, api_call_rows, episode_row, llm_call_rows, step_rows
from harness.store.inserts import (  # re-exported: callers import these three from the writer
    EpisodeConflict as EpisodeConflict,
)
from harness.store.inserts import (
    EpisodeOutcome as EpisodeOutcome,
)
from harness.store.inserts import (
    FinishedEpisode as FinishedEpisode,
)
from harness.store.inserts import (
    add_episode_rows,
    insert_rows,
    replace_episode_rows,
    store_batch,
)
from harness.store.schema import SchemaError, migrate
from harness.store.views import install_views
from harness.types.trajectory import Trajectory

# Inside a batch, the writer closes the file at least this often so that readers get a turn.
BATCH_HOLD_S = 0.5


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
        # Transactions may come from several threads (a run writes from a worker thread); the guard
        # also keeps the idle closer (below) from closing the file under one.
        self._guard = threading.RLock()
        self._idle_closer: threading.Timer | None = None
        self._lock = WriterLock(path)
        self._lock.acquire()
        try:
            if self.path.exists():
                self._check_before_writing()
            conn = connect(self.path, read_only=False, wait_s=self.wait_s)
            try:
                migrate(conn)
                # Re-created when missing or changed, so a file keeps the views of the harness that wrote it last.
                install_views(conn, temporary=False)
            except SchemaError as exc:
                raise StoreError(f"{self.path}: {exc}") from exc
            except duckdb_error() as exc:
                raise self._environment(exc, "migrate") from exc
            finally:
                conn.close()
        except BaseException:
            self._lock.release()
            raise

    def _check_before_writing(self) -> None:
        """Open the existing file read-only and read all of it: a file from a newer harness or with a
        damaged block is refused before a single byte is written to it."""
        conn = connect(self.path, read_only=True, wait_s=self.wait_s)
        try:
            check_version(conn, self.path)
            verify_readable(conn, self.path)
        except duckdb_error() as exc:
            raise self._environment(exc, "read") from exc
        finally:
            conn.close()

    def _environment(self, exc: Exception, doing: str) -> Exception:
        """The one-line error for a failure the machine caused, else ``exc`` itself (a bug stays loud)."""
        return environment_error(exc, self.path, doing) or exc

    def close(self) -> None:
        """Close the file and give up the writer lock."""
        with self._guard:
            self._cancel_idle_closer()
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
        with self._guard:
            self._batch_depth += 1
        try:
            yield
        finally:
            with self._guard:
                self._batch_depth -= 1
                if self._batch_depth == 0:
                    self._cancel_idle_closer()
                    self._disconnect()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """A connection inside one transaction, committed on success and rolled back on error."""
        with self._guard:
            self._cancel_idle_closer()
            with self._transaction() as conn:
                yield conn

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        if self._conn is None:
            self._conn = connect(self.path, read_only=False, wait_s=self.wait_s)
            self._opened_at = time.monotonic()
        conn = self._conn
        failed = False
        try:
            conn.execute("BEGIN TRANSACTION")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                # After a DuckDB failure the connection may be unusable; a fresh one is opened next time.
                failed = isinstance(exc, duckdb_error())
                self._rollback(conn)
                raise
        except duckdb_error() as exc:
            known = environment_error(exc, self.path, "write")
            if known is None:
                raise
            raise known from exc
        finally:
            if failed or self._batch_depth == 0 or time.monotonic() - self._opened_at >= self.hold_s:
                self._disconnect(after_failure=failed)
            else:
                self._close_when_idle()

    def _close_when_idle(self) -> None:
        """Close the file if no transaction comes within ``hold_s``: a run waiting on a slow episode
        must not keep readers (the leaderboard, ``harness scores``) out for as long as it waits."""
        closer = threading.Timer(self.hold_s, self._close_idle)
        closer.daemon = True
        self._idle_closer = closer
        closer.start()

    def _close_idle(self) -> None:
        with self._guard:
            if self._idle_closer is threading.current_thread():
                self._idle_closer = None
                # A failure here would reach no one; the next transaction opens a fresh connection.
                self._disconnect(after_failure=True)

    def _cancel_idle_closer(self) -> None:
        if self._idle_closer is not None:
            self._idle_closer.cancel()
            self._idle_closer = None

    @staticmethod
    def _rollback(conn: Any) -> None:
        """Roll back after an error. A failed COMMIT (a full disk) has already ended the transaction,
        and the ROLLBACK's own error ("no transaction is active") must not hide the real cause,
        which the caller re-raises."""
        try:
            conn.execute("ROLLBACK")
        except duckdb_error():
            pass

    def _disconnect(self, after_failure: bool = False) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            try:
                conn.close()
            except duckdb_error():
                # Closing after a failed write (a full disk) may fail the same way; the first error
                # is the one the user sees.
                if not after_failure:
                    raise

    def ensure_run(
        self,
        run_id: str,
        name: str,
        source: str,
        spec: dict[str, Any],
        harness_version: str,
        git_commit: str | None = None,
    ) -> str:
        """Create the run, or find it: returns the name the run is stored under, which is an earlier
        name when the same run (the same id) was stored under another name. A name taken by a
        different run is an error naming that run's id."""
        with self.transaction() as conn:
            row = conn.execute("SELECT run_id FROM runs WHERE name = ?", [name]).fetchone()
            if row is not None:
                if row[0] != run_id:
                    raise StoreError(
                        f"a different run is already named {name!r} (run id {row[0]}); choose another --name"
                    )
                return name
            row = conn.execute("SELECT name FROM runs WHERE run_id = ?", [run_id]).fetchone()
            if row is not None:
                return str(row[0])
            conn.execute(
                "INSERT INTO runs (run_id, name, source, spec, harness_version, git_commit) VALUES (?, ?, ?, ?, ?, ?)",
                [run_id, name, source, json.dumps(spec, sort_keys=True), harness_version, git_commit],
            )
        return name

    def episode_keys(self, run_id: str) -> set[tuple[str, str]]:
        """(group, query id) of every episode the run already holds: what a resumed run skips."""
        with self.transaction() as conn:
            rows = conn.execute("SELECT group_name, query_id FROM episodes WHERE run_id = ?", [run_id]).fetchall()
        return {(str(g), str(q)) for g, q in rows}

    def errored_episode_keys(self, run_id: str) -> set[tuple[str, str]]:
        """(group, query id) of the run's episodes stored with an error: what --retry-errors re-runs."""
        with self.transaction() as conn:
            rows = conn.execute(
                "SELECT group_name, query_id FROM episodes WHERE run_id = ? AND error IS NOT NULL", [run_id]
            ).fetchall()
        return {(str(g), str(q)) for g, q in rows}

    def replace_episode(
        self, run_id: str, traj: Trajectory, group: str | None = None, *, log_requests: bool = True
    ) -> EpisodeOutcome:
        """Store a new attempt of an episode, all or nothing: the stored one moves to
        ``episode_attempts``, and the judgments and scores made of it go (they judged another
        trajectory; ``harness eval`` judges the new one). The old attempt's LLM-call log goes with it:
        its trajectory, errors included, is what ``episode_attempts`` keeps."""
        with self.transaction() as conn:
            return replace_episode_rows(conn, run_id, traj, group or "", log_requests)

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
        with self.transaction() as conn:
            return add_episode_rows(conn, run_id, traj, group or "", source_file, log_requests)

    def add_finished(
        self, run_id: str, finished: list[FinishedEpisode], *, log_requests: bool = True
    ) -> list[EpisodeOutcome]:
        """Store a batch of finished episodes of a run in one transaction (one commit, one WAL sync):
        all of them or, when the machine stops mid-way, none, so that a resumed run solves the lost
        batch again and stores nothing twice. An episode that conflicts with a stored one fails the
        batch's transaction; the batch is then written episode by episode, so that only that
        episode's error is raised and the others are kept."""
        try:
            with self.transaction() as conn:
                return store_batch(conn, run_id, finished, log_requests)
        except EpisodeConflict:
            if len(finished) == 1:
                raise
        outcomes = []
        for item in finished:
            with self.transaction() as conn:
                outcomes.extend(store_batch(conn, run_id, [item], log_requests))
        return outcomes

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
                insert_rows(conn, table, table_rows)
        return len(rows["episodes"])
