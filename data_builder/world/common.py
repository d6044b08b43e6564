"""Seeded helpers shared by the world generators.

Every table draws from its own ``random.Random(f"{seed}:{table}")`` (string seeds are hashed with
SHA-512 by ``random``, so they are stable across processes and Python builds); adding a table never
changes another one.
"""

from __future__ import annotations

import math
import random
import string
from datetime import date, timedelta
from typing import Any

from data_builder.world.words import FIRST_NAMES, LAST_NAMES

TODAY = date(2025, 6, 15)  # the world's "today": current weather, open fixtures and "upcoming" hang off it
Table = list[dict[str, Any]]


class Ids:
    """Unique opaque ids of one shape (e.g. ``H`` + 6 digits), drawn from a table's RNG."""

    def __init__(self, rng: random.Random, prefix: str, digits: int = 6, alphabet: str = string.digits) -> None:
        self.rng, self.prefix, self.digits, self.alphabet = rng, prefix, digits, alphabet
        self.used: set[str] = set()

    def new(self) -> str:
        while True:
            value = self.prefix + "".join(self.rng.choice(self.alphabet) for _ in range(self.digits))
            if value not in self.used:
                self.used.add(value)
                return value


def table_rng(seed: int, name: str) -> random.Random:
    """The RNG of one table."""
    return random.Random(f"{seed}:{name}")


def person_name(rng: random.Random, used: set[str] | None = None) -> str:
    """A first and last name, unique within ``used`` when given."""
    while True:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if used is None or name not in used:
            if used is not None:
                used.add(name)
            return name


def unique(rng: random.Random, make: Any, used: set[str]) -> str:
    """Call ``make(rng)`` until it gives a value not in ``used``."""
    while True:
        value = make(rng)
        if value not in used:
            used.add(value)
            return str(value)


def day(offset: int) -> str:
    """ISO date ``offset`` days from the world's today."""
    return (TODAY + timedelta(days=offset)).isoformat()


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def slug(text: str) -> str:
    """Lower-case words joined by hyphens (for domains, usernames and urls)."""
    kept = "".join(c.lower() if c.isalnum() else " " for c in text)
    return "-".join(kept.split())
