"""The product's main path on the committed sandbox suite, as a user runs it: `harness run`, then
`harness eval --judge rule`, then `harness scores --json`. The oracle is the upper bound (100%) and a
model that always gives up the lower bound (0%)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

GROUPS = ("G1_instruction", "G1_category", "G1_tool", "G2_instruction", "G2_category", "G3_instruction")
TASKS = ",".join(f"sandbox/{g}" for g in GROUPS)


def harness(*args: str, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "HARNESS_TASKS_DIR"}
    result = subprocess.run(
        [sys.executable, "-m", "harness.cli.main", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_oracle_scores_all_and_give_up_scores_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "runs.duckdb")
    for model, strategy in (("oracle", "dfsdt"), ("scripted", "react")):
        harness("run", "--model", model, "--strategy", strategy, "--tasks", TASKS, "--limit", "15",
                "--name", model, "--db", db, "--concurrency", "8", "--quiet", cwd=tmp_path)  # fmt: skip
        harness("eval", "--run", model, "--judge", "rule", "--db", db, cwd=tmp_path)
    scores = json.loads(harness("scores", "--db", db, "--json", cwd=tmp_path))
    rows = {row["run"]: row["pass_rate"] for row in scores["rows"]}
    for group in (*GROUPS, "average"):
        assert rows["oracle"][group]["value"] == 1.0, group
        assert rows["scripted"][group]["value"] == 0.0, group
        low, high = rows["oracle"][group]["ci_low"], rows["oracle"][group]["ci_high"]
        assert low <= 1.0 <= high
    assert rows["oracle"]["G1_tool"]["n"] == 15 and rows["oracle"]["average"]["n"] == 90
