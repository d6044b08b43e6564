"""Per-episode seeds: the same for an episode whatever the concurrency or the order of completion."""

from __future__ import annotations

import hashlib


def episode_seed(run_seed: int, group: str, query_id: str, trial: int = 1) -> int:
    """A 31-bit seed derived from the run's seed, its trial and the episode's key. Trial 1 keeps the
    seeds runs had before trials existed; every other trial samples afresh."""
    key = f"{run_seed}:{group}:{query_id}" if trial == 1 else f"{run_seed}:t{trial}:{group}:{query_id}"
    digest = hashlib.sha256(key.encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF
