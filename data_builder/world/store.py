"""The world as intent templates read it: tables by name with cached indexes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from harness.bundled import bundled_tasks

DEFAULT_WORLD_DIR = bundled_tasks() / "toolenv" / "world"


class World:
    """Read-only access to the world's tables (``meta`` is a dict, every other table a list of records)."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self.tables = tables
        self._indexes: dict[tuple[str, str], dict[Any, dict[str, Any]]] = {}

    def __getitem__(self, name: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.tables[name]
        return rows

    def by(self, name: str, key: str) -> dict[Any, dict[str, Any]]:
        """Table ``name`` keyed by field ``key``."""
        if (name, key) not in self._indexes:
            self._indexes[(name, key)] = {row[key]: row for row in self[name]}
        return self._indexes[(name, key)]

    @property
    def today(self) -> date:
        return date.fromisoformat(self.tables["meta"]["today"])

    def city(self, city_id: str) -> dict[str, Any]:
        return self.by("cities", "id")[city_id]

    def country(self, code: str) -> dict[str, Any]:
        return self.by("countries", "code")[code]


def load_world(path: Path = DEFAULT_WORLD_DIR) -> World:
    """Every ``<table>.json`` in ``path``."""
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: no world folder (regenerate it with python -m data_builder.world)")
    return World({p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(path.glob("*.json"))})
