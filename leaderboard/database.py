"""Which results database the site reads, and when it last changed. No Streamlit here: the plain
front page (``leaderboard.front``) and the Streamlit pages (``leaderboard.state``) both ask.

The database is ``--db PATH`` after ``--`` on the streamlit command line, else ``$HARNESS_DB``, else
``./harness.duckdb``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harness.store.connection import default_db_path


def db_path() -> Path:
    """The database named on the command line or in the environment."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db", default=None)
    known, _ = parser.parse_known_args(sys.argv[1:])
    return default_db_path(known.db)


def stamp_of(db: Path) -> float:
    """When ``db`` last changed (0 when it is missing): a cache key for anything drawn from its contents.
    DuckDB may keep recent writes in a .wal file beside the database until a checkpoint: that counts too."""
    stamps = [p.stat().st_mtime for p in (db, db.with_name(db.name + ".wal")) if p.exists()]
    return max(stamps, default=0.0)
