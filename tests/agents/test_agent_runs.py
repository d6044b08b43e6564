"""`harness run --agent` end to end with real processes: faults end only their own episode, the gold
never reaches the agent, the spec names the agent, and a stopped or killed run resumes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from mcp import Client

from harness.tasks import get_task
from harness.util.text import mentions_fact
from tests.envs.servers import serve

REPO = Path(__file__).resolve().parents[2]
FAKE = f"{sys.executable} {REPO / 'tests' / 'agents' / 'fake_agent.py'}"
QUERIES = get_task("sandbox/G1_instruction").load_queries()


def harness(*args: str, env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "harness.cli.main", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        cwd=REPO,
        timeout=300,
    )
    assert not check or done.returncode == 0, done.stderr
    return done


def episodes(db: Path) -> dict[str, dict[str, Any]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute("SELECT query_id, finish_type, final_answer, error, trajectory FROM episodes").fetchall()
    return {r[0]: {"finish": r[1], "answer": r[2], "error": r[3], "trajectory": json.loads(r[4])} for r in rows}


def stored_any(db: Path) -> bool:
    """Whether the file holds an episode yet (False while the run's writer holds it)."""
    try:
        with duckdb.connect(str(db), read_only=True) as conn:
            return bool(conn.execute("SELECT count(*) FROM episodes").fetchone()[0])  # type: ignore[index]
    except duckdb.Error:
        return False


def logged(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_faults_end_their_own_episode_and_the_run_resumes(tmp_path: Path) -> None:
    db, log = tmp_path / "runs.duckdb", tmp_path / "agent.log"
    ids = [q.query_id for q in QUERIES[:6]]
    plan = dict(zip(ids, ["crash", "hang", "garbage", "reply", "silent", "flood"], strict=True))
    env = {"FAKE_AGENT_PLAN": json.dumps(plan), "FAKE_AGENT_LOG": str(log)}
    run = ["run", "--agent", FAKE, "--tasks", "sandbox/G1_instruction", "--limit", "6", "--concurrency", "6",
           "-S", "wall_time_s=8", "--db", str(db), "--quiet"]  # fmt: skip
    harness(*run, env=env)
    stored = episodes(db)
    assert set(stored) == set(ids)
    assert "exited with code 3: boom" in stored[ids[0]]["error"]
    assert "stopped after 8 s" in stored[ids[1]]["error"]
    assert "not a JSON object" in stored[ids[2]]["error"] and "not a JSON object" in stored[ids[5]]["error"]
    answered = stored[ids[3]]
    assert answered["error"] is None and answered["finish"] == "give_answer"
    assert answered["answer"] == f"the answer to {ids[3]}"
    assert [n["content"] for n in answered["trajectory"]["nodes"] if n["kind"] == "thought"] == ["thinking"]
    assert answered["trajectory"]["extra"]["agent"]["model"] == "fake-model-2"  # reported per episode
    assert stored[ids[4]]["error"] is None and stored[ids[4]]["finish"] == "none"

    # The spec names the agent; the model column reads agent:<name>.
    with duckdb.connect(str(db), read_only=True) as conn:
        (spec,) = conn.execute("SELECT spec FROM runs").fetchone()
        model = conn.execute("SELECT model FROM run_info").fetchone()[0]
    spec = json.loads(spec)
    assert model == spec["model"] == "agent:fake" and spec["strategy"] == "agent"
    assert spec["agent"] == {"name": "fake", "version": "0.3", "model": "fake-model", "kind": "command"}
    assert spec["model_args"] == {"command": FAKE} and spec["strategy_args"]["wall_time_s"] == 8

    # What the agent was given holds no gold: the request's fields are the protocol's, and no fact shows.
    seen = logged(log)
    assert sorted(entry["request"]["query_id"] for entry in seen) == sorted(ids)
    gold = {q.query_id: q.gold.facts for q in QUERIES[:6] if q.gold is not None}
    for entry in seen:
        request = entry["request"]
        assert set(request) == {
            "protocol",
            "describe",
            "query_id",
            "query",
            "group",
            "mcp_url",
            "max_calls",
            "wall_time_s",
        }
        # A fact shows as the judge finds one: as whole words. A substring test flagged fact 103 inside
        # the MCP URL's ephemeral port (127.0.0.1:41035), one run in a few hundred.
        given = json.dumps(entry)
        hidden = [f for f in gold[request["query_id"]] if not mentions_fact(request["query"], f)]
        assert hidden and not [f for f in hidden if mentions_fact(given, f)]
        assert entry["env"]["HARNESS_MCP_URL"] == request["mcp_url"]
    assert len({entry["request"]["mcp_url"] for entry in seen}) == 6  # a session per episode

    # The same command again runs nothing; --retry-errors runs the four failed episodes again.
    again = harness(*run, env=env)
    assert "nothing to do" in again.stderr and len(logged(log)) == 6
    harness(*run, "--retry-errors", env={**env, "FAKE_AGENT_PLAN": "{}"})
    assert len(logged(log)) == 10
    assert all(e["error"] is None for e in episodes(db).values())
    with duckdb.connect(str(db), read_only=True) as conn:
        (name,) = conn.execute("SELECT name FROM runs").fetchone()
    resumed = harness("run", "--resume", name, "--db", str(db), "--quiet", env=env)  # the spec says how to reach it
    assert "nothing to do" in resumed.stderr and len(logged(log)) == 10


def test_sigkill_mid_run_then_the_same_command_stores_each_episode_once(tmp_path: Path) -> None:
    db, log, gate = tmp_path / "runs.duckdb", tmp_path / "agent.log", tmp_path / "gate"
    ids = [q.query_id for q in QUERIES[:5]]
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "FAKE_AGENT_LOG": str(log),
        "FAKE_AGENT_GATE": str(gate),
        "FAKE_AGENT_PLAN": json.dumps({ids[3]: "block"}),
    }
    run = ["run", "--agent", FAKE, "--tasks", "sandbox/G1_instruction", "--limit", "5", "--concurrency", "1",
           "--db", str(db), "--quiet"]  # fmt: skip
    child = subprocess.Popen([sys.executable, "-m", "harness.cli.main", *run], env=env, cwd=REPO)
    try:
        waiting = Path(str(gate) + ".waiting")
        deadline = time.monotonic() + 240
        while not waiting.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert waiting.exists(), "the blocking episode never started"
        agent_pid = int(waiting.read_text())
        # The three before it finished; their batch commits within a fraction of a second (the
        # loss window a kill may hit), which a loaded machine can stretch past the agent's start.
        while not stored_any(db) and time.monotonic() < deadline:
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        # The agent dies with the harness rather than going on unseen (it would wait for the gate).
        deadline = time.monotonic() + 10
        while alive(agent_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(agent_pid), "the agent outlived the killed harness"
    finally:
        gate.touch()  # had it outlived the harness, let it go
    assert child.returncode == -signal.SIGKILL
    before = episodes(db)
    assert set(before) <= set(ids[:3]) and before  # the finished ones were stored as they finished
    harness(*run, env={"FAKE_AGENT_LOG": str(log), "FAKE_AGENT_PLAN": "{}"})
    after = episodes(db)
    assert sorted(after) == sorted(ids) and all(e["error"] is None for e in after.values())
    runs = [entry["request"]["query_id"] for entry in logged(log)]
    assert all(runs.count(q) == 1 for q in before)  # what was stored was not run again


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for a reaper that never comes does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def http_agent() -> FastAPI:
    """An agent behind a URL: it calls the first tool it is offered, then Finish; query 2 gets a 500."""
    app = FastAPI()

    @app.post("/solve")
    async def solve(request: dict[str, Any]) -> Any:
        if request.get("describe"):
            return {"name": "http-fake", "version": "2"}
        if request["query_id"] == QUERIES[1].query_id:
            return JSONResponse({"detail": "out of order"}, status_code=500)
        async with Client(request["mcp_url"]) as client:
            first = (await client.list_tools()).tools[0]
            result = await client.call_tool(first.name, {})
            seen = "".join(b.text for b in result.content if b.type == "text")
            answer = {"return_type": "give_answer", "final_answer": f"saw {len(seen)} characters"}
            await client.call_tool("Finish", answer)
        return {"model": "remote-model"}

    return app


def test_an_http_agent_gets_each_episode_as_a_post(tmp_path: Path) -> None:
    db = tmp_path / "runs.duckdb"
    with serve(http_agent()) as base:
        harness("run", "--agent", f"{base}/solve", "--tasks", "sandbox/G1_instruction", "--limit", "2",
                "--db", str(db), "--quiet")  # fmt: skip
    stored = episodes(db)
    good, bad = stored[QUERIES[0].query_id], stored[QUERIES[1].query_id]
    actions = [n["content"] for n in good["trajectory"]["nodes"] if n["kind"] == "action"]
    assert good["finish"] == "give_answer" and good["answer"].startswith("saw ") and good["error"] is None
    assert len(actions) == 2 and actions[-1] == "Finish"
    assert good["trajectory"]["extra"]["agent"]["model"] == "remote-model"
    assert "answered HTTP 500" in bad["error"] and bad["finish"] == "none"
    with duckdb.connect(str(db), read_only=True) as conn:
        spec = json.loads(conn.execute("SELECT spec FROM runs").fetchone()[0])
    assert spec["agent"] == {"name": "http-fake", "version": "2", "model": None, "kind": "http"}
    assert spec["model_args"] == {"url": f"{base}/solve"}
