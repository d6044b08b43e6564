"""The example GitHub Actions workflow's commands, run as written (with both checkouts being this
tree, a smaller --limit, and the installed harness in place of the two virtual environments)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.leaderboard.world import REPO

WORKFLOW = REPO / ".github" / "workflows" / "regression-gate.yml"


def scripts() -> list[tuple[str, str]]:
    """(step name, shell script) of every step that runs commands, with the venv setup left out."""
    job = yaml.safe_load(WORKFLOW.read_text())["jobs"]["gate"]
    harness = str(Path(sys.executable).parent / "harness")
    found = []
    for step in job["steps"]:
        if "run" not in step:
            continue
        lines = [
            line for line in step["run"].splitlines() if "python -m venv" not in line and "pip install" not in line
        ]
        script = re.sub(r"(?<![\w./-])(base-)?venv/bin/harness", harness, "\n".join(lines))
        found.append((step["name"], script))
    return found


def test_the_example_workflow_passes_an_unchanged_pull_request(tmp_path: Path) -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    env = {k: v for k, v in os.environ.items() if k not in ("HARNESS_TASKS_DIR", "HARNESS_DB")}
    env.update({**workflow["env"], "LIMIT": "4", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")})
    for checkout in ("base", "candidate"):
        (tmp_path / checkout).symlink_to(REPO)
    steps = scripts()
    assert [name for name, _ in steps] == [
        "Baseline run (base branch)",
        "Candidate run (this pull request)",
        "Judge the baseline's episodes with the same harness",
        "Gate",
        "Report",
    ]
    for name, script in steps:
        done = subprocess.run(
            ["bash", "-eo", "pipefail", "-c", script],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert done.returncode == 0, f"{name}: {done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    summary = (tmp_path / "summary.md").read_text()
    assert "no significant regression" in summary and "on 12 common queries" in summary
