"""A run under the stabletoolbench profile runs every tool call of a reply, end to end: the CLI, the
OpenAI adapter against a real server on loopback, the DFSDT loop and the DuckDB store."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from harness.store.reader import list_runs, load_trajectories
from harness.types.trajectory import FinishType, NodeKind, Trajectory
from tests.conftest import require_shared_data
from tests.fakes.openai_server import FakeOpenAIServer, Reply, call
from tests.profiles.test_profile_runs import SECRET, harness
from tests.runner.conftest import make_task


def both_then_answer(request: Any) -> Reply:
    """Two calls in the first reply; an answer once results are back."""
    if any(m["role"] == "tool" for m in request.body["messages"]):
        return call("Finish", {"return_type": "give_answer", "final_answer": "both found"})
    names = [t["function"]["name"] for t in request.body["tools"] if t["function"]["name"] != "Finish"]
    return Reply(content="Both at once.", tool_calls=[(names[0], {"n": 1}), (names[1], {"n": 2})])


def _run(task_root: Path, tmp_path: Path, profile: list[str]) -> tuple[list[dict[str, Any]], Trajectory]:
    make_task(task_root, "G1_instruction", 1)
    db = tmp_path / f"{'-'.join(profile) or 'default'}.duckdb".replace("/", "_")
    args = [
        "run", "--model", "chatgpt", "--strategy", "dfsdt", "--tasks", "sandboxtest/G1_instruction",
        "--db", str(db), "-E", "backend=schema", "--quiet", *profile,
    ]  # fmt: skip
    with FakeOpenAIServer(api_key=SECRET, default_reply=both_then_answer) as server:
        env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": SECRET}
        done = harness(args, env, tmp_path)
        bodies = server.bodies("/chat/completions")
    assert done.returncode == 0, done.stderr
    [(_, traj)] = load_trajectories(db, list_runs(db)[0]["name"])
    return bodies, traj


def test_stabletoolbench_runs_every_call_and_stores_them(task_root: Path, tmp_path: Path) -> None:
    wording = require_shared_data() / "toolbench" / "code"
    bodies, traj = _run(task_root, tmp_path, ["--profile", "stabletoolbench", "--wording", str(wording)])
    assert len(bodies) == 2
    sent = bodies[1]["messages"]
    turn = next(m for m in sent if m["role"] == "assistant")
    ids = [c["id"] for c in turn["tool_calls"]]
    assert len(ids) == 2
    assert [m["tool_call_id"] for m in sent if m["role"] == "tool"] == ids
    # The stored episode (read back from DuckDB) holds both calls: nodes and the transcript's turn.
    assert traj.finish_type is FinishType.GIVE_ANSWER and traj.final_answer == "both found"
    assert [n.content for n in traj.nodes if n.kind is NodeKind.ACTION][:2] == [
        c["function"]["name"] for c in turn["tool_calls"]
    ]
    stored_turn = traj.transcripts[-1][2]
    assert [c.id for c in stored_turn.calls] == ids


def test_the_default_profile_runs_the_first_call_only(task_root: Path, tmp_path: Path) -> None:
    bodies, traj = _run(task_root, tmp_path, [])
    turn = next(m for m in bodies[1]["messages"] if m["role"] == "assistant")
    assert len(turn["tool_calls"]) == 1
    assert sum(n.kind is NodeKind.ACTION for n in traj.nodes) == 2  # the first call, then Finish
