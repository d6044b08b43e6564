"""The LLM pass-rate procedures: ToolBench's ToolEval and StableToolBench's solvable pass rate (SoPR).

One call of ``vote`` is one evaluation of one episode, as ToolEval repeats them:

- no Finish call: failed, without asking the judge (the same every time);
- an empty answer or a give-up: the answer is Unsolved without asking;
- otherwise the judge grades the final answer, and grades it again against the whole chain of steps
  when it is unsure;
- ``toolbench`` then, unless solved, asks whether the task is solvable with the tools offered and
  reads the pass / fail / unsure table (``labels.pass_label``); ``sopr`` stops at the answer status.
"""

from __future__ import annotations

from collections.abc import Awaitable

from harness.eval.base import EvalItem
from harness.eval.evidence import (
    GIVE_UP_MARKER,
    answer_json,
    final_answer,
    has_finish,
    is_empty_or_give_up,
    tools_json,
)
from harness.eval.labels import AnswerStatus, PassLabel, TaskStatus, Vote, pass_label
from harness.eval.llm import JudgeModel, Verdict
from harness.eval.prompts import ANSWER_STATUS, ANSWER_STATUS_WITH_TRACE, PROMPT_VERSION, TASK_SOLVABLE
from harness.eval.tooleval_wording import answer_status_arguments, task_arguments, trace_status_arguments
from harness.toolbench.converted import to_converted
from harness.types.trajectory import Trajectory

PROCEDURES = ("toolbench", "sopr")


def vote_seed(seed: int, index: int) -> int:
    """The sampling seed of vote ``index``: votes differ, re-asking the same vote does not."""
    return seed * 1_000 + index


class _Tally:
    """The cost of one vote's judge calls, and its reasons."""

    def __init__(self) -> None:
        self.tokens = 0
        self.cost_usd = 0.0
        self.calls = 0
        self.cached = 0
        self.reasons: list[str] = []

    def add(self, step: str, verdict: Verdict) -> str:
        self.tokens += verdict.tokens
        self.cost_usd += verdict.cost_usd
        self.calls += verdict.calls
        self.cached += verdict.cached
        because = f" ({verdict.reason})" if verdict.reason else ""
        self.reasons.append(f"{step}: {verdict.value}{because}")
        return verdict.value

    def vote(self, label: str, details: dict[str, object]) -> Vote:
        return Vote(
            label,
            " | ".join(self.reasons),
            tokens=self.tokens,
            cost_usd=self.cost_usd,
            details={**details, "calls": self.calls, "cached": self.cached, "prompt_version": PROMPT_VERSION},
        )


async def answer_status(judge: JudgeModel, item: EvalItem, seed: int, tally: _Tally) -> AnswerStatus:
    """ToolEval's answer check: the final answer alone, then the whole chain when that is unsure."""
    traj = item.trajectory
    if judge.tooleval is not None:
        return await _tooleval_answer_status(judge, traj, seed, tally)
    if is_empty_or_give_up(traj):
        tally.reasons.append("answer: Unsolved (empty answer or gave up)")
        return AnswerStatus.UNSOLVED
    material = {"Request": traj.query, "Final answer": final_answer(traj)}
    status = AnswerStatus(tally.add("answer", await judge.ask(ANSWER_STATUS, material, seed)))
    if status is AnswerStatus.UNSURE:
        material = {"Request": traj.query, "Answer (JSON)": answer_json(traj)}
        status = AnswerStatus(tally.add("answer with steps", await judge.ask(ANSWER_STATUS_WITH_TRACE, material, seed)))
    return status


async def _tooleval_answer_status(judge: JudgeModel, traj: Trajectory, seed: int, tally: _Tally) -> AnswerStatus:
    """The same check in ToolEval's words, on the converted entry (raw Finish JSON, whole answer)."""
    answer = to_converted(traj).answer.model_dump()
    if answer["final_answer"] == "" or GIVE_UP_MARKER in answer["final_answer"]:
        tally.reasons.append("answer: Unsolved (empty answer or gave up)")
        return AnswerStatus.UNSOLVED
    verdict = await judge.ask_tooleval("check_answer_status", answer_status_arguments(traj.query, answer), seed)
    status = AnswerStatus(tally.add("answer", verdict))
    if status is AnswerStatus.UNSURE:
        verdict = await judge.ask_tooleval("parse_answer_status", trace_status_arguments(traj.query, answer), seed)
        status = AnswerStatus(tally.add("answer with steps", verdict))
    return status


def _task_verdict(judge: JudgeModel, traj: Trajectory, seed: int) -> Awaitable[Verdict]:
    if judge.tooleval is not None:
        tools = to_converted(traj).available_tools
        return judge.ask_tooleval("check_task_solvable", task_arguments(traj.query, tools), seed)
    material = {"Request": traj.query, "Tools offered (JSON)": tools_json(traj)}
    return judge.ask(TASK_SOLVABLE, material, seed)


class ToolBenchPassRate:
    """ToolBench's ToolEval pass rate with an LLM judge (``toolbench:<model>``)."""

    majority = True

    def __init__(self, judge: JudgeModel, seed: int = 0) -> None:
        self.judge = judge
        self.seed = seed
        self.name = f"toolbench:{judge.name}"

    async def vote(self, item: EvalItem, index: int) -> Vote:
        """One evaluation: answer status, task solvability when not solved, then the table."""
        traj = item.trajectory
        if not has_finish(traj):
            return Vote(
                PassLabel.FAILED,
                "no Finish call: failed without asking the judge",
                deterministic=True,
                details={"answer_status": AnswerStatus.UNSOLVED.value, "task_status": TaskStatus.SOLVABLE.value},
            )
        tally = _Tally()
        seed = vote_seed(self.seed, index)
        answer = await answer_status(self.judge, item, seed, tally)
        task: TaskStatus | None = None
        if answer is AnswerStatus.SOLVED:
            task = TaskStatus.SOLVABLE
        else:
            task = TaskStatus(tally.add("task", await _task_verdict(self.judge, traj, seed)))
        label = pass_label(answer, task)
        return tally.vote(label, {"answer_status": answer.value, "task_status": task.value})


class SoPRPassRate:
    """StableToolBench's solvable pass rate (``sopr:<model>``): each round scores the answer status
    (Solved 1, Unsure 0.5, Unsolved 0); the pass rate is the mean over rounds, with its spread."""

    majority = False

    def __init__(self, judge: JudgeModel, seed: int = 0) -> None:
        self.judge = judge
        self.seed = seed
        self.name = f"sopr:{judge.name}"

    async def vote(self, item: EvalItem, index: int) -> Vote:
        """One round: the answer status alone."""
        traj = item.trajectory
        if not has_finish(traj) or is_empty_or_give_up(traj):
            why = "no Finish call" if not has_finish(traj) else "empty answer or gave up"
            return Vote(
                AnswerStatus.UNSOLVED,
                f"{why}: Unsolved without asking the judge",
                deterministic=True,
                details={"answer_status": AnswerStatus.UNSOLVED.value},
            )
        tally = _Tally()
        status = await answer_status(self.judge, item, vote_seed(self.seed, index), tally)
        return tally.vote(status, {"answer_status": status.value})
