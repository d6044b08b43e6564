"""The runner stores every episode once, resumes after a kill, and survives failing episodes."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from harness.models.scripted import ScriptedModel
from harness.runner.execute import Totals
from harness.runner.plan import RunRequest, parse_assignments, plan_run, request_from_spec
from harness.runner.run import execute_plan
from harness.runner.seeds import episode_seed
from harness.store.reader import load_trajectories
from harness.tasks import TaskError
from harness.types.messages import ToolCall
from harness.types.observation import Observation
from harness.types.query import Query
from tests.runner.conftest import APIS, make_task
from tests.runner.scripted_run import responder
from tests.strategies.scripted_world import CannedEnv

REPO = Path(__file__).resolve().parents[2]


def run(plan, db: Path, env_factory=None, concurrency: int = 4, model=None) -> Totals:  # type: ignore[no-untyped-def]
    totals = Totals()
    model = model or ScriptedModel(responder=responder)
    factory = env_factory or (lambda task: CannedEnv(APIS))
    asyncio.run(execute_plan(plan, model, factory, db, totals, concurrency=concurrency, show_progress=False))
    return totals


def stored(db: Path) -> list[tuple[str, str, str]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute("SELECT group_name, query_id, final_answer FROM episodes ORDER BY 1, 2").fetchall()


def test_every_episode_is_stored_once_and_a_rerun_adds_none(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 5)
    make_task(task_root, "G2_instruction", 3)
    request = RunRequest(
        model="scripted", strategy="dfsdt", tasks=["sandboxtest/G1_instruction", "sandboxtest/G2_instruction"]
    )
    db = tmp_path / "r.duckdb"
    first = run(plan_run(request), db)
    assert (first.done, first.skipped, first.answered) == (8, 0, 8)
    rows = stored(db)
    assert len(rows) == 8 and {g for g, _, _ in rows} == {"G1_instruction", "G2_instruction"}
    again = run(plan_run(request), db)
    assert (again.done, again.skipped) == (0, 8)
    assert stored(db) == rows
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM runs").fetchone() == (1,)
        calls = conn.execute("SELECT count(*), count(*) FILTER (WHERE latency_s > 0) FROM api_calls").fetchone()
    assert calls == (16, 8)  # alpha (with latency) and Finish per episode


def test_limit_and_seeds_are_per_episode(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 6)
    request = RunRequest(model="scripted", strategy="react", tasks=["sandboxtest/G1_instruction"], limit=4, seed=9)
    plan = plan_run(request)
    assert plan.episode_count == 4
    run(plan, tmp_path / "a.duckdb", concurrency=1)
    run(plan, tmp_path / "b.duckdb", concurrency=4)
    answers = stored(tmp_path / "a.duckdb")
    assert answers == stored(tmp_path / "b.duckdb")
    assert answers[0][2] == f"100 via {episode_seed(9, 'G1_instruction', '100')}"


class BrokenEnv(CannedEnv):
    """Raises for one query: a backend bug must not stop the run."""

    async def call(self, tool_call: ToolCall, query: Query) -> Observation:
        if query.query_id == "101":
            raise RuntimeError("backend exploded")
        return await super().call(tool_call, query)


def test_a_failing_episode_is_stored_with_its_error(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 3)
    db = tmp_path / "r.duckdb"
    plan = plan_run(RunRequest(model="scripted", strategy="dfsdt", tasks=["sandboxtest/G1_instruction"]))
    totals = run(plan, db, env_factory=lambda task: BrokenEnv(APIS))
    assert (totals.done, totals.errors, totals.answered) == (3, 1, 2)
    assert "backend exploded" in totals.last_error
    with duckdb.connect(str(db), read_only=True) as conn:
        [(error,)] = conn.execute("SELECT error FROM episodes WHERE query_id = '101'").fetchall()
    assert error.startswith("episode failed: RuntimeError: backend exploded")


def test_resume_rebuilds_the_same_run_and_names_are_checked(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 2)
    request = RunRequest(
        model="scripted",
        model_args={"temperature": "0.5", "api_key": "sk-secret"},
        strategy="cot@3",
        strategy_args={"max_calls": "50"},
        tasks=["sandboxtest/G1_instruction"],
        seed=4,
    )
    plan = plan_run(request)
    assert "api_key" not in plan.spec.model_args and plan.spec.strategy_args["max_calls"] == 50
    again = plan_run(request_from_spec(plan.spec.model_dump(mode="json"), plan.name))
    assert again.run_id == plan.run_id and again.name == plan.name
    dfs = plan_run(RunRequest(model="scripted", strategy="dfsdt", tasks=["sandboxtest/G1_instruction"]))
    assert plan_run(request_from_spec(dfs.spec.model_dump(mode="json"), dfs.name)).run_id == dfs.run_id
    db = tmp_path / "r.duckdb"
    run(plan, db)
    other = plan_run(request.model_copy(update={"seed": 5, "name": plan.name}))
    with pytest.raises(Exception, match="a different run is already named"):
        run(other, db)


def test_bad_requests_fail_with_one_line(task_root: Path) -> None:
    make_task(task_root, "G1_instruction", 1)
    with pytest.raises(TaskError, match="no task named 'sandboxtest/nope'"):
        plan_run(RunRequest(model="m", strategy="react", tasks=["sandboxtest/nope"]))
    with pytest.raises(TaskError, match="listed twice"):
        plan_run(RunRequest(model="m", strategy="react", tasks=["sandboxtest/G1_instruction"] * 2))
    with pytest.raises(ValueError, match="is not key=value"):
        parse_assignments(["temperature"], "-M")
    assert parse_assignments(["a=1", "b=x=y"], "-S") == {"a": "1", "b": "x=y"}


def test_sigkill_mid_run_then_restart_stores_every_query_exactly_once(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 12)
    command = [sys.executable, "-m", "tests.runner.scripted_run"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    killed_db = tmp_path / "killed.duckdb"
    child = subprocess.Popen(
        [*command, str(killed_db), str(task_root), "0.15"], stdout=subprocess.PIPE, text=True, env=env, cwd=REPO
    )
    assert child.stdout is not None
    seen = 0
    for line in child.stdout:
        seen += line.startswith("stored")
        if seen == 3:
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    partial = stored(killed_db)
    assert 3 <= len(partial) < 12
    finish = subprocess.run(
        [*command, str(killed_db), str(task_root), "0"], capture_output=True, text=True, env=env, cwd=REPO, timeout=120
    )
    assert finish.returncode == 0, finish.stderr
    assert f"skipped {len(partial)}" in finish.stdout
    clean_db = tmp_path / "clean.duckdb"
    subprocess.run([*command, str(clean_db), str(task_root), "0"], check=True, env=env, cwd=REPO, timeout=120)
    resumed = stored(killed_db)
    assert len(resumed) == 12 and len({(g, q) for g, q, _ in resumed}) == 12
    assert resumed == stored(clean_db)
    [(_, name)] = [(r["run_id"], r["name"]) for r in _runs(killed_db)]
    trees = {t.query_id: [n.content for n in t.nodes] for _, t in load_trajectories(killed_db, name)}
    clean_trees = {t.query_id: [n.content for n in t.nodes] for _, t in load_trajectories(clean_db, name)}
    assert trees == clean_trees


def _runs(db: Path) -> list[dict[str, str]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return [{"run_id": r, "name": n} for r, n in conn.execute("SELECT run_id, name FROM runs").fetchall()]
