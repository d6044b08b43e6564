"""Fixtures for the tool-execution tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.envs.catalog import write_catalog


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    """The test catalog's tools folder."""
    return write_catalog(tmp_path)
