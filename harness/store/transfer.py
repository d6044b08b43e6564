"""Copying whole runs from one results database into another in one transaction (how a staged
submission is ingested: all of it, or nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harness.store.connection import StoreError

# Every table keyed by run, parents first.
RUN_TABLES = ("runs", "episodes", "steps", "api_calls", "judgments", "scores")


def _columns(conn: Any, catalog: str, table: str) -> list[str]:
    rows = conn.execute(
        """SELECT column_name FROM information_schema.columns
           WHERE table_catalog = ? AND table_name = ? ORDER BY ordinal_position""",
        [catalog, table],
    ).fetchall()
    return [str(r[0]) for r in rows]


def _placeholders(values: list[str]) -> str:
    return ", ".join("?" * len(values))


def replace_runs(conn: Any, source: Path, replace: list[str]) -> list[str]:
    """In the caller's transaction on ``conn``: delete runs ``replace`` (and everything keyed by
    them), then copy every run of the database at ``source``. Returns the copied run names.

    A copied run whose name is taken by a run that is not being replaced is an error."""
    if "'" in str(source):
        raise StoreError(f"{source}: a staging path may not contain a quote")
    conn.execute(f"ATTACH '{source}' AS staged (READ_ONLY)")
    try:
        incoming = conn.execute("SELECT run_id, name FROM staged.runs ORDER BY name").fetchall()
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
            columns = [c for c in _columns(conn, "staged", table) if c in set(_columns(conn, main_catalog, table))]
            names = ", ".join(columns)
            conn.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM staged.{table}")
    finally:
        conn.execute("DETACH staged")
    return [str(name) for _, name in incoming]
