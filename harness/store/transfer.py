"""Copying whole runs from one results database into another in one transaction (how a staged
submission is ingested: all of it, or nothing)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.store.connection import StoreError

if TYPE_CHECKING:
    from harness.store.writer import StoreWriter

# Every table keyed by run, parents first.
RUN_TABLES = ("runs", "episodes", "episode_attempts", "steps", "api_calls", "llm_calls", "judgments", "scores")


def _columns(conn: Any, catalog: str, table: str) -> list[str]:
    rows = conn.execute(
        """SELECT column_name FROM information_schema.columns
           WHERE table_catalog = ? AND table_name = ? ORDER BY ordinal_position""",
        [catalog, table],
    ).fetchall()
    return [str(r[0]) for r in rows]


def _placeholders(values: list[str]) -> str:
    return ", ".join("?" * len(values))


def replace_runs(writer: StoreWriter, source: Path, replace: list[str]) -> list[str]:
    """In one transaction: delete runs ``replace`` (and everything keyed by them), then copy every run
    of the database at ``source``. Returns the copied run names.

    A copied run whose name is taken by a run that is not being replaced is an error, and nothing
    changes."""
    if "'" in str(source):
        raise StoreError(f"{source}: a staging path may not contain a quote")
    alias = f"staged_{uuid.uuid4().hex[:12]}"
    try:
        with writer.transaction() as conn:
            conn.execute(f"ATTACH '{source}' AS {alias} (READ_ONLY)")
            return _copy(conn, alias, replace)
    finally:
        # A database attached in a transaction can only be detached once that transaction is over.
        with writer.transaction() as conn:
            conn.execute(f"DETACH DATABASE IF EXISTS {alias}")


def _copy(conn: Any, alias: str, replace: list[str]) -> list[str]:
    incoming = conn.execute(f"SELECT run_id, name FROM {alias}.runs ORDER BY name").fetchall()
    for run_id, name in incoming:
        row = conn.execute("SELECT run_id, source FROM runs WHERE name = ?", [name]).fetchone()
        if row is not None and row[0] not in replace and row[0] != run_id:
            raise StoreError(
                f"a run named {name!r} ({row[1]}, run id {row[0]}) is already in the database; "
                "rename the submission or use another --db"
            )
    if replace:
        for table in reversed(RUN_TABLES):
            conn.execute(f"DELETE FROM {table} WHERE run_id IN ({_placeholders(replace)})", replace)
    main_catalog = conn.execute("SELECT current_database()").fetchone()[0]
    for table in RUN_TABLES:
        target = set(_columns(conn, main_catalog, table))
        names = ", ".join(c for c in _columns(conn, alias, table) if c in target)
        conn.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {alias}.{table}")
    return [str(name) for _, name in incoming]
