"""A task's defaults and groups as a run and an evaluation see them: what a task implies lands in the
RunSpec exactly as if it had been typed, the user's options win, and disagreeing tasks are an error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.eval.evaluate import load_gold
from harness.eval.judges import DEFAULT_JUDGE_MODEL
from harness.eval.task_defaults import EvalChoice, eval_choice
from harness.runner.plan import RunRequest, plan_run, request_from_spec
from harness.tasks import GROUPS, TaskError, TaskSpec
from tests.conftest import REPO
from tests.runner.conftest import make_task

runner = CliRunner()
SANDBOX = REPO / "tasks" / "sandbox"


def _defaults(root: Path, group: str, defaults: dict[str, Any]) -> str:
    """The runner tests' task for ``group``, given ``defaults`` through an included file."""
    name = make_task(root, group, 3)
    path = root / f"{name}.yaml"
    (root / "sandboxtest" / f"_{group}.yaml").write_text(json.dumps({"defaults": defaults}))
    path.write_text(json.dumps({**json.loads(path.read_text()), "include": f"_{group}.yaml"}))
    return name


def test_task_defaults_land_in_the_spec_as_if_typed(task_root: Path) -> None:
    task = _defaults(
        task_root,
        "G1_instruction",
        {"strategy": "dfsdt", "strategy_args": {"width": 3}, "limits": {"max_calls": 40, "wall_time_s": 60}},
    )
    implied = plan_run(RunRequest(model="scripted", tasks=[task]))
    typed = plan_run(
        RunRequest(
            model="scripted",
            strategy="dfsdt",
            strategy_args={"width": "3", "max_calls": "40", "wall_time_s": "60"},
            tasks=[task],
        )
    )
    assert implied.spec == typed.spec and implied.name == typed.name
    assert implied.spec.strategy_args == {"width": 3, "max_depth": 12, "max_calls": 40, "wall_time_s": 60.0}
    # The user's -S and --strategy win; another strategy keeps the limits but not dfsdt's width.
    mine = plan_run(RunRequest(model="scripted", strategy_args={"max_calls": "7"}, tasks=[task]))
    assert mine.spec.strategy_args["max_calls"] == 7 and mine.spec.strategy_args["width"] == 3
    react = plan_run(RunRequest(model="scripted", strategy="react", tasks=[task]))
    assert react.spec.strategy == "react" and react.spec.strategy_args["max_calls"] == 40
    assert "width" not in react.spec.strategy_args
    # --resume replays the stored spec: the task's defaults may not add or change anything.
    again = request_from_spec(implied.spec.model_dump(mode="json"), implied.name)
    assert not again.task_defaults and plan_run(again).run_id == implied.run_id


def test_disagreeing_tasks_name_the_option_to_pass(task_root: Path) -> None:
    first = _defaults(task_root, "G1_instruction", {"strategy": "dfsdt", "limits": {"max_calls": 40}})
    second = _defaults(task_root, "G1_tool", {"strategy": "react", "limits": {"max_calls": 50}})
    with pytest.raises(TaskError) as info:
        plan_run(RunRequest(model="scripted", tasks=[first, second]))
    assert str(info.value) == (
        "the tasks have different default strategies (sandboxtest/G1_instruction dfsdt, sandboxtest/G1_tool react); "
        "pass --strategy"
    )
    with pytest.raises(TaskError, match=r"default max_calls .*; pass -S max_calls=VALUE"):
        plan_run(RunRequest(model="scripted", strategy="react", tasks=[first, second]))
    settled = plan_run(
        RunRequest(model="scripted", strategy="react", strategy_args={"max_calls": "9"}, tasks=[first, second])
    )
    assert settled.spec.strategy_args["max_calls"] == 9
    # A task that sets no default does not vote.
    third = make_task(task_root, "G2_category", 2)
    assert plan_run(RunRequest(model="scripted", tasks=[first, third])).spec.strategy == "dfsdt"


def test_no_strategy_anywhere_is_one_line(task_root: Path) -> None:
    task = make_task(task_root, "G1_instruction", 2)
    with pytest.raises(TaskError, match="no --strategy given and sandboxtest/G1_instruction name no default"):
        plan_run(RunRequest(model="scripted", tasks=[task]))


def test_a_group_and_its_tasks_spelled_out_are_the_same_run() -> None:
    group = plan_run(RunRequest(model="baseline", tasks=["sandbox"], limit=2))
    spelled = plan_run(RunRequest(model="baseline", strategy="dfsdt", tasks=[f"sandbox/{g}" for g in GROUPS], limit=2))
    assert group.run_id == spelled.run_id and group.spec.tasks == [f"sandbox/{g}" for g in GROUPS]


def test_cli_run_with_the_sandbox_default_strategy_then_eval_with_the_task_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "runs.duckdb")
    result = runner.invoke(
        app, ["run", "--model", "baseline", "--tasks", "sandbox", "--limit", "1", "--db", db, "--quiet"]
    )
    assert result.exit_code == 0, result.output
    spelled = ",".join(f"sandbox/{g}" for g in GROUPS)
    again = runner.invoke(
        app, ["run", "--model", "baseline", "--strategy", "dfsdt", "--tasks", spelled, "--limit", "1", "--db", db]
    )
    assert "all 6 episodes were already stored" in again.output  # the same run id, so nothing to do
    runs = json.loads(runner.invoke(app, ["ls", "runs", "--db", db, "--json"]).stdout)
    assert [r["name"] for r in runs] == [f"baseline-dfsdt-{runs[0]['run_id'][:8]}"]

    # A user task over the sandbox's files whose defaults name the strategy, a limit and the votes.
    root = tmp_path / "tasks"
    (root / "mine").mkdir(parents=True)
    (root / "mine" / "_defaults.yaml").write_text(
        json.dumps(
            {
                "version": "1",
                "env": {"backend": "local", "catalog": str(REPO / "tasks/toolenv/tools")},
                "judge": "rule",
                "defaults": {"strategy": "react", "limits": {"max_calls": 9}, "votes": 2},
            }
        )
    )
    queries = str(SANDBOX / "test_instruction/G1_instruction.json")
    (root / "mine" / "G1_instruction.yaml").write_text(
        json.dumps(
            {
                "include": "_defaults.yaml",
                "name": "mine/G1_instruction",
                "group": "G1_instruction",
                "source": {"queries": queries},
            }
        )
    )
    monkeypatch.setenv("HARNESS_TASKS_DIR", str(root))
    result = runner.invoke(
        app, ["run", "--model", "baseline", "--tasks", "mine", "--limit", "2", "--db", db, "--name", "m"]
    )
    assert result.exit_code == 0, result.output
    spec = json.loads(runner.invoke(app, ["show", "m", "--db", db, "--json"]).stdout)["spec"]
    assert (
        spec["strategy"] == "react"
        and spec["strategy_args"]["max_calls"] == 9
        and spec["tasks"] == ["mine/G1_instruction"]
    )
    judged = runner.invoke(app, ["eval", "--run", "m", "--db", db, "--json"])
    assert judged.exit_code == 0, judged.output
    report = json.loads(judged.stdout)
    assert (report["judge"], report["votes"]) == ("rule", 2)
    judged = runner.invoke(app, ["eval", "--run", "m", "--db", db, "--json", "--votes", "1"])
    assert json.loads(judged.stdout)["votes"] == 1


def _task(name: str, judge: str, **defaults: Any) -> TaskSpec:
    return TaskSpec.model_validate(
        {"name": name, "group": "g", "version": "1", "source": {"queries": "q"}, "judge": judge, "defaults": defaults}
    )


def test_eval_takes_judge_procedure_and_votes_from_the_tasks() -> None:
    rule, toolbench, sopr = _task("a", "rule"), _task("b", "toolbench"), _task("c", "sopr", votes=5)
    assert eval_choice([rule], None, None, None, "m") == EvalChoice(judge="rule")
    assert eval_choice([toolbench], None, None, None, "m") == EvalChoice(judge="m", procedure="toolbench")
    assert eval_choice([sopr], None, None, None, "m") == EvalChoice(judge="m", procedure="sopr", votes=5)
    assert eval_choice([sopr], "gpt-4o", None, 3, "m") == EvalChoice(judge="gpt-4o", procedure="sopr", votes=3)
    assert eval_choice([sopr], "rule", None, None, "m") == EvalChoice(judge="rule", votes=5)
    assert eval_choice([], None, None, None, DEFAULT_JUDGE_MODEL) == EvalChoice(judge=DEFAULT_JUDGE_MODEL)
    with pytest.raises(TaskError, match=r"different default judges \(a rule, b m\); pass --judge"):
        eval_choice([rule, toolbench], None, None, None, "m")
    with pytest.raises(TaskError, match=r"different default judging procedures .*; pass --procedure"):
        eval_choice([toolbench, sopr], None, None, None, "m")
    chosen = _task("d", "openai:gpt-4o", procedure="sopr")
    assert eval_choice([chosen], None, None, None, "m") == EvalChoice(judge="openai:gpt-4o", procedure="sopr")


def test_eval_reads_gold_from_a_group() -> None:
    gold = load_gold(["sandbox-instruction"], None)
    assert {group for group, _ in gold} == {"G1_instruction", "G2_instruction", "G3_instruction"}
    assert len(gold) == 600
