"""Self-describing results on disk, as lm-evaluation-harness writes them: ``--output_path DIR``
writes ``results_<run>.json`` (the run spec, package versions, the harness's git commit, outcomes
and every stored score with its interval) and ``--log_samples`` adds ``samples_<run>.jsonl``, one
line per episode. The files are read back by nothing in the harness; the store stays the truth.
"""

from __future__ import annotations

import platform
import re
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from harness.store.judgments import read_scores
from harness.store.reader import group_outcomes, load_trajectories, run_record

FORMAT = "toolharness-results/1"
SAMPLES_FORMAT = "toolharness-samples/1"
# The packages whose versions can change a result: the harness, its store, the SDKs behind hosted models.
VERSIONED = ("toolharness", "pydantic", "duckdb", "openai", "anthropic", "torch", "transformers", "vllm")
SCORE_FIELDS = ("judge", "metric", "group", "value", "ci_low", "ci_high", "n", "reference", "details")


class GitState(BaseModel):
    """The commit of the harness's own checkout (None fields when installed from a wheel)."""

    commit: str | None = None
    dirty: bool | None = None


class ResultsFile(BaseModel):
    """``results_<run>.json``."""

    format: str = FORMAT
    created_at: str
    run: str
    run_id: str
    source: str
    spec: dict[str, Any]
    command: list[str]
    versions: dict[str, str]
    git: GitState
    outcomes: list[dict[str, Any]]
    scores: list[dict[str, Any]] = Field(description="every stored score of the run, with its 95% interval")


class SampleLine(BaseModel):
    """One line of ``samples_<run>.jsonl``: one episode, its outcome and its whole trajectory."""

    format: str = SAMPLES_FORMAT
    run: str
    group: str | None
    query_id: str
    query: str
    finish_type: str
    final_answer: str | None
    llm_calls: int
    total_tokens: int
    cost_usd: float
    errors: list[str]
    trajectory: dict[str, Any]


def versions() -> dict[str, str]:
    """Python and the installed versions of the packages that can change a result."""
    found = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def git_state(where: Path | None = None) -> GitState:
    """The commit and dirtiness of the git checkout holding the harness (or ``where``)."""
    folder = where or Path(__file__).resolve().parent

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=10, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    if commit is None:
        return GitState()
    status = git("status", "--porcelain", "--untracked-files=no")
    return GitState(commit=commit, dirty=bool(status) if status is not None else None)


def _file_part(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)


def write_results(db: Path, run: str, out_dir: Path, log_samples: bool = False) -> list[Path]:
    """Write ``run``'s results file (and with ``log_samples`` its samples file) into ``out_dir``;
    the paths written."""
    record = run_record(db, run)
    scores = [{k: row[k] for k in SCORE_FIELDS} for row in read_scores(db, [record["name"]])]
    results = ResultsFile(
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        run=record["name"],
        run_id=record["run_id"],
        source=record["source"],
        spec=record["spec"],
        command=["harness", *sys.argv[1:]],
        versions=versions(),
        git=git_state(),
        outcomes=group_outcomes(db, record["name"]),
        scores=scores,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = _file_part(record["name"])
    written = [out_dir / f"results_{stem}.json"]
    written[0].write_text(results.model_dump_json(indent=2) + "\n", encoding="utf-8")
    if log_samples:
        samples = out_dir / f"samples_{stem}.jsonl"
        with samples.open("w", encoding="utf-8") as out:
            for group, trajectory in load_trajectories(db, record["name"]):
                line = SampleLine(
                    run=record["name"],
                    group=group,
                    query_id=trajectory.query_id,
                    query=trajectory.query,
                    finish_type=trajectory.finish_type.value,
                    final_answer=trajectory.final_answer,
                    llm_calls=trajectory.llm_calls,
                    total_tokens=trajectory.total_tokens,
                    cost_usd=trajectory.cost_usd,
                    errors=trajectory.errors,
                    trajectory=trajectory.model_dump(mode="json"),
                )
                out.write(line.model_dump_json() + "\n")
        written.append(samples)
    return written
