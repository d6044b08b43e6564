"""The single writer of a results database."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
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
from harness.store.episodes import Row, api_call_rows, content_hash, episode_row, llm_call_rows, step_rows
from harness.store.schema import SchemaError, migrate
from harness.store.views import install_views
from harness.types.trajectory import Trajectory

# Inside a batch, the writer closes the file at least this often so that readers get a turn.
BATCH_HOLD_S = 0.5


class EpisodeOutcome(StrEnum):
    """What ``add_episode`` did."""

    ADDED = "added"
    UNCHANGED = "unchanged"  # the same episode was stored before
    REPLACED = "replaced"  # an earlier attempt was moved to episode_attempts (--retry-errors)


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
            return _replace_episode(conn, run_id, traj, group or "", log_requests)

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
            return _add_episode(conn, run_id, traj, group or "", source_file, log_requests)

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
                return _store_batch(conn, run_id, finished, log_requests)
        except EpisodeConflict:
            if len(finished) == 1:
                raise
        outcomes = []
        for item in finished:
            with self.transaction() as conn:
                outcomes.extend(_store_batch(conn, run_id, [item], log_requests))
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
                _insert_rows(conn, table, table_rows)
        return len(rows["episodes"])


# (group, trajectory, whether it replaces a stored attempt of the same query): one episode a run finished.
FinishedEpisode = tuple[str, Trajectory, bool]


def _store_batch(conn: Any, run_id: str, finished: list[FinishedEpisode], log_requests: bool) -> list[EpisodeOutcome]:
    """``finished`` on an open transaction. New episodes go in with one multi-row statement per
    table for the whole batch: a DuckDB statement costs far more than its rows."""
    stored: dict[tuple[str, str], tuple[str, str | None]] = {}
    fresh = [(group, traj) for group, traj, replace in finished if not replace]
    if fresh:
        marks = ", ".join("(?, ?)" for _ in fresh)
        rows = conn.execute(
            f"""SELECT group_name, query_id, content_hash, source_file FROM episodes
                WHERE run_id = ? AND (group_name, query_id) IN ({marks})""",
            [run_id, *(part for group, traj in fresh for part in (group, traj.query_id))],
        ).fetchall()
        stored = {(str(g), str(q)): (str(h), f) for g, q, h, f in rows}
    outcomes: list[EpisodeOutcome] = []
    tables: dict[str, list[Row]] = {"episodes": [], "steps": [], "api_calls": [], "llm_calls": []}
    for group, traj, replace in finished:
        if replace:
            outcomes.append(_replace_episode(conn, run_id, traj, group, log_requests))
            continue
        known = stored.get((group, traj.query_id))
        if known is not None:
            if known[0] != content_hash(traj):
                raise _conflict(group, traj, known[1])
            outcomes.append(EpisodeOutcome.UNCHANGED)
            continue
        stored[(group, traj.query_id)] = (content_hash(traj), None)
        tables["episodes"].append(episode_row(run_id, group, traj, None))
        tables["steps"].extend(step_rows(run_id, group, traj))
        tables["api_calls"].extend(api_call_rows(run_id, group, traj))
        tables["llm_calls"].extend(llm_call_rows(run_id, group, traj, bodies=log_requests))
        outcomes.append(EpisodeOutcome.ADDED)
    for table, table_rows in tables.items():
        _insert_rows(conn, table, table_rows)
    return outcomes


def _conflict(group: str, traj: Trajectory, source_file: str | None) -> EpisodeConflict:
    where = f"{group}/{traj.query_id}" if group else traj.query_id
    return EpisodeConflict(
        f"query {where} is already in this run with a different trajectory "
        f"(from {source_file or 'an earlier write'}); import into a new --name"
    )


def _replace_episode(conn: Any, run_id: str, traj: Trajectory, group: str, log_requests: bool) -> EpisodeOutcome:
    key = [run_id, group, traj.query_id]
    where = "run_id = ? AND group_name = ? AND query_id = ?"
    if conn.execute(f"SELECT count(*) FROM episodes WHERE {where}", key).fetchone()[0] == 0:
        outcome = EpisodeOutcome.ADDED
    else:
        outcome = EpisodeOutcome.REPLACED
        conn.execute(
            f"""INSERT INTO episode_attempts (run_id, group_name, query_id, attempt, finish_type, llm_calls,
                    total_tokens, cost_usd, wall_time_s, error, content_hash, trajectory, created_at)
                SELECT run_id, group_name, query_id,
                       (SELECT count(*) + 1 FROM episode_attempts WHERE {where}),
                       finish_type, llm_calls, total_tokens, cost_usd, wall_time_s, error, content_hash,
                       trajectory, created_at
                FROM episodes WHERE {where}""",
            key + key,
        )
        for table in ("steps", "api_calls", "llm_calls", "judgments", "episodes"):
            conn.execute(f"DELETE FROM {table} WHERE {where}", key)
        # Votes of other runs that compared themselves with the old attempt are stale too.
        conn.execute("DELETE FROM judgments WHERE reference_run_id = ? AND group_name = ? AND query_id = ?", key)
        conn.execute("DELETE FROM scores WHERE run_id = ? OR reference_run_id = ?", [run_id, run_id])
    _insert_episode(conn, run_id, group, traj, None, log_requests)
    return outcome


def _add_episode(
    conn: Any, run_id: str, traj: Trajectory, group: str, source_file: str | None, log_requests: bool
) -> EpisodeOutcome:
    digest = content_hash(traj)
    row = conn.execute(
        "SELECT content_hash, source_file FROM episodes WHERE run_id = ? AND group_name = ? AND query_id = ?",
        [run_id, group, traj.query_id],
    ).fetchone()
    if row is not None:
        if row[0] == digest:
            return EpisodeOutcome.UNCHANGED
        raise _conflict(group, traj, row[1])
    _insert_episode(conn, run_id, group, traj, source_file, log_requests)
    return EpisodeOutcome.ADDED


def _insert_episode(
    conn: Any, run_id: str, group: str, traj: Trajectory, source_file: str | None, log_requests: bool
) -> None:
    _insert_rows(conn, "episodes", [episode_row(run_id, group, traj, source_file)])
    _insert_rows(conn, "steps", step_rows(run_id, group, traj))
    _insert_rows(conn, "api_calls", api_call_rows(run_id, group, traj))
    _insert_rows(conn, "llm_calls", llm_call_rows(run_id, group, traj, bodies=log_requests))


def _insert_rows(conn: Any, table: str, rows: list[Row]) -> None:
    """Insert rows (all with the same keys) in one statement that takes one list per column and
    unnests them side by side. DuckDB binds each statement parameter separately and slowly, so a
    multi-row VALUES statement cost about 3 ms per row of 14 columns; a list per column is converted
    in one go (15 times faster at 200 rows). Each list is cast to its column's type, so a column whose
    values are all None, or mix ints and floats, still inserts as declared."""
    if not rows:
        return
    columns = list(rows[0])
    types = _column_types(conn, table)
    selected = ", ".join(f"unnest(CAST(? AS {types[c]}[]))" for c in columns)
    conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {selected}",
        [[row[c] for row in rows] for c in columns],
    )


_TYPES: dict[tuple[int, str], dict[str, str]] = {}


def _column_types(conn: Any, table: str) -> dict[str, str]:
    """The declared type of each column of ``table`` (read once per connection)."""
    key = (id(conn), table)
    found = _TYPES.get(key)
    if found is None:
        rows = conn.execute(
            """SELECT column_name, data_type FROM information_schema.columns
               WHERE table_name = ? AND table_schema = 'main'""",
            [table],
        ).fetchall()
        found = {str(name): str(kind) for name, kind in rows}
        if len(_TYPES) > 256:
            _TYPES.clear()
        _TYPES[key] = found
    return found
