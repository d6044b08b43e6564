"""`harness eval` and `harness scores` end to end: runs made by the runner on a small suite with gold
facts, judged by the rule judge; an oracle scores 100%, a model that always gives up 0%."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.eval.values import compare_runs, query_values
from harness.models.base import GenerateConfig
from harness.models.oracle import answer_text
from harness.models.scripted import Reply, ScriptedModel
from harness.runner.execute import Totals
from harness.runner.plan import RunRequest, plan_run
from harness.runner.run import execute_plan
from harness.store.connection import StoreError
from harness.toolbench.queries import write_query_file
from harness.types.messages import Function, Message
from harness.types.query import Gold
from tests.eval.judging import judge_server
from tests.fakes.http_server import RecordedRequest, http_error
from tests.fakes.openai_server import Reply as ServerReply
from tests.strategies.scripted_world import CannedEnv, answer, call, query_with_apis

runner = CliRunner()
GROUPS = {"G1_instruction": 8, "G2_category": 5}


def facts(group: str, index: int) -> list[str]:
    return [f"{index * 2.5:.1f}".rstrip("0").rstrip("."), f"2024 05 {index + 1:02d}", f"city {group[1]}"]


@pytest.fixture
def suite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A task per group whose queries carry gold facts; the rule judges them."""
    root = tmp_path / "tasks"
    (root / "goldtest").mkdir(parents=True)
    for group, count in GROUPS.items():
        queries = [
            query_with_apis("alpha", text=f"Question {i} of {group}").model_copy(
                update={"query_id": str(i), "gold": Gold(facts=facts(group, i))}
            )
            for i in range(count)
        ]
        write_query_file(queries, root / "goldtest" / f"{group}.json")
        task = {"name": f"goldtest/{group}", "group": group, "version": "1", "source": {"queries": f"{group}.json"}}
        (root / "goldtest" / f"{group}.yaml").write_text(json.dumps({**task, "judge": "rule"}))
    monkeypatch.setenv("HARNESS_TASKS_DIR", str(root))
    return tmp_path / "runs.duckdb"


def oracle_text(config: GenerateConfig, drop_last_fact: bool = False) -> str:
    # The model never sees the gold; this one knows how the fixture made it.
    assert config.query is not None and config.query.group is not None
    gold = facts(config.query.group, int(config.query.query_id))
    values = gold[:-1] if drop_last_fact else gold
    # Written the way a person would: "May 3 2024" for the gold's normalised "2024 05 03".
    written = [f"May {int(v.split()[2])} 2024" if v.startswith("2024 05 ") else v for v in values]
    return "Found: " + ", ".join(written)


def run(db: Path, name: str, respond: Any, seed: int = 0, kind: str | None = None) -> None:
    """Store a run made by the runner (ReAct) with a scripted model."""
    request = RunRequest(
        model="scripted",
        model_args={"kind": kind or name},
        strategy="react",
        tasks=[f"goldtest/{g}" for g in GROUPS],
        seed=seed,
        name=name,
    )
    model = ScriptedModel(responder=respond) if respond else ScriptedModel()
    asyncio.run(
        execute_plan(plan_run(request), model, lambda t: CannedEnv(("alpha",)), db, Totals(), show_progress=False)
    )


def oracle(messages: list[Message], functions: list[Function], config: GenerateConfig) -> Reply:
    if messages[-1].role == "tool":
        return answer(oracle_text(config))
    return call("alpha")


def sloppy(messages: list[Message], functions: list[Function], config: GenerateConfig) -> Reply:
    """Leaves out a fact in about half the episodes (by episode seed)."""
    if messages[-1].role == "tool":
        return answer(oracle_text(config, drop_last_fact=(config.seed or 0) % 2 == 1))
    return call("alpha")


def invoke(*args: str) -> Any:
    return runner.invoke(app, [*args])


def scores(db: Path, *args: str) -> dict[str, Any]:
    result = invoke("scores", "--db", str(db), "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_oracle_scores_100_and_giving_up_0_with_intervals_per_group(suite: Path) -> None:
    run(suite, "oracle", oracle)
    run(suite, "giveup", None)
    first = invoke("eval", "--run", "oracle", "--db", str(suite))  # the suite says: rule judge
    assert first.exit_code == 0, first.output
    assert "100.0 [100.0, 100.0]" in first.stdout
    assert invoke("eval", "--run", "giveup", "--judge", "rule", "--db", str(suite)).exit_code == 0
    table = scores(suite)
    assert table["groups"] == ["G1_instruction", "G2_category", "average"]
    by_run = {row["run"]: row for row in table["rows"]}
    for name, expected in (("oracle", 1.0), ("giveup", 0.0)):
        row = by_run[name]
        assert row["judge"] == "rule" and row["model"] == "scripted" and row["strategy"] == "CoT@1"
        for group, count in GROUPS.items():
            cell = row["pass_rate"][group]
            assert (cell["value"], cell["ci_low"], cell["ci_high"], cell["n"]) == (expected, expected, expected, count)
        assert row["pass_rate"]["average"]["n"] == sum(GROUPS.values())
    with duckdb.connect(str(suite), read_only=True) as conn:
        reasons = conn.execute(
            "SELECT DISTINCT reason FROM judgments j JOIN runs USING (run_id) WHERE name = 'giveup'"
        ).fetchall()
    assert reasons == [("the episode gave up",)]


def test_missing_facts_are_named_and_the_interval_reflects_the_spread(suite: Path) -> None:
    run(suite, "sloppy", sloppy)
    result = invoke("eval", "--run", "sloppy", "--judge", "rule", "--db", str(suite), "--json")
    report = json.loads(result.stdout)
    cell = report["pass_rate"]["groups"]["G1_instruction"]
    assert 0 < cell["value"] < 1 and cell["ci_low"] < cell["value"] < cell["ci_high"]
    with duckdb.connect(str(suite), read_only=True) as conn:
        rows = conn.execute("SELECT label, details FROM judgments WHERE label = 'failed'").fetchall()
    assert rows and all(json.loads(d)["missing"] == ["city " + json.loads(d)["missing"][0][-1]] for _, d in rows)
    assert cell["failed"] == len([1 for _, d in rows]) - report["pass_rate"]["groups"]["G2_category"]["failed"]


def test_rerun_reuses_votes_and_the_paired_comparison_reads_them(suite: Path) -> None:
    run(suite, "oracle", oracle)
    run(suite, "sloppy", sloppy)
    for name in ("oracle", "sloppy"):
        assert invoke("eval", "--run", name, "--db", str(suite)).exit_code == 0
    again = json.loads(invoke("eval", "--run", "oracle", "--db", str(suite), "--json").stdout)
    assert again["pass_rate"]["votes"]["new"] == 0 and again["pass_rate"]["votes"]["reused"] == 13
    values = query_values(suite, "sloppy", "rule")
    assert len(values) == 13 and set(values.values()) == {0.0, 1.0}
    comparison = compare_runs(suite, "oracle", "sloppy", "rule")
    failed = sum(1 for v in values.values() if v == 0.0)
    assert comparison.n == 13 and comparison.a_only == failed and comparison.b_only == 0
    assert comparison.diff == pytest.approx(-failed / 13) and comparison.ci_high < 0
    with pytest.raises(StoreError, match="harness eval --run oracle"):
        compare_runs(suite, "oracle", "sloppy", "toolbench:gpt-4o")


def test_win_rate_with_the_rule_judge_and_pass_at_k_over_seeds(suite: Path) -> None:
    run(suite, "oracle", oracle)
    for seed in (1, 2, 3):
        run(suite, f"sloppy{seed}", sloppy, seed=seed, kind="sloppy")
    for seed in (1, 2, 3):
        assert invoke("eval", "--run", f"sloppy{seed}", "--db", str(suite)).exit_code == 0
    win = invoke("eval", "--run", "sloppy1", "--reference", "oracle", "--db", str(suite), "--json")
    report = json.loads(win.stdout)
    cell = report["win_rate"]["groups"]["average"]
    lost = sum(1 for v in query_values(suite, "sloppy1", "rule").values() if v == 0.0)
    assert (cell["wins"], cell["losses"], cell["ties"]) == (0, lost, 13 - lost)
    table = scores(suite)
    (family,) = table["repeated"]
    assert family["runs"] == ["sloppy1", "sloppy2", "sloppy3"] and family["samples"] == 3
    outcomes = [query_values(suite, f"sloppy{s}", "rule") for s in (1, 2, 3)]
    all_pass = sum(1 for k in outcomes[0] if all(o[k] == 1.0 for o in outcomes))
    any_pass = sum(1 for k in outcomes[0] if any(o[k] == 1.0 for o in outcomes))
    assert family["pass_hat_k"]["3"] == pytest.approx(all_pass / 13)
    assert family["pass_at_k"]["3"] == pytest.approx(any_pass / 13)
    text = invoke("scores", "--db", str(suite))
    assert "win vs oracle" in text.stdout and "pass@3" in text.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eval", "--run", "nope"], "no run named 'nope'"),
        (["eval", "--run", "oracle", "--judge", "gpt-4o", "--procedure", "rule"], "needs --judge rule"),
        (["eval", "--run", "oracle", "--judge", "rule", "--tasks", "goldtest/missing"], "no task named"),
        (["eval", "--run", "oracle", "--judge", "rule", "-M", "tolerance=1"], "does not take -M tolerance"),
        (["scores", "--runs", "oracle,ghost"], "no run named 'ghost'"),
    ],
)
def test_bad_input_is_one_line(suite: Path, args: list[str], message: str) -> None:
    run(suite, "oracle", oracle)
    result = invoke(*args, "--db", str(suite))
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_imported_runs_need_tasks_for_the_rule_judge(suite: Path, shared_data: Path) -> None:
    converted = (
        shared_data / "stabletoolbench/data_example/model_predictions_converted/virtual_chatgpt_cot/G1_instruction.json"
    )
    assert invoke("import", "converted", str(converted), "--name", "cot", "--db", str(suite)).exit_code == 0
    result = invoke("eval", "--run", "cot", "--judge", "rule", "--db", str(suite))
    assert result.exit_code == 2 and "names no task to read gold facts from; pass --tasks" in result.output
    bad = suite.parent / "bad.json"
    bad.write_text('{"1": {"query": "x"}}')
    result = invoke("import", "converted", str(bad), "--name", "bad", "--db", str(suite.parent / "new.duckdb"))
    assert result.exit_code == 2 and "not a ToolEval converted file" in result.output
    assert not (suite.parent / "new.duckdb").exists()


def test_llm_judge_failures_are_reported_and_the_rest_is_scored(
    suite: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    run(suite, "oracle", oracle)

    def reply(request: RecordedRequest) -> Any:
        prompt = request.body["messages"][-1]["content"]
        if "Question 3 of G1_instruction" in prompt:
            return http_error(400, message="context length exceeded")
        verdict = {"answer_status": "Solved", "reason": "states the values"}
        return ServerReply(tool_calls=[("grade_final_answer", verdict)], usage=(300, 30))

    with judge_server(monkeypatch, "sk-cli-judge-123") as server:
        server.default_reply = reply
        args = ["eval", "--run", "oracle", "--judge", "gpt-4o", "--votes", "3", "--db", str(suite), "--json"]
        result = invoke(*args, "-M", "retry_base=0.01")
        assert result.exit_code == 1
        report = json.loads(result.stdout)
        assert list(report["pass_rate"]["errors"]) == ["G1_instruction/3"]
        assert "context length exceeded" in report["pass_rate"]["errors"]["G1_instruction/3"]
        average = report["pass_rate"]["groups"]["average"]
        assert average["n"] == 12 and average["value"] == 1.0
        # 12 queries settled by 2 unanimous votes of 3 (one asked alone, then one more); the refused
        # request is not retried (a 400 is this request's fault) and costs nothing.
        assert average["judge_tokens"] == 12 * 2 * 330 and report["judge_usage"]["calls"] == 12 * 2
        assert len(server.requests) == 12 * 2 + 1
        assert average["judge_cost_usd"] == pytest.approx(12 * 2 * (300 * 2.5 + 30 * 10) / 1e6)
        assert report["unsure"] == "half" and report["judge"] == "toolbench:gpt-4o"
        again = invoke(*args[:-1], "-M", "retry_base=0.01")  # the table this time; stored votes re-used
        assert again.exit_code == 1
        assert "100.0 [100.0, 100.0]" in again.stdout and "0 new votes, 24 re-used" in again.output
        assert "judge error G1_instruction/3" in again.output and "counts half a pass" in again.output


def test_a_judge_without_its_key_stops_before_any_vote(suite: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(suite, "oracle", oracle)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    result = invoke("eval", "--run", "oracle", "--judge", "gpt-4o", "--db", str(suite))
    assert result.exit_code == 2 and "needs $OPENAI_API_KEY" in result.output
    with duckdb.connect(str(suite), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM judgments").fetchone() == (0,)


def test_sandbox_run_then_rule_eval_then_scores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled sandbox suite: an oracle that states the gold scores 100%, the scripted model
    (which always gives up) 0%, each group with an interval and n."""
    monkeypatch.delenv("HARNESS_TASKS_DIR", raising=False)
    db = tmp_path / "sandbox.duckdb"
    tasks = ["sandbox/G1_instruction", "sandbox/G3_instruction"]

    request = RunRequest(model="scripted", model_args={"kind": "oracle"}, strategy="react", tasks=tasks, limit=4)
    plan = plan_run(request.model_copy(update={"name": "r1"}))
    gold = plan.gold()  # handed to this model when it is made, as the oracle gets it

    def state_the_gold(messages: list[Message], functions: list[Function], config: GenerateConfig) -> Reply:
        assert config.query is not None
        # The oracle's wording: a bound fact must sit next to its context for the rule judge.
        return answer("Here is what I found: " + answer_text(gold[(config.query.group, config.query.query_id)]))

    model = ScriptedModel(responder=state_the_gold)
    asyncio.run(execute_plan(plan, model, lambda t: CannedEnv(("alpha",)), db, Totals(), show_progress=False))
    given_up = invoke("run", "--model", "scripted", "--strategy", "react", "--tasks", ",".join(tasks), "--limit", "4",
                      "--name", "r0", "--db", str(db), "--quiet")  # fmt: skip
    assert given_up.exit_code == 0, given_up.output
    for name in ("r1", "r0"):
        assert invoke("eval", "--run", name, "--judge", "rule", "--db", str(db)).exit_code == 0
    rows = {row["run"]: row["pass_rate"] for row in scores(db)["rows"]}
    for name, expected in (("r1", 1.0), ("r0", 0.0)):
        for group in ("G1_instruction", "G3_instruction", "average"):
            cell = rows[name][group]
            assert (cell["value"], cell["ci_low"], cell["ci_high"]) == (expected, expected, expected)
            assert cell["n"] == (8 if group == "average" else 4)


# What `harness scores` must not import: the run command, the runner, the judges and the core types
# are what made a fresh `harness scores` process cost a second before any table was read.
NOT_FOR_SCORES = (
    "harness.cli.run",
    "harness.cli.eval",
    "harness.runner",
    "harness.eval.evaluate",
    "harness.eval.judges",
    "harness.models",
    "harness.tasks",
    "harness.types.trajectory",
    "harness.types.docs",
    "harness.types.query",
    "harness.store.writer",
)


def test_scores_in_a_fresh_process_imports_only_the_reading_side(suite: Path) -> None:
    run(suite, "oracle", oracle)
    assert invoke("eval", "--run", "oracle", "--db", str(suite)).exit_code == 0
    probe = (
        "import json, runpy, sys\n"
        f"sys.argv = ['harness', 'scores', '--json', '--db', {str(suite)!r}]\n"
        "try:\n"
        "    runpy.run_module('harness.cli.main', run_name='__main__')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print('MODULES=' + json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    table = json.loads(done.stdout[: done.stdout.index("MODULES=")])
    assert table["rows"][0]["pass_rate"]["average"]["value"] == 1.0
    modules = json.loads(done.stdout.splitlines()[-1].removeprefix("MODULES="))
    loaded = [m for m in modules if any(m == n or m.startswith(n + ".") for n in NOT_FOR_SCORES)]
    assert loaded == []
