"""One prepared results world per session: two judged runs on a small sandbox suite, plus the
repository's reported submissions; tests that write get their own copy."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.submissions.ingest import ingest_submissions
from tests.leaderboard.world import REPO, gold_follower, judge_by_rule, make_run, write_suite

REPORTED = REPO / "submissions"
PER_GROUP = 12


@dataclass(frozen=True)
class World:
    """Where the prepared world lives."""

    root: Path
    tasks: Path  # a task registry: the mini suite plus the registered toolbench/stabletoolbench tasks
    db: Path  # runs `gold` and `sloppy`, judged by rule, and the reported submissions
    task_names: list[str]


def task_registry(root: Path) -> tuple[Path, list[str]]:
    """A registry with the mini suite and copies of the real third-party task definitions."""
    tasks = root / "tasks"
    names = write_suite(tasks, per_group=PER_GROUP)
    for suite in ("toolbench", "stabletoolbench"):
        shutil.copytree(REPO / "tasks" / suite, tasks / suite)
    return tasks, names


def sloppy(query_id: str) -> bool:
    """The sloppy agent gets every other query wrong."""
    return int(query_id) % 2 == 0


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("world")
    with pytest.MonkeyPatch.context() as patch:
        tasks, names = task_registry(root)
        patch.setenv("HARNESS_TASKS_DIR", str(tasks))
        db = root / "world.duckdb"
        make_run(db, "gold", names, gold_follower(), model="gold-follower")
        make_run(db, "sloppy", names, gold_follower(wrong=sloppy), model="sloppy-agent", strategy="dfsdt")
        judge_by_rule(db, "gold")
        judge_by_rule(db, "sloppy")
        results = ingest_submissions([REPORTED], db)
        assert all(r.outcome.value == "added" for r in results), [(r.folder, r.problems) for r in results]
    return World(root, tasks, db, names)


@pytest.fixture
def registry(world: World, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The world's task registry for this test."""
    monkeypatch.setenv("HARNESS_TASKS_DIR", str(world.tasks))
    return world.tasks


@pytest.fixture
def world_db(world: World, tmp_path: Path) -> Path:
    """A private copy of the world's database."""
    target = tmp_path / "copy.duckdb"
    shutil.copyfile(world.db, target)
    return target
