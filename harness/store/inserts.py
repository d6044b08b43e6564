"""Writing episodes on an open transaction: one at a time (imports, --retry-errors) or a run's batch.

Rows go in with one statement per table, each column passed as one list (``insert_rows``), since
DuckDB binds statement parameters one by one and slowly.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from harness.store.connection import StoreError
from harness.store.episodes import Row, api_call_rows, content_hash, episode_row, llm_call_rows, step_rows
from harness.types.trajectory import Trajectory


class EpisodeOutcome(StrEnum):
    """What ``add_episode`` did."""

    ADDED = "added"
    UNCHANGED = "unchanged"  # the same episode was stored before
    REPLACED = "replaced"  # an earlier attempt was moved to episode_attempts (--retry-errors)


class EpisodeConflict(StoreError):
    """The run already holds a different episode for this query."""


# (group, trajectory, whether it replaces a stored attempt of the same query): one episode a run finished.
FinishedEpisode = tuple[str, Trajectory, bool]


def store_batch(conn: Any, run_id: str, finished: list[FinishedEpisode], log_requests: bool) -> list[EpisodeOutcome]:
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
            outcomes.append(replace_episode_rows(conn, run_id, traj, group, log_requests))
            continue
        known = stored.get((group, traj.query_id))
        if known is not None:
            if known[0] != content_hash(traj):
                raise _conflict(group, traj, known[1])
            outcomes.append(EpisodeOutcome.UNCHANGED)
            continue
        digest = content_hash(traj)  # serialising the trajectory is the dearest part of its rows
        stored[(group, traj.query_id)] = (digest, None)
        tables["episodes"].append(episode_row(run_id, group, traj, None, digest))
        tables["steps"].extend(step_rows(run_id, group, traj))
        tables["api_calls"].extend(api_call_rows(run_id, group, traj))
        tables["llm_calls"].extend(llm_call_rows(run_id, group, traj, bodies=log_requests))
        outcomes.append(EpisodeOutcome.ADDED)
    for table, table_rows in tables.items():
        insert_rows(conn, table, table_rows)
    return outcomes


def _conflict(group: str, traj: Trajectory, source_file: str | None) -> EpisodeConflict:
    where = f"{group}/{traj.query_id}" if group else traj.query_id
    return EpisodeConflict(
        f"query {where} is already in this run with a different trajectory "
        f"(from {source_file or 'an earlier write'}); import into a new --name"
    )


def replace_episode_rows(conn: Any, run_id: str, traj: Trajectory, group: str, log_requests: bool) -> EpisodeOutcome:
    """A new attempt of an episode in place of the stored one (``StoreWriter.replace_episode``)."""
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


def add_episode_rows(
    conn: Any, run_id: str, traj: Trajectory, group: str, source_file: str | None, log_requests: bool
) -> EpisodeOutcome:
    """One episode, unless the run holds it already (``StoreWriter.add_episode``)."""
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
    insert_rows(conn, "episodes", [episode_row(run_id, group, traj, source_file)])
    insert_rows(conn, "steps", step_rows(run_id, group, traj))
    insert_rows(conn, "api_calls", api_call_rows(run_id, group, traj))
    insert_rows(conn, "llm_calls", llm_call_rows(run_id, group, traj, bodies=log_requests))


def insert_rows(conn: Any, table: str, rows: list[Row]) -> None:
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
