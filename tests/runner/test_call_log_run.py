"""`harness run` stores every LLM call: a retried 429 (cause and wait), a call that failed, the
request as sent (no key in any byte of the file), the raw response; `--no-log-requests` keeps the
metadata, drops the bodies and leaves the run id alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import duckdb

from harness.store.episodes import unpack
from tests.fakes.http_server import RecordedRequest
from tests.fakes.openai_server import FakeOpenAIServer, finish_with_last_observation, http_error
from tests.runner.conftest import make_task

SECRET = "sk-calllog-cli-0123456789"


def harness(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "harness.cli.main", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


class FailFirstCallOf:
    """Answers like ``finish_with_last_observation``, except that the first request about the
    query whose text contains ``marker`` is refused (HTTP 400: a call that fails at once)."""

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.failed = False
        self.lock = threading.Lock()

    def __call__(self, request: RecordedRequest) -> Any:
        with self.lock:
            if not self.failed and self.marker in json.dumps(request.body):
                self.failed = True
                return http_error(400, message="prompt refused by the test")
        return finish_with_last_observation(request)


def calls(db: Path) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(
            """SELECT query_id, call_index, node_id, attempts, retries, status, error, request, response,
                      prompt_tokens, latency_s
               FROM episode_llm_calls ORDER BY query_id, call_index"""
        ).fetchall()


def test_run_stores_retries_failures_requests_and_responses(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 2)
    db, quiet_db = tmp_path / "runs.duckdb", tmp_path / "quiet.duckdb"
    args = [
        "run", "--model", "chatgpt", "--strategy", "react", "--tasks", "sandboxtest/G1_instruction",
        "-E", "backend=schema", "-M", "temperature=0", "-M", "retry_base=0.01",
        "--concurrency", "1", "--name", "logged", "--quiet",
    ]  # fmt: skip
    with FakeOpenAIServer(api_key=SECRET) as server:
        env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": SECRET}
        outputs = []
        for target, extra in ((db, []), (quiet_db, ["--no-log-requests"])):
            server.default_reply = FailFirstCallOf("Question number 1")
            server.push(http_error(429, retry_after=0.2, message="Rate limit reached"))
            outputs.append(harness([*args, "--db", str(target), *extra], env, tmp_path))
            assert outputs[-1].returncode == 0, outputs[-1].stderr
            if target == db:
                sent = server.bodies("/chat/completions")
        shown = harness(["show", "logged", "--db", str(db)], env, tmp_path)
    assert SECRET not in db.read_bytes().decode("latin-1")

    rows = calls(db)
    first = rows[0]
    assert (first[0], first[1], first[3], first[5]) == ("100", 0, 2, "answered")  # the 429 was retried once
    retry = json.loads(first[4])
    assert len(retry) == 1 and retry[0]["http_status"] == 429 and "Rate limit reached" in retry[0]["cause"]
    assert retry[0]["wait_s"] >= 0.2 and first[10] >= 0.2
    request, response = unpack(first[7]), unpack(first[8])
    assert request["body"] == sent[1]  # the request as it went out (the retry's, identical to the first)
    assert request["body"]["model"] == "gpt-3.5-turbo-16k-0613" and request["sampling"]["temperature"] == 0
    assert request["messages"][1]["content"].startswith("Question number 0 for G1_instruction.")
    assert {f["name"] for f in request["functions"]} == {"alpha_for_kit", "beta_for_kit", "Finish"}
    assert response["object"] == "chat.completion" and response["usage"]["prompt_tokens"] == first[9]

    failed = [r for r in rows if r[5] == "failed"]
    assert len(failed) == 1 and failed[0][0] == "101" and failed[0][3] == 1
    assert "prompt refused by the test" in failed[0][6] and "prompt refused by the test" in str(unpack(failed[0][8]))
    with duckdb.connect(str(db), read_only=True) as conn:
        episodes = dict(conn.execute("SELECT query_id, (llm_calls, llm_calls_failed) FROM episodes").fetchall())
        stats = conn.execute("SELECT llm_calls, llm_calls_failed, llm_retries FROM run_stats").fetchone()
        steps = {(q, n) for q, n in conn.execute("SELECT query_id, node_id FROM steps WHERE kind <> 'root'").fetchall()}
    assert episodes["101"][1] == 1 and episodes["100"][1] == 0
    assert stats == (sum(c for c, _ in episodes.values()), 1, 1)
    assert len(rows) == stats[0]  # one logged call per counted call
    assert all((q, n) in steps for q, _, n, *_ in rows)  # each names the node it produced
    assert "1 failed" in shown.stdout and "1 retries" in shown.stdout, shown.stdout

    quiet_rows = calls(quiet_db)
    assert len(quiet_rows) == len(rows) and all(r[7] is None and r[8] is None for r in quiet_rows)
    assert [r[5] for r in quiet_rows] == [r[5] for r in rows]
    with duckdb.connect(str(db), read_only=True) as a, duckdb.connect(str(quiet_db), read_only=True) as b:
        assert a.execute("SELECT run_id FROM runs").fetchone() == b.execute("SELECT run_id FROM runs").fetchone()
