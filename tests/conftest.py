"""Shared fixtures. Real ToolBench/StableToolBench files are read from ../shared/data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("HARNESS_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(autouse=True)
def _user_task_folders_stay_in_their_test() -> Iterator[None]:
    """``--tasks-dir`` puts folders in ``$HARNESS_TASKS_PATH`` for the whole process (and the workers
    it starts); a CLI test run in-process must not hand them on to the next test."""
    before = os.environ.get("HARNESS_TASKS_PATH")
    yield
    if before is None:
        os.environ.pop("HARNESS_TASKS_PATH", None)
    else:
        os.environ["HARNESS_TASKS_PATH"] = before


def require_shared_data() -> Path:
    """The shared data folder; skip when it is absent, but fail under CI."""
    if not SHARED_DATA.is_dir():
        message = f"real ToolBench data not found at {SHARED_DATA}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: conformance tests must run)")
        pytest.skip(message)
    return SHARED_DATA


@pytest.fixture
def shared_data() -> Path:
    return require_shared_data()


def answer_files() -> list[Path]:
    """Every real answer file (ToolBench and StableToolBench data_example)."""
    if not SHARED_DATA.is_dir():
        return []
    return sorted(SHARED_DATA.glob("*/data_example/answer/**/*.json"))


def query_files() -> list[Path]:
    """Every real query file."""
    if not SHARED_DATA.is_dir():
        return []
    return sorted(
        [
            *SHARED_DATA.glob("toolbench/data_example/instruction/*.json"),
            *SHARED_DATA.glob("stabletoolbench/solvable_queries/test_instruction/*.json"),
        ]
    )


def converted_files() -> list[Path]:
    if not SHARED_DATA.is_dir():
        return []
    return sorted(SHARED_DATA.glob("stabletoolbench/data_example/model_predictions_converted/*/*.json"))


def released_prediction_files() -> list[Path]:
    """ToolBench's released predictions, written by its older converter (string steps cut to 100)."""
    if not SHARED_DATA.is_dir():
        return []
    return sorted(SHARED_DATA.glob("toolbench/default_evalset/*/*.json"))


def ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(SHARED_DATA)) for p in paths]


def data_params(paths: list[Path]) -> list[object]:
    """Parametrize over real files; one placeholder that skips/fails when the data is absent."""
    if paths:
        return [pytest.param(p, id=i) for p, i in zip(paths, ids(paths), strict=True)]
    return [pytest.param(None, id="no-shared-data")]


def need(path: Path | None) -> Path:
    if path is None:
        require_shared_data()
        pytest.fail("shared data present but no files matched")
    return path
