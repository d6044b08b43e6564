"""Retriever tests keep their index cache in a temporary folder, never in the user's ~/.cache."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_index_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "index-cache"
    monkeypatch.setenv("HARNESS_RETRIEVER_CACHE", str(cache))
    return cache
