"""What search buys, on the committed sandbox suite: the offline baseline with DFSDT passes queries
that it fails with ReAct, never the reverse, and the paired test finds the difference significant;
DFSDT's siblings never repeat a call an earlier sibling made."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from harness.gate import run_gate

# G1_tool as well: under the strict rule judge the margin on G2 alone is exactly the threshold (6 to 0).
TASKS = "sandbox/G1_tool,sandbox/G2_category,sandbox/G2_instruction"


def harness(*args: str, cwd: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "HARNESS_TASKS_DIR"}
    result = subprocess.run(
        [sys.executable, "-m", "harness.cli.main", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=600
    )
    assert result.returncode == 0, result.stderr


def test_dfsdt_beats_react_with_the_baseline(tmp_path: Path) -> None:
    db = tmp_path / "runs.duckdb"
    for strategy in ("dfsdt", "react"):
        harness("run", "--model", "baseline", "--strategy", strategy, "--tasks", TASKS, "--limit", "50",
                "--name", strategy, "--db", str(db), "--concurrency", "8", "--quiet", cwd=tmp_path)  # fmt: skip
        harness("eval", "--run", strategy, "--judge", "rule", "--db", str(db), cwd=tmp_path)
    result = run_gate(db, "react", "dfsdt")
    assert result.worse_only == 0 and result.better_only >= 6
    assert result.p_exact < 0.05
    assert result.comparison.mean_b > result.comparison.mean_a

    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select e.trajectory from episodes e join runs r using (run_id) where r.name = 'dfsdt'"
        ).fetchall()
    siblings_checked = 0
    for (raw,) in rows:
        nodes = (json.loads(raw) if isinstance(raw, str) else raw)["nodes"]
        by_id = {n["id"]: n for n in nodes}
        first_calls: dict[int | None, list[str]] = {}
        for node in nodes:
            # The call a chain makes under a branch point: its action node's name and input.
            if node["kind"] == "action_input" and by_id[node["parent_id"]]["content"] != "Finish":
                action = by_id[node["parent_id"]]
                above = by_id[action["parent_id"]]
                while above["kind"] not in ("action_input", "root"):
                    above = by_id[above["parent_id"]]
                first_calls.setdefault(above["id"], []).append(action["content"] + node["content"])
        for calls in first_calls.values():
            assert len(calls) == len(set(calls)), calls
            siblings_checked += len(calls) > 1
    assert siblings_checked > 10
