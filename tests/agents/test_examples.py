"""The examples under examples/agents/ as a user runs them: the MCP agent on twenty sandbox queries,
judged by the rule judge and found on the leaderboard's views; the OpenAI-tools agent against a local
OpenAI-protocol server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.fakes.openai_server import FakeOpenAIServer, finish_with_last_observation

REPO = Path(__file__).resolve().parents[2]
BIN = str(Path(sys.executable).parent)  # `python` in the command is this interpreter


def harness(*args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "harness.cli.main", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "PATH": f"{BIN}:{os.environ.get('PATH', '')}", **(env or {})},
        cwd=REPO,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_mcp_agent_runs_is_judged_and_reaches_the_leaderboard(tmp_path: Path) -> None:
    db = str(tmp_path / "runs.duckdb")
    harness("run", "--agent", "python examples/agents/mcp_agent.py", "--tasks", "sandbox/G1_instruction",
            "--limit", "20", "--name", "mcp-agent", "--concurrency", "4", "--db", db, "--quiet")  # fmt: skip
    harness("eval", "--run", "mcp-agent", "--judge", "rule", "--db", db)
    with duckdb.connect(db, read_only=True) as conn:
        board = conn.execute(
            "SELECT model, strategy, value, n FROM board_rows WHERE run = 'mcp-agent' AND metric = 'pass_rate'"
        ).fetchall()
        agent = json.loads(conn.execute("SELECT spec FROM runs WHERE name = 'mcp-agent'").fetchone()[0])["agent"]
        calls = conn.execute(
            "SELECT count(*), count(DISTINCT query_id) FROM api_calls JOIN runs USING (run_id) WHERE name = 'mcp-agent'"
        ).fetchone()
        finishes = conn.execute("SELECT finish_type, count(*) FROM episodes GROUP BY ALL").fetchall()
    assert len(board) == 1
    model, strategy, value, n = board[0]
    assert (model, strategy, n) == ("agent:mcp_agent", "agent", 20)
    # The baseline's policy over MCP solves some of these (in our own loop it passes about a quarter
    # of G1_instruction under the strict rule judge); zero would mean the agent's answers never count.
    assert value >= 0.1, value
    assert agent == {"name": "mcp_agent", "version": "1.0", "model": "baseline", "kind": "command"}
    assert calls[1] == 20 and calls[0] > 20  # every episode's calls were recorded server-side
    assert dict(finishes).get("give_answer", 0) >= 10


def test_openai_tools_agent_talks_to_a_local_openai_server(tmp_path: Path) -> None:
    db = str(tmp_path / "runs.duckdb")
    with FakeOpenAIServer(api_key="sk-agent", default_reply=finish_with_last_observation) as fake:
        env = {"OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": "sk-agent", "AGENT_MODEL": "fake-model"}
        harness("run", "--agent", "python examples/agents/openai_tools_agent.py", "--tasks", "sandbox/G1_instruction",
                "--limit", "2", "--name", "oa", "--db", db, "--quiet", env=env)  # fmt: skip
        bodies = fake.bodies("/chat/completions")
    with duckdb.connect(db, read_only=True) as conn:
        rows = conn.execute("SELECT finish_type, final_answer, trajectory FROM episodes ORDER BY query_id").fetchall()
        spec = json.loads(conn.execute("SELECT spec FROM runs").fetchone()[0])
    assert spec["agent"]["model"] == "fake-model" and spec["model"] == "agent:openai_tools_agent"
    assert len(bodies) == 4  # two turns per episode: a tool call, then Finish
    offered = [t["function"]["name"] for t in bodies[0]["tools"]]
    assert offered[-1] == "Finish" and len(offered) >= 2
    for finish, answer, trajectory in rows:
        actions = [n["content"] for n in json.loads(trajectory)["nodes"] if n["kind"] == "action"]
        assert finish == "give_answer" and answer.startswith("According to the tools:")
        assert actions[0] in offered and actions[-1] == "Finish"
