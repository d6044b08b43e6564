"""`harness run` again, as a user does it: under another name, as trials, with a wrong key, and with
--retry-errors; real processes, local provider servers with a required key, a real DuckDB."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

from harness.runner.seeds import episode_seed
from tests.fakes.anthropic_server import FakeAnthropicServer
from tests.fakes.http_server import ScriptedServer, http_error
from tests.fakes.openai_server import FakeOpenAIServer, finish_with_last_observation
from tests.runner.conftest import make_task
from tests.runner.test_cli_run import SECRET, harness

TASK = "sandboxtest/G1_instruction"


def episodes(db: Path) -> list[tuple[str, str, str | None]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute(
            "SELECT r.name, e.query_id, e.error FROM episodes e JOIN runs r USING (run_id) ORDER BY 1, 2"
        ).fetchall()
    return [(str(n), str(q), e) for n, q, e in rows]


def one_error_line(stderr: str) -> str:
    """The one ``error:`` line, which must end the output (after at most the run's header)."""
    lines = stderr.strip().splitlines()
    assert "Traceback" not in stderr and lines[-1].startswith("error:"), stderr
    assert sum("error" in line.lower() for line in lines) == 1 and len(lines) <= 3, stderr
    return lines[-1]


def test_the_same_spec_under_a_second_name_continues_it_and_a_taken_name_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "runs.duckdb"
    base = ["run", "--model", "baseline", "--strategy", "dfsdt", "--tasks", "sandbox/G1_instruction",
            "--limit", "3", "--db", str(db), "--quiet"]  # fmt: skip
    env = dict(os.environ)
    first = harness([*base, "--name", "r1"], env, tmp_path)
    assert first.returncode == 0, first.stderr
    for extra in (["--name", "r2"], []):
        again = harness([*base, *extra], env, tmp_path)
        assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
        assert again.stderr.startswith("this run is stored as r1 (same spec") and "--trial 2" in again.stderr
        assert "all 3 episodes were already stored" in again.stderr
    with duckdb.connect(str(db), read_only=True) as conn:
        [(run_id, name)] = conn.execute("SELECT run_id, name FROM runs").fetchall()
    assert name == "r1" and len(episodes(db)) == 3
    # Env mode is not part of the spec: a replay of the recorded tools continues the same run.
    replay = harness(
        [*base, "--env-mode", "replay", "--cache-dir", str(tmp_path / "c"), "--name", "rep"], env, tmp_path
    )
    assert replay.returncode == 0 and "stored as r1" in replay.stderr, replay.stderr
    other = harness([*("2" if a == "3" else a for a in base), "--name", "r1"], env, tmp_path)
    assert other.returncode == 2
    assert run_id in one_error_line(other.stderr) and "choose another --name" in other.stderr


def test_trials_are_separate_runs_that_form_one_pass_hat_k_family(tmp_path: Path) -> None:
    db = tmp_path / "runs.duckdb"
    env = dict(os.environ)
    args = ["run", "--model", "baseline", "--strategy", "react", "--tasks", "sandbox/G1_instruction",
            "--limit", "2", "--db", str(db), "--quiet", "--name", "b"]  # fmt: skip
    made = harness([*args, "--trials", "3"], env, tmp_path)
    assert made.returncode == 0, made.stderr
    assert [n for n, *_ in episodes(db)] == ["b"] * 2 + ["b-t2"] * 2 + ["b-t3"] * 2
    one = harness([*args, "--trial", "2"], env, tmp_path)
    assert one.returncode == 0 and "all 2 episodes were already stored" in one.stderr, one.stderr
    both = harness([*args, "--trial", "2", "--trials", "2"], env, tmp_path)
    assert both.returncode == 2 and "--trial and --trials" in one_error_line(both.stderr)
    for name in ("b", "b-t2", "b-t3"):
        judged = harness(["eval", "--run", name, "--db", str(db)], env, tmp_path)
        assert judged.returncode == 0, judged.stderr
    scores = harness(["scores", "--db", str(db)], env, tmp_path)
    assert scores.returncode == 0, scores.stderr
    assert "3 runs x 2 queries: pass@1" in " ".join(scores.stdout.split()), scores.stdout


def test_trials_send_their_own_seeds(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 1)
    db = tmp_path / "runs.duckdb"
    args = ["run", "--model", "chatgpt", "--strategy", "react", "--tasks", TASK, "--db", str(db),
            "-E", "backend=schema", "-M", "temperature=0.7", "--quiet", "--trials", "2"]  # fmt: skip
    with FakeOpenAIServer(api_key=SECRET, default_reply=finish_with_last_observation) as server:
        env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": SECRET}
        result = harness(args, env, tmp_path)
        seeds = [body["seed"] for body in server.bodies("/chat/completions")]
    assert result.returncode == 0, result.stderr
    assert (
        seeds
        == [episode_seed(0, "G1_instruction", "100")] * 2 + [episode_seed(0, "G1_instruction", "100", trial=2)] * 2
    )


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_a_wrong_key_stops_the_run_with_nothing_stored_and_the_right_key_runs_it_all(
    provider: str, task_root: Path, tmp_path: Path
) -> None:
    make_task(task_root, "G1_instruction", 5)
    db = tmp_path / "runs.duckdb"
    model, key_env, url_env = (
        ("chatgpt", "OPENAI_API_KEY", "OPENAI_BASE_URL")
        if provider == "openai"
        else ("claude", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL")
    )
    args = ["run", "--model", model, "--strategy", "dfsdt", "--tasks", TASK, "--db", str(db),
            "-E", "backend=schema", "--quiet", "--name", "keyed"]  # fmt: skip
    server: ScriptedServer = (
        FakeOpenAIServer(api_key=SECRET, default_reply=finish_with_last_observation)
        if provider == "openai"
        else FakeAnthropicServer(api_key=SECRET, default_reply=finish_with_last_observation)
    )
    with server:
        env = {**os.environ, url_env: server.base_url, key_env: "sk-wrong-key-000000000"}
        wrong = harness(args, env, tmp_path)
        assert wrong.returncode == 2
        line = one_error_line(wrong.stderr)
        assert "rejected the credentials (HTTP 401)" in line and f"${key_env}" in line
        assert "sk-wrong" not in line and "run keyed stopped: 0 of 5 episodes stored, none as failed" in line
        assert episodes(db) == []
        right = harness(args, {**env, key_env: SECRET}, tmp_path)
    assert right.returncode == 0, right.stderr
    assert "already stored" not in right.stderr
    assert episodes(db) == [("keyed", str(q), None) for q in range(100, 105)]


def test_an_unknown_model_stops_the_run(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 3)
    db = tmp_path / "runs.duckdb"
    args = ["run", "--model", "openai:no-such-model", "--strategy", "react", "--tasks", TASK, "--db", str(db),
            "-E", "backend=schema", "--quiet", "--concurrency", "1"]  # fmt: skip
    with FakeOpenAIServer(api_key=SECRET, default_reply=finish_with_last_observation) as server:
        server.push(http_error(404, message="The model `no-such-model` does not exist"))
        env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": SECRET}
        result = harness(args, env, tmp_path)
    assert result.returncode == 2
    assert "404" in one_error_line(result.stderr) and "model name" in result.stderr
    assert episodes(db) == []


def test_retry_errors_runs_errored_episodes_again_and_keeps_the_earlier_attempt(
    task_root: Path, tmp_path: Path
) -> None:
    make_task(task_root, "G1_instruction", 3)
    db = tmp_path / "runs.duckdb"
    args = ["run", "--model", "chatgpt", "--strategy", "react", "--tasks", TASK, "--db", str(db),
            "-E", "backend=schema", "--quiet", "--concurrency", "1", "--name", "flaky"]  # fmt: skip
    with FakeOpenAIServer(api_key=SECRET, default_reply=finish_with_last_observation) as server:
        env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": SECRET}
        server.push(http_error(400, message="prompt too long"))  # fails the first episode's only request
        first = harness(args, env, tmp_path)
        assert first.returncode == 0, first.stderr
        assert "1 episodes stored with errors" in first.stderr and "--retry-errors" in first.stderr
        again = harness(args, env, tmp_path)
        assert "(1 with errors: add --retry-errors" in again.stderr, again.stderr
        retried = harness([*args, "--retry-errors"], env, tmp_path)
        resumed = harness(["run", "--resume", "flaky", "--retry-errors", "--db", str(db), "--quiet"], env, tmp_path)
    assert retried.returncode == 0, retried.stderr
    assert "retried 1 episodes" in retried.stderr
    assert episodes(db) == [("flaky", "100", None), ("flaky", "101", None), ("flaky", "102", None)]
    assert resumed.returncode == 0 and "all 3 episodes were already stored; nothing to do" in resumed.stderr
    with duckdb.connect(str(db), read_only=True) as conn:
        [(query_id, attempt, error, trajectory)] = conn.execute(
            "SELECT query_id, attempt, error, trajectory FROM episode_attempts"
        ).fetchall()
    assert (query_id, attempt) == ("100", 1)
    assert "refused the request (HTTP 400): prompt too long" in error
    assert json.loads(trajectory)["errors"] == [error]
