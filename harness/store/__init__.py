"""The results database: one DuckDB file holding runs, episodes, steps, calls, judgments, scores."""

from harness.store.connection import StoreError, default_db_path
from harness.store.reader import list_runs, load_trajectories, run_summary
from harness.store.writer import EpisodeConflict, EpisodeOutcome, StoreWriter

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
