"""The results database: one DuckDB file holding runs, episodes, steps, calls, judgments, scores.

The names below are loaded on first use (PEP 562): importing one light module of the store (say
``harness.store.connection`` for ``harness scores``) must not import the writer and the core types.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from harness.store.connection import StoreError, default_db_path
    from harness.store.reader import list_runs, load_trajectories, run_summary
    from harness.store.writer import EpisodeConflict, EpisodeOutcome, StoreWriter

_HOMES = {
    "StoreError": "harness.store.connection",
    "default_db_path": "harness.store.connection",
    "list_runs": "harness.store.reader",
    "load_trajectories": "harness.store.reader",
    "run_summary": "harness.store.reader",
    "EpisodeConflict": "harness.store.writer",
    "EpisodeOutcome": "harness.store.writer",
    "StoreWriter": "harness.store.writer",
}

__all__ = [
    "EpisodeConflict",
    "EpisodeOutcome",
    "StoreError",
    "StoreWriter",
    "default_db_path",
    "list_runs",
    "load_trajectories",
    "run_summary",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value
