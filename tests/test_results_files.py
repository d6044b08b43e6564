"""lm-evaluation-harness habits: ``--model_args k=v,k=v``, ``--output_path DIR`` (a self-describing
results JSON) and ``--log_samples`` (one JSONL line per episode), on ``harness run`` and ``harness eval``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from harness.cli.main import app
from harness.results_file import ResultsFile, SampleLine

TASK = "sandbox/G1_instruction"


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_run_and_eval_write_results_and_samples(tmp_path: Path) -> None:
    db, out = str(tmp_path / "r.duckdb"), tmp_path / "out"
    _invoke(
        "run", "--model", "baseline", "--model_args", "max_calls=3", "--strategy", "react", "--tasks", TASK,
        "--limit", "2", "--db", db, "--name", "mine", "--output_path", str(out), "--log_samples", "--quiet",
    )  # fmt: skip
    written = ResultsFile.model_validate_json((out / "results_mine.json").read_text(encoding="utf-8"))
    assert written.run == "mine" and written.spec["model_args"] == {"max_calls": "3"}
    assert written.spec["tasks"] == [TASK] and written.versions["toolharness"] and written.versions["python"]
    assert written.command[0] == "harness"
    assert sum(row["episodes"] for row in written.outcomes) == 2
    assert written.scores == []  # nothing judged yet
    lines = (out / "samples_mine.jsonl").read_text(encoding="utf-8").splitlines()
    samples = [SampleLine.model_validate_json(line) for line in lines]
    assert len(samples) == 2 and {s.group for s in samples} == {"G1_instruction"}
    assert all(s.trajectory["query_id"] == s.query_id and s.query for s in samples)

    judged = tmp_path / "judged"
    _invoke("eval", "--run", "mine", "--db", db, "--output_path", str(judged))
    results = json.loads((judged / "results_mine.json").read_text(encoding="utf-8"))
    assert results["format"] == "toolharness-results/1" and set(results["git"]) == {"commit", "dirty"}
    rates = [s for s in results["scores"] if s["metric"] == "pass_rate"]
    assert rates and all({"value", "ci_low", "ci_high", "n", "group"} <= set(s) for s in rates)
    assert not (judged / "samples_mine.jsonl").exists()  # only with --log_samples


def test_model_args_and_m_add_up_but_never_twice(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["run", "--model", "baseline", "-M", "max_calls=3", "--model_args", "max_calls=4", "--tasks", TASK,
         "--db", str(tmp_path / "r.duckdb")],
    )  # fmt: skip
    assert result.exit_code == 2 and "'max_calls' is given twice" in result.output


def test_log_samples_needs_an_output_path(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["run", "--model", "baseline", "--tasks", TASK, "--db", str(tmp_path / "r.duckdb"), "--log_samples"]
    )
    assert result.exit_code == 2 and "--output_path" in result.output
