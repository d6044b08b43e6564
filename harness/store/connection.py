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


_DAMAGED_FIX = "the file is damaged; restore it from a copy (nothing was written to it)"
# What the machine did to the file, by words DuckDB and the OS use for it, and what the user can do.
# Checked in order: a full disk can also mention the WAL file, a damaged file also says "IO Error".
_ENVIRONMENT = (
    (("no space left on device", "disk quota exceeded"), "the disk is full; free some space and run it again"),
    (
        ("read-only file system", "permission denied", "operation not permitted"),
        "the folder or file is not writable; choose a writable folder with --db",
    ),
    (
        ("corrupt database file", "checksum", "database file is damaged"),
        _DAMAGED_FIX,
    ),
    (
        ("not a valid duckdb database file",),
        "it is not a results database, or it is damaged; pass another --db, or restore it from a copy",
    ),
    (
        ("database has been invalidated", "database is invalidated"),
        "the database stopped after an earlier error on this file; run it again once the cause is fixed",
    ),
)


def environment_error(exc: BaseException, path: Path, doing: str) -> StoreError | None:
    """The one-line ``StoreError`` for a failure the machine caused (full disk, read-only folder,
    damaged file), naming the file, DuckDB's or the OS's own words, and the fix; None for any other
    error, which is a bug and should stay loud."""
    text = str(exc).strip()
    if isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror
    lowered = text.lower()
    for words, fix in _ENVIRONMENT:
        if any(word in lowered for word in words):
            cause = _cause(text)
            return StoreError(f"cannot {doing} {path}: {cause}; {fix}")
    return None


def _cause(text: str) -> str:
    """DuckDB's first line without its error-class prefix and the huge numbers of a checksum error."""
    first = text.splitlines()[0] if text else "unknown error"
    for prefix in ("IO Error: ", "TransactionContext Error: ", "FATAL Error: ", "Invalid Input Error: "):
        first = first.removeprefix(prefix)
    if "checksum" in first.lower():
        location = first.rsplit(" in block at location ", 1)
        where = f" (block at byte {location[1]})" if len(location) == 2 else ""
        return f"checksum mismatch{where}"
    return first


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
            role = "read" if read_only else "write"
            known = environment_error(exc, path, role)
            if known is not None:
                raise known from exc
            if not _is_lock_conflict(exc) or time.monotonic() >= deadline:
                raise StoreError(f"cannot open {path} to {role}: {str(exc).splitlines()[0]}") from exc
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.5)
        except duckdb.Error as exc:
            # A damaged file fails as a plain duckdb.Error ("Corrupt database file: ... checksum").
            known = environment_error(exc, path, "open")
            if known is None:
                raise
            raise known from exc


def check_version(conn: Any, path: Path) -> int:
    """The file's schema version; a one-line ``StoreError`` when a newer harness made it, so that
    neither a reader nor a writer misreads (or damages) tables it does not know."""
    from harness.store.schema import SCHEMA_VERSION, current_version

    version = current_version(conn)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was made by a newer harness (schema {version} > {SCHEMA_VERSION}, the newest this one knows); "
            "upgrade the harness (pip install -U toolharness) or use another --db"
        )
    return version


def verify_readable(conn: Any, path: Path) -> None:
    """Check that every block of the file is intact, so that damage is found before anything is
    written; a one-line ``StoreError`` naming the damaged block when it is not. DuckDB checks a
    block's checksum only when a query reads it, so this checks them all (``harness.store.integrity``);
    where that check cannot run, every stored value of every table is read instead, which covers the
    data blocks. A writer does this once when it opens the file."""
    from harness.store.integrity import UNCHECKED, damaged_block

    (block_size,) = conn.execute("SELECT block_size FROM pragma_database_size()").fetchone()
    offset = damaged_block(path, int(block_size))
    if offset is None:
        return
    if offset != UNCHECKED:
        raise StoreError(f"cannot use {path}: checksum mismatch (block at byte {offset}); {_DAMAGED_FIX}")
    tables = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'"
    ).fetchall()
    for (table,) in tables:
        # Hashing every column forces every data block of the table to be read and checked.
        conn.execute(f'SELECT count(*), bit_xor(hash(COLUMNS(*))) FROM "{table}"').fetchall()


class WriterLock:
    """An exclusive advisory lock on ``<db>.writer.lock`` for the life of one writer."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.path = db_path.with_name(db_path.name + ".writer.lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            handle = self.path.open("a+")
        except OSError as exc:
            known = environment_error(exc, self.db_path, "write")
            reason = exc.strerror or str(exc)
            raise known or StoreError(f"cannot write beside {self.db_path}: {reason}") from exc
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
    older than the tables the views read is read without them."""
    from harness.store.schema import SCHEMA_VERSION, current_version
    from harness.store.views import VIEWS_SCHEMA

    if VIEWS_SCHEMA <= current_version(conn) <= SCHEMA_VERSION:
        from harness.store.views import install_views

        install_views(conn, temporary=True)


@contextmanager
def read_connection(path: Path, wait_s: float = READER_WAIT_S) -> Iterator[Any]:
    """A short-lived read-only connection; a missing file is a clear error, not a new file."""
    if not path.exists():
        raise StoreError(f"no database at {path}; import or run something first, or pass --db")
    conn = connect(path, read_only=True, wait_s=wait_s)
    try:
        try:
            check_version(conn, path)
            _with_views(conn)
            yield conn
        except (duckdb_error(), OSError) as exc:
            known = environment_error(exc, path, "read")
            if known is None:
                raise
            raise known from exc
    finally:
        conn.close()


def duckdb_error() -> type[Exception]:
    """``duckdb.Error``, imported when a database is used (the CLI starts faster without it)."""
    import duckdb

    error: type[Exception] = duckdb.Error
    return error
