"""ToolBench's pass / fail / unsure table, the two LLM procedures, and the rule judge."""

from __future__ import annotations

import asyncio

import pytest

from harness.eval.base import EvalItem
from harness.eval.labels import AnswerStatus, PassLabel, TaskStatus, pass_label
from harness.eval.pass_rate import SoPRPassRate, ToolBenchPassRate
from harness.eval.rule import RuleJudge
from harness.types.query import Gold, Query
from harness.types.trajectory import FinishType
from tests.eval.judging import asked, episode, table_judge

ANSWER, TRACE, TASK = "grade_final_answer", "grade_answer_with_trace", "grade_task_solvability"

TABLE = [
    (AnswerStatus.SOLVED, TaskStatus.SOLVABLE, PassLabel.PASSED),
    (AnswerStatus.SOLVED, TaskStatus.UNSURE, PassLabel.PASSED),
    (AnswerStatus.SOLVED, TaskStatus.UNSOLVABLE, PassLabel.PASSED),
    (AnswerStatus.UNSOLVED, TaskStatus.SOLVABLE, PassLabel.FAILED),
    (AnswerStatus.UNSOLVED, TaskStatus.UNSURE, PassLabel.UNSURE),
    (AnswerStatus.UNSOLVED, TaskStatus.UNSOLVABLE, PassLabel.PASSED),
    (AnswerStatus.UNSURE, TaskStatus.SOLVABLE, PassLabel.UNSURE),
    (AnswerStatus.UNSURE, TaskStatus.UNSURE, PassLabel.UNSURE),
    (AnswerStatus.UNSURE, TaskStatus.UNSOLVABLE, PassLabel.PASSED),
]


@pytest.mark.parametrize(("answer", "task", "label"), TABLE)
def test_every_branch_of_the_pass_table(answer: AnswerStatus, task: TaskStatus, label: PassLabel) -> None:
    assert pass_label(answer, task) is label


@pytest.mark.parametrize(("answer", "task", "label"), TABLE)
def test_toolbench_procedure_asks_what_the_table_needs(
    answer: AnswerStatus, task: TaskStatus, label: PassLabel
) -> None:
    # An unsure answer is re-checked against the whole trajectory; here the re-check agrees.
    judge, model = table_judge({ANSWER: answer.value, TRACE: answer.value, TASK: task.value})
    vote = asyncio.run(ToolBenchPassRate(judge).vote(EvalItem("G1", episode()), 0))
    assert vote.label == label
    expected = [ANSWER] + ([TRACE] if answer is AnswerStatus.UNSURE else [])
    expected += [] if answer is AnswerStatus.SOLVED else [TASK]
    assert asked(model) == expected
    assert vote.details["answer_status"] == answer.value
    assert vote.tokens == 110 * len(expected) and not vote.deterministic
    assert vote.reason.count("said") == len(expected)


def test_trace_recheck_decides_an_unsure_answer() -> None:
    judge, model = table_judge({ANSWER: "Unsure", TRACE: "Solved", TASK: "Solvable"})
    vote = asyncio.run(ToolBenchPassRate(judge).vote(EvalItem("G1", episode()), 0))
    assert vote.label == PassLabel.PASSED and asked(model) == [ANSWER, TRACE]
    trace_prompt = model.requests[1][0][-1].content or ""
    assert "weather_for_sky" in trace_prompt and 'temperature\\": 21' in trace_prompt


def test_no_finish_fails_without_asking_the_judge() -> None:
    judge, model = table_judge({})
    vote = asyncio.run(ToolBenchPassRate(judge).vote(EvalItem("G1", episode(finish=FinishType.NONE)), 0))
    assert vote.label == PassLabel.FAILED and vote.deterministic and model.requests == []


@pytest.mark.parametrize(("task", "label"), [("Solvable", "failed"), ("Unsolvable", "passed"), ("Unsure", "unsure")])
def test_give_up_is_unsolved_then_the_task_decides(task: str, label: str) -> None:
    judge, model = table_judge({TASK: task})
    vote = asyncio.run(ToolBenchPassRate(judge).vote(EvalItem("G1", episode(finish=FinishType.GIVE_UP)), 0))
    assert vote.label == label and asked(model) == [TASK]
    assert vote.details["answer_status"] == "Unsolved"


def test_empty_answer_is_unsolved_without_grading_it() -> None:
    judge, model = table_judge({TASK: "Solvable"})
    vote = asyncio.run(ToolBenchPassRate(judge).vote(EvalItem("G1", episode(answer="  ")), 0))
    assert vote.label == PassLabel.FAILED and asked(model) == [TASK]


def test_sopr_scores_the_answer_status_only() -> None:
    judge, model = table_judge({ANSWER: "Unsure", TRACE: "Unsure"})
    procedure = SoPRPassRate(judge)
    vote = asyncio.run(procedure.vote(EvalItem("G1", episode()), 0))
    assert (vote.label, vote.score) == (AnswerStatus.UNSURE, 0.5) and asked(model) == [ANSWER, TRACE]
    gave_up = asyncio.run(procedure.vote(EvalItem("G1", episode(finish=FinishType.GIVE_UP)), 0))
    assert (gave_up.score, gave_up.deterministic) == (0.0, True) and len(model.requests) == 2
    assert procedure.name == "sopr:stub" and not procedure.majority


def test_votes_use_different_seeds_and_the_same_seed_again() -> None:
    judge, model = table_judge({ANSWER: "Solved"})
    procedure = ToolBenchPassRate(judge, seed=3)
    item = EvalItem("G1", episode())
    for index in (0, 1, 0):
        asyncio.run(procedure.vote(item, index))
    seeds = [config.seed for _, _, config in model.requests]
    assert seeds[0] == seeds[2] != seeds[1]
    assert all(config.tool_choice == ANSWER for _, _, config in model.requests)


def _gold_item(answer: str | None, finish: FinishType = FinishType.GIVE_ANSWER) -> EvalItem:
    query = Query(query_id="1", text="weather?", gold=Gold(facts=["21", "paris", "2024 05 03"]))
    return EvalItem("G1", episode(answer=answer, finish=finish), query)


def test_rule_judge_passes_only_a_full_answer_and_lists_what_is_missing() -> None:
    judge = RuleJudge()
    full = judge.judge(_gold_item("On May 3, 2024 it was 21°C in Paris."))
    assert full.label == PassLabel.PASSED and full.deterministic and full.details["missing"] == []
    partial = judge.judge(_gold_item("It was 21°C in Paris."))
    assert partial.label == PassLabel.FAILED and partial.details["missing"] == ["2024 05 03"]
    assert "'2024 05 03'" in partial.reason
    gave_up = judge.judge(_gold_item(None, FinishType.GIVE_UP))
    assert gave_up.label == PassLabel.FAILED and "gave up" in gave_up.reason
    with pytest.raises(ValueError, match="no gold facts"):
        judge.judge(EvalItem("G1", episode(), Query(query_id="1", text="x")))
