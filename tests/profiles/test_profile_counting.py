"""The counting a profile switches: vote order, the status the win step reads, ids one run lacks."""

from __future__ import annotations

import asyncio
from collections import Counter

from harness.eval.evaluate import pass_summary
from harness.eval.labels import AnswerStatus, PassLabel, Preference, Vote
from harness.eval.preference import Pair, PassSummary, PreferenceJudge
from harness.types.trajectory import NodeKind, Trajectory, TrajectoryNode

ROOT = [TrajectoryNode(id=0, parent_id=None, kind=NodeKind.ROOT)]


def _pair(candidate: AnswerStatus, reference: AnswerStatus) -> Pair:
    # Pass values of 0.5 on both sides keep the pass-label shortcut out of the way.
    return Pair(
        Trajectory(query_id="q1", query="q", final_answer="c", nodes=ROOT),
        Trajectory(query_id="q1", query="q", final_answer="r", nodes=ROOT),
        PassSummary(0.5, candidate),
        PassSummary(0.5, reference),
    )


def _labels(judge: PreferenceJudge, pair: Pair, votes: int) -> Counter[str]:
    async def cast() -> list[Vote]:
        return [await judge.vote(pair, i) for i in range(votes)]

    return Counter(v.label for v in asyncio.run(cast()))


def test_differing_statuses_are_decided_by_the_shuffle_under_toolbench_order() -> None:
    pair = _pair(candidate=AnswerStatus.UNSOLVED, reference=AnswerStatus.SOLVED)
    ours = _labels(PreferenceJudge(None, "rule"), pair, 40)
    shuffled = _labels(PreferenceJudge(None, "rule", order="shuffled"), pair, 40)
    assert ours == Counter({Preference.REFERENCE: 40})
    # ToolEval permutes the answers, not their statuses: the solved status lands on either answer.
    assert shuffled[Preference.REFERENCE] > 5 and shuffled[Preference.CANDIDATE] > 5
    again = _labels(PreferenceJudge(None, "rule", order="shuffled"), pair, 40)
    assert again == shuffled  # the coin is seeded: the same votes again


def test_the_win_step_reads_the_majority_or_the_last_vote() -> None:
    votes = [
        Vote(PassLabel.PASSED, "", details={"answer_status": "Solved"}),
        Vote(PassLabel.PASSED, "", details={"answer_status": "Solved"}),
        Vote(PassLabel.FAILED, "", details={"answer_status": "Unsolved"}),
    ]
    assert pass_summary(votes, 3, 1.0).answer_status is AnswerStatus.SOLVED
    assert pass_summary(votes, 3, 1.0, last=True).answer_status is AnswerStatus.UNSOLVED
