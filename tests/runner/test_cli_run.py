"""`harness run` as a user runs it: a real process, a local OpenAI-compatible server, a real DuckDB."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.fakes.openai_server import FakeOpenAIServer, finish_with_last_observation
from tests.runner.conftest import make_task

SECRET = "sk-cli-secret-0123456789"


def harness(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "harness.cli.main", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def test_chatgpt_through_a_local_server_then_resume_adds_nothing(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 5)
    db = tmp_path / "runs.duckdb"
    args = [
        "run", "--model", "chatgpt", "--strategy", "react", "--tasks", "sandboxtest/G1_instruction",
        "--limit", "3", "--db", str(db), "-E", "backend=schema", "-M", "temperature=0",
        "--export-dir", str(tmp_path / "export"), "--quiet",
    ]  # fmt: skip
    with FakeOpenAIServer(api_key=SECRET, default_reply=finish_with_last_observation) as server:
        env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": SECRET}
        first = harness(args, env, tmp_path)
        assert first.returncode == 0, first.stderr
        bodies = server.bodies("/chat/completions")
        again = harness(args, env, tmp_path)
    assert again.returncode == 0, again.stderr
    assert "all 3 episodes were already stored" in again.stderr
    assert len(bodies) == 6  # per episode: one tool call, then Finish
    assert bodies[0]["model"] == "gpt-3.5-turbo-16k-0613" and bodies[0]["temperature"] == 0
    offered = {t["function"]["name"] for t in bodies[0]["tools"]}
    assert offered == {"alpha_for_kit", "beta_for_kit", "Finish"}
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute("SELECT query_id, finish_type, llm_calls FROM episodes ORDER BY 1").fetchall()
        spec = json.loads(conn.execute("SELECT spec FROM runs").fetchone()[0])
    assert rows == [("100", "give_answer", 2), ("101", "give_answer", 2), ("102", "give_answer", 2)]
    assert spec["model"] == "chatgpt" and spec["limit"] == 3 and spec["strategy"] == "react"
    assert SECRET not in db.read_bytes().decode("latin-1")
    assert SECRET not in first.stdout + first.stderr
    exported = sorted(p.name for p in (tmp_path / "export" / "G1_instruction").iterdir())
    assert exported == ["100_CoT@1.json", "101_CoT@1.json", "102_CoT@1.json"]


def test_a_model_without_its_key_stops_before_any_episode(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 2)
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    db = tmp_path / "runs.duckdb"
    result = harness(
        ["run", "--model", "chatgpt", "--strategy", "dfsdt", "--tasks", "sandboxtest/G1_instruction", "--db", str(db)],
        env,
        tmp_path,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "OPENAI_API_KEY" in lines[0] and "Traceback" not in result.stderr
    assert not db.exists()


def test_bad_options_are_one_line_errors(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 1)
    for args, expected in [
        (["--model", "scripted", "--strategy", "bfs", "--tasks", "sandboxtest/G1_instruction"], "unknown strategy"),
        (["--model", "scripted", "--strategy", "react", "--tasks", "nope/G1"], "no task named 'nope/G1'"),
        (["--model", "scripted", "--strategy", "react"], "missing --tasks"),
        (["--model", "nomodel", "--strategy", "react", "--tasks", "sandboxtest/G1_instruction"], "unknown model"),
        (["--resume", "ghost", "--db", str(tmp_path / "none.duckdb")], "no database at"),
    ]:
        result = harness(["run", *args], dict(os.environ), tmp_path)
        assert result.returncode != 0, args
        assert expected in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_ctrl_c_stops_cleanly_and_the_run_resumes(task_root: Path, tmp_path: Path) -> None:
    import signal
    import time

    from tests.fakes.openai_server import Stall

    make_task(task_root, "G1_instruction", 12)
    db = tmp_path / "runs.duckdb"
    args = ["run", "--model", "chatgpt", "--strategy", "react", "--tasks", "sandboxtest/G1_instruction",
            "--db", str(db), "-E", "backend=schema", "--concurrency", "1", "--name", "slow", "--quiet"]  # fmt: skip

    def slow(request):  # type: ignore[no-untyped-def]
        return Stall(0.25, finish_with_last_observation(request))

    with FakeOpenAIServer(api_key=SECRET, default_reply=slow) as server:
        env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": SECRET}
        # A job started in the background (as CI may run the suite) inherits SIGINT ignored; give the
        # child the default disposition a terminal user has, or Ctrl-C would be ignored by design.
        child = subprocess.Popen(
            [sys.executable, "-m", "harness.cli.main", *args],
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=tmp_path,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        deadline = time.monotonic() + 60
        while len(server.bodies("/chat/completions")) < 6 and time.monotonic() < deadline:
            time.sleep(0.05)
        child.send_signal(signal.SIGINT)
        _, stderr = child.communicate(timeout=60)
        assert child.returncode == 130, stderr
        assert "interrupted:" in stderr and "--resume slow" in stderr and "Traceback" not in stderr
        with duckdb.connect(str(db), read_only=True) as conn:
            partial = conn.execute("SELECT count(*) FROM episodes").fetchone()[0]
        assert 1 <= partial < 12
        server.default_reply = finish_with_last_observation
        resumed = harness(["run", "--resume", "slow", "--db", str(db), "--quiet"], env, tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT query_id) FROM episodes").fetchone() == (12, 12)
