"""Per-episode seeds: the same for an episode whatever the concurrency or the order of completion."""

from __future__ import annotations

import hashlib


def episode_seed(run_seed: int, group: str, query_id: str) -> int:
    """A 31-bit seed derived from the run's seed and the episode's key."""
    digest = hashlib.sha256(f"{run_seed}:{group}:{query_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF
