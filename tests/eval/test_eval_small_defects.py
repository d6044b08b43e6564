"""Small defects of `harness eval`: a win rate over no common query, and early stopping credited
with votes that a failing judge never cast."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from harness.models.scripted import ScriptedModel
from harness.runner.execute import Totals
from harness.runner.plan import RunRequest, plan_run
from harness.runner.run import execute_plan
from tests.eval.judging import judge_server
from tests.eval.test_eval_cli import invoke, oracle, suite  # noqa: F401  # suite is a fixture
from tests.fakes.http_server import RecordedRequest, http_error
from tests.strategies.scripted_world import CannedEnv


def run_on(db: Path, name: str, task: str) -> None:
    """The oracle on one task of the gold suite."""
    request = RunRequest(model="scripted", model_args={"kind": name}, strategy="react", tasks=[task], name=name)
    model = ScriptedModel(responder=oracle)
    asyncio.run(
        execute_plan(plan_run(request), model, lambda t: CannedEnv(("alpha",)), db, Totals(), show_progress=False)
    )


def test_a_win_rate_over_no_common_query_is_bad_input(suite: Path) -> None:  # noqa: F811
    run_on(suite, "one", "goldtest/G1_instruction")
    run_on(suite, "two", "goldtest/G2_category")
    result = invoke("eval", "--run", "one", "--reference", "two", "--judge", "rule", "--db", str(suite))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert "runs 'one' and 'two' have no query in common" in result.output
    with duckdb.connect(str(suite), read_only=True) as conn:  # refused before a vote was cast
        assert conn.execute("SELECT count(*) FROM judgments").fetchone() == (0,)


def test_votes_a_failing_judge_never_cast_are_not_saved_by_early_stopping(
    suite: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run_on(suite, "one", "goldtest/G2_category")

    def refuse(request: RecordedRequest) -> Any:
        return http_error(400, message="context length exceeded")

    with judge_server(monkeypatch, "sk-cli-judge-123") as server:
        server.default_reply = refuse
        args = ["eval", "--run", "one", "--judge", "gpt-4o", "--votes", "5", "--db", str(suite)]
        table = invoke(*args, "-M", "retry_base=0.01")
        report = json.loads(invoke(*args, "--json", "-M", "retry_base=0.01").stdout)
    assert table.exit_code == 1, table.output
    assert "early stop saved" not in table.output and "0 new votes" in table.output
    assert report["pass_rate"]["votes"]["saved"] == 0
    assert len(report["pass_rate"]["errors"]) == 5
