"""The Ray executor on one local Ray cluster (2 CPUs, shared by the module): the same episodes as the
local executor, a killed driver that resumes with nothing stored twice, and a transformers model
served from two replica actors, each holding its own copy of the weights."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

pytest.importorskip("ray", reason="needs the ray extra")

from harness.cli.main import app
from harness.models.base import GenerateConfig, ModelAdapter
from harness.models.registry import load_model
from harness.models.scripted import ScriptedModel
from harness.runner.execute import Totals
from harness.runner.executors import Executor, ExecutorOptions, Workload, build_executor
from harness.runner.plan import RunPlan, RunRequest, plan_run
from harness.runner.ray_executor import RayExecutor, budget_shares
from harness.runner.run import execute_plan
from harness.runner.workload import remote_workload
from harness.store.reader import load_trajectories
from harness.types.trajectory import Trajectory
from tests.runner.conftest import make_task
from tests.runner.ray_run import canned_env, dying_workload, scripted_plan_request, scripted_workload
from tests.runner.scripted_run import responder

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[str]:
    """One local cluster for the module; its address, for drivers in other processes."""
    import ray

    # The replicas import the test helpers by name; the cluster's workers inherit this variable.
    previous = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), previous) if p)
    ray.init(num_cpus=2, include_dashboard=False, logging_level="WARNING")
    try:
        yield str(ray.get_runtime_context().gcs_address)
    finally:
        ray.shutdown()
        if previous is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = previous


def execute(
    plan: RunPlan,
    db: Path,
    model: ModelAdapter,
    make_env: Any,
    executor: Executor | None = None,
    generate: GenerateConfig | None = None,
) -> Totals:
    totals = Totals()

    async def go() -> None:
        try:
            await execute_plan(
                plan, model, make_env, db, totals, concurrency=4, show_progress=False, executor=executor,
                generate=generate,
            )  # fmt: skip
        finally:
            if executor is not None:
                await executor.aclose()

    asyncio.run(go())
    return totals


def episodes(db: Path, name: str) -> dict[tuple[str | None, str], dict[str, Any]]:
    """Everything an episode computed, without what depends on the clock."""
    return {(group, t.query_id): computed(t) for group, t in load_trajectories(db, name)}


def computed(traj: Trajectory) -> dict[str, Any]:
    return traj.model_dump(
        mode="json",
        include={
            "nodes", "chosen_path", "final_answer", "finish_arguments", "finish_type", "llm_calls",
            "llm_calls_failed", "prompt_tokens", "completion_tokens", "errors", "transcripts", "functions",
        },
        exclude={"nodes": {"__all__": {"extra"}}},
    )  # fmt: skip


def stored_keys(db: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute("SELECT group_name, query_id FROM episodes ORDER BY 1, 2").fetchall()


def run_ids(db: Path) -> list[tuple[str]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute("SELECT run_id FROM runs").fetchall()


def test_budget_shares_add_up_and_none_is_empty() -> None:
    assert budget_shares(8, 3) == [3, 3, 2]
    assert budget_shares(2, 4) == [1, 1]  # fewer slots than replicas: fewer replicas
    assert sum(budget_shares(64, 7)) == 64


def test_the_ray_executor_stores_the_same_episodes_as_the_local_one(ray_cluster: str, tmp_path: Path) -> None:
    common = ["run", "--model", "baseline", "--tasks", "sandbox/G1_instruction,sandbox/G2_instruction"]
    common += ["--limit", "3", "--quiet", "--name", "same"]
    local_db, ray_db = tmp_path / "local.duckdb", tmp_path / "ray.duckdb"
    local = CliRunner().invoke(app, [*common, "--db", str(local_db)])
    assert local.exit_code == 0, local.output
    # The module's cluster is already connected in this process, so --address just names it.
    remote = CliRunner().invoke(
        app, [*common, "--db", str(ray_db), "--executor", "ray", "--address", ray_cluster, "--replicas", "2"]
    )
    assert remote.exit_code == 0, remote.output
    ray_episodes = episodes(ray_db, "same")
    assert len(ray_episodes) == 6 and all(not e["errors"] for e in ray_episodes.values())
    assert ray_episodes == episodes(local_db, "same")
    assert run_ids(ray_db) == run_ids(local_db)  # the executor is not part of the run id


def test_a_replica_without_its_model_or_a_cluster_too_small_stops_in_one_line(ray_cluster: str, tmp_path: Path) -> None:
    base = ["run", "--tasks", "sandbox/G1_instruction", "--limit", "1", "--quiet", "--db", str(tmp_path / "r.duckdb")]
    base += ["--executor", "ray", "--address", ray_cluster]
    too_many = CliRunner().invoke(app, [*base, "--model", "baseline", "--replicas", "3"])
    assert (
        too_many.exit_code == 2 and "--replicas 3 needs 3 CPUs (one per replica); the cluster has 2" in too_many.output
    )
    # The driver never loads weights, so the replica is where a wrong path is found.
    no_weights = CliRunner().invoke(app, [*base, "--model", f"hf:{tmp_path / 'absent'}", "--replicas", "1"])
    assert no_weights.exit_code == 2, no_weights.output
    assert "weights not found" in no_weights.output and "Traceback" not in no_weights.output


def test_a_killed_ray_driver_resumes_with_every_episode_stored_once(
    ray_cluster: str, task_root: Path, tmp_path: Path
) -> None:
    make_task(task_root, "G1_instruction", 10)
    killed_db = tmp_path / "killed.duckdb"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.runner.ray_run", str(killed_db), str(task_root), "0.2", ray_cluster],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    assert child.stdout is not None
    seen = 0
    for line in child.stdout:
        seen += line.startswith("stored")
        if seen == 3:
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=120)
    assert child.returncode == -signal.SIGKILL
    partial_keys = stored_keys(killed_db)
    assert 3 <= len(partial_keys) < 10

    plan = plan_run(scripted_plan_request())
    executor = build_executor(ExecutorOptions(name="ray", replicas=2), scripted_workload(0.0))
    resumed = execute(plan, killed_db, ScriptedModel(responder=responder), canned_env, executor)
    assert (resumed.skipped, resumed.done) == (len(partial_keys), 10 - len(partial_keys))
    keys = stored_keys(killed_db)
    assert len(keys) == len(set(keys)) == 10
    clean_db = tmp_path / "clean.duckdb"
    execute(plan_run(scripted_plan_request()), clean_db, ScriptedModel(responder=responder), canned_env)
    assert episodes(killed_db, plan.name) == episodes(clean_db, plan.name)


def test_a_replica_that_dies_leaves_its_episodes_to_the_one_left(
    ray_cluster: str, task_root: Path, tmp_path: Path
) -> None:
    make_task(task_root, "G1_instruction", 6)
    marker = tmp_path / "die-once"
    marker.touch()
    plan = plan_run(scripted_plan_request())
    executor = build_executor(ExecutorOptions(name="ray", replicas=2), dying_workload(marker))
    assert isinstance(executor, RayExecutor)
    survived = execute(plan, tmp_path / "ray.duckdb", ScriptedModel(responder=responder), canned_env, executor)
    assert not marker.exists() and len(executor.dead) == 1  # one replica did die, mid-episode
    stored = sorted(q for _, q in stored_keys(tmp_path / "ray.duckdb"))
    assert survived.done == 6 and stored == [str(100 + i) for i in range(6)]
    clean = tmp_path / "clean.duckdb"
    execute(plan_run(scripted_plan_request()), clean, ScriptedModel(responder=responder), canned_env)
    assert episodes(tmp_path / "ray.duckdb", plan.name) == episodes(clean, plan.name)


def test_a_transformers_model_serves_from_two_replicas_each_with_its_weights(
    ray_cluster: str, task_root: Path, tmp_path: Path
) -> None:
    from tests.models.tiny_llama import build_tiny_llama

    pytest.importorskip("transformers", reason="needs the hf extra")
    weights = build_tiny_llama(tmp_path / "tiny")
    make_task(task_root, "G1_instruction", 4)
    args = {"path": str(weights)}
    plan = plan_run(
        RunRequest(model="toolllama", model_args=args, strategy="react", strategy_args={"max_calls": "2"},
                   tasks=["sandboxtest/G1_instruction"])
    )  # fmt: skip
    model, workload = remote_workload("toolllama", args, plan, canned_env)
    assert workload.holds_weights and model.name == "toolllama"  # the driver loads no weights
    executor = build_executor(ExecutorOptions(name="ray", replicas=2), workload)
    assert isinstance(executor, RayExecutor)
    generate = GenerateConfig(max_tokens=8)
    totals = execute(plan, tmp_path / "ray.duckdb", model, canned_env, executor, generate)
    assert totals.done == 4 and totals.llm_calls >= 4
    assert len(set(executor.where)) == 2 and all(n > 0 for n in executor.served)
    local = execute(plan, tmp_path / "local.duckdb", load_model("toolllama", args), canned_env, generate=generate)
    assert local.done == 4
    assert episodes(tmp_path / "ray.duckdb", plan.name) == episodes(tmp_path / "local.duckdb", plan.name)


def test_without_the_extra_the_ray_executor_is_one_line_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import harness.runner.ray_executor as module

    real = module.importlib.util.find_spec
    monkeypatch.setattr(module.importlib.util, "find_spec", lambda name, *a: None if name == "ray" else real(name, *a))
    with pytest.raises(ValueError, match=r"needs the ray extra .*pip install -e '\.\[ray\]'"):
        build_executor(ExecutorOptions(name="ray"), Workload(ScriptedModel, canned_env))


def test_executor_options_are_checked_in_one_line() -> None:
    listed = CliRunner().invoke(app, ["ls", "executors"])
    assert listed.exit_code == 0 and "local" in listed.output and "ray" in listed.output
    base = ["run", "--model", "baseline", "--tasks", "sandbox/G1_instruction", "--limit", "1"]
    wrong = CliRunner().invoke(app, [*base, "--replicas", "2"])
    assert wrong.exit_code == 2 and "only apply with --executor ray" in wrong.output
    unknown = CliRunner().invoke(app, [*base, "--executor", "rey"])
    assert unknown.exit_code == 2 and "did you mean 'ray'" in unknown.output
