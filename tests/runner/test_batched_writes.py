"""Finished episodes are written in batches, one transaction each, and a kill loses at most a batch."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness.models.scripted import ScriptedModel
from harness.runner import execute as execute_module
from harness.runner.execute import Totals
from harness.runner.plan import RunRequest, plan_run
from harness.runner.run import execute_plan
from harness.store import inserts as inserts_module
from harness.store.writer import EpisodeConflict, EpisodeOutcome, StoreWriter
from harness.types.trajectory import Trajectory
from tests.runner.conftest import APIS, make_task
from tests.runner.scripted_run import responder
from tests.runner.test_runner import REPO, stored
from tests.strategies.scripted_world import CannedEnv


def test_episodes_finishing_together_share_one_transaction(
    task_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_task(task_root, "G1_instruction", 12)
    batches: list[int] = []
    original = StoreWriter.add_finished

    def recording(self: StoreWriter, run_id: str, finished: list[Any], **kwargs: Any) -> list[EpisodeOutcome]:
        batches.append(len(finished))
        return original(self, run_id, finished, **kwargs)

    monkeypatch.setattr(StoreWriter, "add_finished", recording)
    plan = plan_run(RunRequest(model="scripted", strategy="react", tasks=["sandboxtest/G1_instruction"]))
    totals = Totals()
    model = ScriptedModel(responder=responder)
    db = tmp_path / "batched.duckdb"
    asyncio.run(execute_plan(plan, model, lambda t: CannedEnv(APIS), db, totals, concurrency=12, show_progress=False))
    assert sum(batches) == 12 and len(stored(db)) == 12 and len(totals.stored) == 12
    # Twelve zero-latency episodes finish within one flush interval: far fewer commits than episodes.
    assert len(batches) < 12


def _episode(query_id: str, answer: str) -> Trajectory:
    return Trajectory(query_id=query_id, query=f"q{query_id}", method="CoT@1", final_answer=answer)


def test_a_batch_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "atomic.duckdb"
    with StoreWriter(db) as writer:
        writer.ensure_run("r", "r", "run", {}, "test")
        original = inserts_module.insert_rows

        def failing(conn: Any, table: str, rows: list[Any]) -> None:
            original(conn, table, rows)
            if table == "api_calls":
                raise OSError("the machine stopped mid-batch")

        monkeypatch.setattr(inserts_module, "insert_rows", failing)
        with pytest.raises(OSError, match="mid-batch"):
            writer.add_finished("r", [("G1", _episode("1", "a"), False), ("G1", _episode("2", "b"), False)])
        monkeypatch.setattr(inserts_module, "insert_rows", original)
        assert writer.episode_keys("r") == set()
        outcomes = writer.add_finished("r", [("G1", _episode("1", "a"), False), ("G1", _episode("2", "b"), False)])
        assert outcomes == [EpisodeOutcome.ADDED, EpisodeOutcome.ADDED]
        # The same episodes again change nothing; a different one for a stored query is refused alone.
        again = writer.add_finished("r", [("G1", _episode("1", "a"), False), ("G1", _episode("3", "c"), False)])
        assert again == [EpisodeOutcome.UNCHANGED, EpisodeOutcome.ADDED]
        with pytest.raises(EpisodeConflict, match="G1/2 is already in this run"):
            writer.add_finished("r", [("G1", _episode("4", "d"), False), ("G1", _episode("2", "other"), False)])
        assert writer.episode_keys("r") == {("G1", "1"), ("G1", "2"), ("G1", "3"), ("G1", "4")}


def test_sigkill_mid_batch_loses_at_most_the_batch_and_resume_stores_each_once(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 24)
    command = [sys.executable, "-m", "tests.runner.scripted_run"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    killed_db = tmp_path / "killed.duckdb"
    child = subprocess.Popen(
        [*command, str(killed_db), str(task_root), "0.1", "6"], stdout=subprocess.PIPE, text=True, env=env, cwd=REPO
    )
    assert child.stdout is not None
    reported: set[str] = set()
    for line in child.stdout:
        if line.startswith("stored"):
            reported.add(line.split()[2])
        if len(reported) >= 6:
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    partial = {q for _, q, _ in stored(killed_db)}
    # Everything reported stored is in the file (committed before it was reported); the rest was lost whole.
    assert reported <= partial and len(partial) < 24
    finish = subprocess.run(
        [*command, str(killed_db), str(task_root), "0", "6"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert finish.returncode == 0, finish.stderr
    assert f"skipped {len(partial)}" in finish.stdout
    resumed = stored(killed_db)
    assert len(resumed) == 24 and len({q for _, q, _ in resumed}) == 24


def test_the_last_batch_is_written_as_soon_as_every_episode_is_in(
    task_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Waiting out the flush window after the last episode would only delay the end of the run."""
    make_task(task_root, "G1_instruction", 6)
    monkeypatch.setattr(execute_module, "FLUSH_S", 3600.0)  # a wait the run must not sit out
    plan = plan_run(RunRequest(model="scripted", strategy="react", tasks=["sandboxtest/G1_instruction"]))
    totals = Totals()
    model = ScriptedModel(responder=responder)
    db = tmp_path / "prompt.duckdb"
    running = execute_plan(plan, model, lambda t: CannedEnv(APIS), db, totals, concurrency=6, show_progress=False)
    # The deadline only turns the old hour-long wait into a failure; the run takes well under a second.
    asyncio.run(asyncio.wait_for(running, timeout=60))
    assert len(stored(db)) == 6 and len(totals.stored) == 6


def test_quiet_gc_freezes_and_thins_collections_only_while_the_run_lasts() -> None:
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    with pytest.raises(RuntimeError, match="episode"), execute_module.quiet_gc():
        assert gc.get_freeze_count() > frozen
        assert gc.get_threshold()[0] >= execute_module.GC_YOUNG_THRESHOLD
        raise RuntimeError("an episode failed the run")
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen
