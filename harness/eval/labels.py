"""The labels a judge gives, ToolBench's pass / fail / unsure table, and one judge vote."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class AnswerStatus(StrEnum):
    """Whether the final answer solves the query."""

    SOLVED = "Solved"
    UNSOLVED = "Unsolved"
    UNSURE = "Unsure"


class TaskStatus(StrEnum):
    """Whether the query can be solved with the tools offered."""

    SOLVABLE = "Solvable"
    UNSOLVABLE = "Unsolvable"
    UNSURE = "Unsure"


class PassLabel(StrEnum):
    """One pass-rate vote."""

    PASSED = "passed"
    FAILED = "failed"
    UNSURE = "unsure"


class Preference(StrEnum):
    """One win-rate vote: which of the two runs' answers is better."""

    CANDIDATE = "candidate"
    REFERENCE = "reference"
    TIE = "tie"


class UnsurePolicy(StrEnum):
    """What an ``unsure`` pass-rate vote counts as. ToolBench flips a coin (``random``); our default
    counts it as half a pass, so that the same votes always give the same score."""

    RANDOM = "random"
    FAIL = "fail"
    HALF = "half"


def pass_label(answer: AnswerStatus, task: TaskStatus | None) -> PassLabel:
    """ToolBench's table. A solved answer passes whatever the task; otherwise the task decides:

    ============  ==========  ==========  ==========
    answer        Solvable    Unsure      Unsolvable
    ============  ==========  ==========  ==========
    Unsolved      failed      unsure      passed
    Unsure        unsure      unsure      passed
    ============  ==========  ==========  ==========
    """
    if answer is AnswerStatus.SOLVED:
        return PassLabel.PASSED
    if task is TaskStatus.UNSOLVABLE:
        return PassLabel.PASSED
    if answer is AnswerStatus.UNSOLVED and task is TaskStatus.SOLVABLE:
        return PassLabel.FAILED
    if task is None:
        raise ValueError("an answer that is not solved needs the task's solvability")
    return PassLabel.UNSURE


# The value each label contributes before the unsure policy is applied.
LABEL_SCORES: dict[str, float] = {
    PassLabel.PASSED: 1.0,
    PassLabel.FAILED: 0.0,
    PassLabel.UNSURE: 0.5,
    AnswerStatus.SOLVED: 1.0,
    AnswerStatus.UNSOLVED: 0.0,
    AnswerStatus.UNSURE: 0.5,
    Preference.CANDIDATE: 1.0,
    Preference.REFERENCE: 0.0,
    Preference.TIE: 0.5,
}


@dataclass
class Vote:
    """One judge vote with everything needed to audit it.

    ``deterministic`` votes (no Finish call, a rule verdict, the pass-label shortcut) would come out
    the same every time, so one stands for all N and no judge is asked again.
    """

    label: str
    reason: str
    deterministic: bool = False
    tokens: int = 0
    cost_usd: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def score(self) -> float:
        """1 for a pass (or a candidate win), 0 for a fail, 0.5 in between."""
        return LABEL_SCORES[self.label]
