"""Opening the DuckDB file so that one writer and any number of readers get along.

DuckDB lets one process hold a file read-write, and while it does, no other process can open it at
all. So the writer holds a connection only for the length of one transaction, and readers (the
leaderboard, ``harness show``) open read-only connections just long enough for a query. Either side
that finds the file locked waits a little and tries again. A second writer process is turned away at
once by an advisory lock beside the file, with a message saying which process holds it.
"""

from __future__ import annotations

import fcntl
import os
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

WRITER_WAIT_S = 120.0
READER_WAIT_S = 30.0


class StoreError(RuntimeError):
    """A database problem the user can act on; the message says what to do."""


def default_db_path(explicit: str | Path | None = None) -> Path:
    """``--db`` if given, else ``$HARNESS_DB``, else ``./harness.duckdb``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("HARNESS_DB")
    return Path(env) if env else Path("harness.duckdb")


def _is_lock_conflict(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text or "different configuration" in text


def connect(path: Path, *, read_only: bool, wait_s: float) -> Any:
    """A DuckDB connection, retried with jittered backoff while another process holds the file."""
    import duckdb

    deadline = time.monotonic() + wait_s
    delay = 0.01
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not _is_lock_conflict(exc) or time.monotonic() >= deadline:
                role = "read" if read_only else "write"
                raise StoreError(f"cannot open {path} to {role}: {str(exc).splitlines()[0]}") from exc
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.5)


class WriterLock:
    """An exclusive advisory lock on ``<db>.writer.lock`` for the life of one writer."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.path = db_path.with_name(db_path.name + ".writer.lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise StoreError(
                f"{self.db_path} is being written by {holder}; wait for it to finish or use another --db"
            ) from exc
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def _with_views(conn: Any) -> None:
    """Give a read-only connection this harness's views (``harness.store.views``), as temporary views:
    the file may have been written by a harness without them, and a read-only file takes no DDL. A file
    whose tables are not at this harness's schema version is read without views."""
    from harness.store.schema import SCHEMA_VERSION, current_version
    from harness.store.views import install_views

    if current_version(conn) == SCHEMA_VERSION:
        install_views(conn, temporary=True)


@contextmanager
def read_connection(path: Path, wait_s: float = READER_WAIT_S) -> Iterator[Any]:
    """A short-lived read-only connection; a missing file is a clear error, not a new file."""
    if not path.exists():
        raise StoreError(f"no database at {path}; import or run something first, or pass --db")
    conn = connect(path, read_only=True, wait_s=wait_s)
    try:
        _with_views(conn)
        yield conn
    finally:
        conn.close()
