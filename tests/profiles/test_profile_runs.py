"""Profiles on `harness run`: CoT@N samples with its own seed per try, the profile is recorded in the
spec (not in the run id when it is the default), and bad profile options are one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from harness.runner.plan import RunRequest, plan_run
from tests.fakes.openai_server import FakeOpenAIServer, call
from tests.runner.conftest import make_task

SECRET = "sk-profile-secret-0123456789"


def harness(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "harness.cli.main", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def give_up(_request: object) -> object:
    return call("Finish", {"return_type": "give_up_and_restart"}, content="I cannot do this.")


def test_cot3_sends_three_distinct_seeds_at_a_sampling_temperature(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 1)
    db = tmp_path / "runs.duckdb"
    args = [
        "run", "--model", "chatgpt", "--strategy", "cot@3", "--tasks", "sandboxtest/G1_instruction",
        "--db", str(db), "-E", "backend=schema", "--quiet",
    ]  # fmt: skip
    with FakeOpenAIServer(api_key=SECRET, default_reply=give_up) as server:
        env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": SECRET}
        done = harness(args, env, tmp_path)
        bodies = server.bodies("/chat/completions")
    assert done.returncode == 0, done.stderr
    assert len(bodies) == 3  # three tries, each one give-up
    assert len({b["seed"] for b in bodies}) == 3
    assert all(b["temperature"] > 0 for b in bodies)
    with duckdb.connect(str(db), read_only=True) as conn:
        spec = json.loads(conn.execute("SELECT spec FROM runs").fetchone()[0])
    assert spec["profile"] == "harness"


def test_an_explicit_temperature_wins_over_the_profile(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 1)
    args = [
        "run", "--model", "chatgpt", "--strategy", "cot@2", "--tasks", "sandboxtest/G1_instruction",
        "--db", str(tmp_path / "runs.duckdb"), "-E", "backend=schema", "--quiet", "-M", "temperature=0",
    ]  # fmt: skip
    with FakeOpenAIServer(api_key=SECRET, default_reply=give_up) as server:
        env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": SECRET}
        done = harness(args, env, tmp_path)
        bodies = server.bodies("/chat/completions")
    assert done.returncode == 0, done.stderr
    assert [b["temperature"] for b in bodies] == [0, 0]
    assert bodies[0]["seed"] != bodies[1]["seed"]


def test_the_default_profile_keeps_run_ids_and_others_change_them(task_root: Path) -> None:
    make_task(task_root, "G1_instruction", 2)
    base = {"model": "baseline", "strategy": "react", "tasks": ["sandboxtest/G1_instruction"]}
    default = plan_run(RunRequest(**base))
    named = plan_run(RunRequest(**base, profile="harness"))
    toolbench = plan_run(RunRequest(**base, profile="toolbench"))
    assert default.run_id == named.run_id
    assert "profile" not in json.loads(default.spec.canonical_json())
    assert toolbench.run_id != default.run_id and toolbench.spec.profile == "toolbench"


def test_profile_errors_are_one_line(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 1)
    common = [
        "run",
        "--model",
        "baseline",
        "--strategy",
        "react",
        "--tasks",
        "sandboxtest/G1_instruction",
        "--db",
        str(tmp_path / "r.db"),
    ]
    env = {k: v for k, v in os.environ.items() if k != "HARNESS_TOOLBENCH_WORDING"}
    unknown = harness([*common, "--profile", "toolbnech"], env, tmp_path)
    assert unknown.returncode == 2
    assert "unknown profile 'toolbnech'; did you mean 'toolbench'" in unknown.stderr
    assert "Traceback" not in unknown.stderr and len(unknown.stderr.strip().splitlines()) == 1
    no_wording = harness([*common, "--profile", "toolbench"], env, tmp_path)
    assert no_wording.returncode == 2 and "Traceback" not in no_wording.stderr
    assert "--wording PATH" in no_wording.stderr and "HARNESS_TOOLBENCH_WORDING" in no_wording.stderr
    not_a_checkout = harness([*common, "--profile", "toolbench", "--wording", str(tmp_path)], env, tmp_path)
    assert not_a_checkout.returncode == 2 and "is not a ToolBench checkout" in not_a_checkout.stderr


def test_ls_profiles_lists_the_three_builtins(tmp_path: Path) -> None:
    listed = harness(["ls", "profiles", "--json"], dict(os.environ), tmp_path)
    assert listed.returncode == 0, listed.stderr
    names = [row["name"] for row in json.loads(listed.stdout)]
    assert names[:3] == ["harness", "toolbench", "stabletoolbench"]


def test_the_toolbench_profiles_encode_dense_retrieval_as_toolbench_does(task_root: Path) -> None:
    """ToolBench's retriever runs sentence-transformers (torch) at the model's 256 tokens; the
    harness default (int8 ONNX Runtime, each text alone, 128 tokens) would rank some APIs differently."""
    from harness.runner.retrieval import RetrievalSettings

    make_task(task_root, "G1_instruction", 2)
    base = {"model": "baseline", "strategy": "react", "tasks": ["sandboxtest/G1_instruction"]}
    plan = plan_run(RunRequest(**base, profile="toolbench", retriever=RetrievalSettings(method="dense", top_k=1)))
    recorded = json.loads(plan.spec.canonical_json())["retriever"]
    assert '"backend": "torch"' in json.dumps(recorded, sort_keys=True), recorded
