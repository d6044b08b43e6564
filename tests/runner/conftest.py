"""A throwaway task registry with small query files, for runner tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.toolbench.queries import write_query_file
from tests.strategies.scripted_world import query_with_apis

APIS = ("alpha", "beta")


def make_task(root: Path, group: str, count: int) -> str:
    """Write ``sandboxtest/<group>.yaml`` with ``count`` queries; returns the task name."""
    folder = root / "sandboxtest"
    folder.mkdir(parents=True, exist_ok=True)
    queries = []
    for i in range(count):
        query = query_with_apis(*APIS, text=f"Question number {i} for {group}.")
        queries.append(query.model_copy(update={"query_id": str(100 + i)}))
    write_query_file(queries, folder / f"{group}.json")
    (folder / f"{group}.yaml").write_text(
        json.dumps(
            {
                "name": f"sandboxtest/{group}",
                "group": group,
                "version": "1",
                "source": {"queries": f"{group}.json"},
                "env": {"backend": "local"},
                "judge": "rule",
            }
        )
    )
    return f"sandboxtest/{group}"


@pytest.fixture
def task_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "tasks"
    root.mkdir()
    monkeypatch.setenv("HARNESS_TASKS_DIR", str(root))
    return root
