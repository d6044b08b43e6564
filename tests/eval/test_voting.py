"""Counting votes: majorities under each unsure policy, early stop, stored votes re-used, and the
win-rate vote with its order swap and shortcuts."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from harness.eval.ballots import Ballot, collect
from harness.eval.labels import AnswerStatus, PassLabel, Preference, UnsurePolicy, Vote
from harness.eval.preference import Pair, PassSummary, PreferenceJudge
from harness.eval.voting import (
    coin,
    pass_outcome,
    pass_settled,
    pass_value,
    pass_votes_needed,
    pass_votes_to_ask,
    preference_outcome,
    preference_value,
)
from harness.store.judgments import VoteSet
from harness.store.writer import StoreWriter
from tests.eval.judging import asked, episode, table_judge

P, F, U = PassLabel.PASSED, PassLabel.FAILED, PassLabel.UNSURE


@pytest.mark.parametrize(
    ("labels", "policy", "value"),
    [
        ([P, P, F], UnsurePolicy.HALF, 1.0),
        ([P, F, F], UnsurePolicy.HALF, 0.0),
        ([P, F, U], UnsurePolicy.HALF, 0.5),  # the unsure vote weighs half on each side: a tie
        ([P, U, U], UnsurePolicy.HALF, 1.0),
        ([P, U, U], UnsurePolicy.FAIL, 0.0),
        ([P, F, U, U], UnsurePolicy.FAIL, 0.0),
        ([P, F], UnsurePolicy.FAIL, 0.5),
        ([P, F], UnsurePolicy.RANDOM, 1.0),  # ToolBench: a query passes when fails do not outnumber passes
    ],
)
def test_majority_under_each_unsure_policy(labels: list[str], policy: UnsurePolicy, value: float) -> None:
    assert pass_outcome(labels, policy) == value


def test_early_stop_only_when_the_majority_is_settled() -> None:
    assert pass_votes_needed([P, P, P], 7, UnsurePolicy.HALF)
    assert not pass_votes_needed([P, P, P, P], 7, UnsurePolicy.HALF)
    assert not pass_votes_needed([F, F, F, F], 7, UnsurePolicy.HALF)
    # Under "half" a 3-3 split would tie, so 3 passes and 1 fail of 7 is not settled yet.
    assert pass_votes_needed([P, P, P, F], 7, UnsurePolicy.HALF)
    assert not pass_votes_needed([P, P, P, P, F], 7, UnsurePolicy.HALF)
    # Under "fail" unsure votes count against, so 4 passes of 7 settle it but 3 passes + unsure do not.
    assert pass_votes_needed([P, P, P, U], 7, UnsurePolicy.FAIL)
    assert not pass_votes_needed([U, U, U, U], 7, UnsurePolicy.FAIL)
    assert not pass_votes_needed([P] * 7, 7, UnsurePolicy.HALF)


def test_random_policy_flips_a_seeded_coin() -> None:
    flips = [coin(f"run:G1:{q}:0") for q in range(200)]
    assert flips == [coin(f"run:G1:{q}:0") for q in range(200)]
    assert 70 < sum(flips) < 130
    unsure = [Vote(U, "")]
    values = {pass_value(unsure, 1, UnsurePolicy.RANDOM, True, f"run:G1:{q}") for q in range(20)}
    assert values == {0.0, 1.0}
    assert pass_value(unsure, 1, UnsurePolicy.HALF, True, "x") == 0.5


def test_votes_asked_together_are_never_more_than_could_settle() -> None:
    assert pass_votes_to_ask([], 7, UnsurePolicy.HALF, True, "k") == 1
    assert pass_votes_to_ask([Vote(P, "")], 7, UnsurePolicy.HALF, True, "k") == 3
    assert pass_votes_to_ask([Vote(P, ""), Vote(F, "")], 7, UnsurePolicy.HALF, True, "k") == 3  # 4-1 of 7
    assert pass_votes_to_ask([Vote(P, ""), Vote(F, ""), Vote(F, "")], 7, UnsurePolicy.HALF, True, "k") == 2
    assert pass_votes_to_ask([Vote(AnswerStatus.SOLVED, "")], 3, UnsurePolicy.HALF, False, "k") == 2


def test_deterministic_vote_settles_at_once_and_rounds_are_averaged() -> None:
    assert pass_settled([Vote(F, "no Finish", deterministic=True)], 7, UnsurePolicy.HALF, True, "k")
    rounds = [Vote(AnswerStatus.SOLVED, ""), Vote(AnswerStatus.UNSURE, "")]
    assert pass_value(rounds, 3, UnsurePolicy.HALF, False, "k") is None
    assert pass_value([*rounds, Vote(AnswerStatus.UNSOLVED, "")], 3, UnsurePolicy.HALF, False, "k") == 0.5


def test_preference_majority_counts_ties_as_half() -> None:
    c, r, t = Preference.CANDIDATE, Preference.REFERENCE, Preference.TIE
    assert preference_outcome([c, c, r]) == 1.0
    assert preference_outcome([c, t, r]) == 0.5
    assert preference_value([Vote(c, ""), Vote(c, "")], 3) == 1.0  # settled after two of three
    assert preference_value([Vote(c, ""), Vote(r, "")], 3) is None


class CountingJudge:
    """Passes everything except query 'f'; counts its votes."""

    name = "counting"
    majority = True

    def __init__(self) -> None:
        self.calls = 0
        self.in_flight = 0
        self.most_in_flight = 0

    async def vote_on(self, query_id: str, index: int) -> Vote:
        self.calls += 1
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        await asyncio.sleep(0.01)
        self.in_flight -= 1
        return Vote(F if query_id == "f" else P, f"vote {index}", tokens=5)


def _ballots(judge: CountingJudge, total: int) -> list[Ballot]:
    def ballot(qid: str) -> Ballot:
        return Ballot(
            ("G1", qid),
            lambda i: judge.vote_on(qid, i),
            lambda votes: pass_settled(votes, total, UnsurePolicy.HALF, True, qid),
            lambda votes: pass_votes_to_ask(votes, total, UnsurePolicy.HALF, True, qid),
        )

    return [ballot("p"), ballot("f")]


def test_voting_stops_early_and_a_rerun_reuses_stored_votes(tmp_path: Path) -> None:
    judge = CountingJudge()
    vote_set = VoteSet("run1", "counting", "pass_rate")
    with StoreWriter(tmp_path / "db.duckdb") as writer:
        first = asyncio.run(collect(writer, vote_set, _ballots(judge, 7), concurrency=1))
        assert (first.asked, first.reused, judge.calls) == (8, 0, 8)  # 4 of 7 settle each query
        # One vote alone (it could have been deterministic), then the three that could settle it, together.
        assert judge.most_in_flight == 3
        again = asyncio.run(collect(writer, vote_set, _ballots(judge, 7)))
        assert (again.asked, again.reused, judge.calls) == (0, 8, 8)
        assert [v.reason for v in again.votes[("G1", "p")]] == [f"vote {i}" for i in range(4)]
        more = asyncio.run(collect(writer, vote_set, _ballots(judge, 9)))
        assert (more.asked, more.reused, judge.calls) == (2, 8, 10)  # 5 of 9 settle it


def _pair(candidate_answer: str, reference_answer: str, c: PassSummary, r: PassSummary) -> Pair:
    return Pair(episode(answer=candidate_answer), episode(answer=reference_answer), c, r)


UNSURE_BOTH = (PassSummary(0.5, AnswerStatus.UNSURE), PassSummary(0.5, AnswerStatus.UNSURE))


def test_each_vote_is_asked_in_both_orders_and_position_bias_ties() -> None:
    judge, model = table_judge({"choose_better_answer": "0"})  # always the first answer shown
    vote = asyncio.run(PreferenceJudge(judge, "stub").vote(_pair("long answer", "short", *UNSURE_BOTH), 0))
    assert vote.label == Preference.TIE
    assert asked(model) == ["choose_better_answer", "choose_better_answer"]
    first, second = (request[0][-1].content or "" for request in model.requests)
    assert first.index("short") < first.index("long answer") and second.index("long answer") < second.index("short")
    assert vote.details == {
        "reference_first": "reference",
        "candidate_first": "candidate",
        "calls": 2,
        "cached": 0,
        "prompt_version": 1,
    }


def test_a_consistent_preference_wins_in_both_orders() -> None:
    def pick_long(text: str) -> str:
        section = text.split("## Answer 0", 1)[1]
        return "0" if section.split("## Answer 1", 1)[0].count("long answer") else "1"

    judge, _ = table_judge({"choose_better_answer": pick_long})
    vote = asyncio.run(PreferenceJudge(judge, "stub").vote(_pair("long answer", "short", *UNSURE_BOTH), 0))
    assert vote.label == Preference.CANDIDATE and vote.tokens == 220
    vote = asyncio.run(PreferenceJudge(judge, "stub").vote(_pair("short", "long answer", *UNSURE_BOTH), 0))
    assert vote.label == Preference.REFERENCE


@pytest.mark.parametrize(
    ("candidate", "reference", "winner"),
    [
        (PassSummary(1.0, AnswerStatus.SOLVED), PassSummary(0.0, AnswerStatus.UNSOLVED), Preference.CANDIDATE),
        (PassSummary(0.0, AnswerStatus.UNSOLVED), PassSummary(1.0, AnswerStatus.SOLVED), Preference.REFERENCE),
        (PassSummary(0.5, AnswerStatus.SOLVED), PassSummary(0.5, AnswerStatus.UNSURE), Preference.CANDIDATE),
        (PassSummary(0.5, AnswerStatus.UNSOLVED), PassSummary(0.5, AnswerStatus.UNSURE), Preference.REFERENCE),
    ],
)
def test_shortcuts_decide_without_the_judge(candidate: PassSummary, reference: PassSummary, winner: str) -> None:
    judge, model = table_judge({})
    vote = asyncio.run(PreferenceJudge(judge, "stub").vote(_pair("a", "b", candidate, reference), 0))
    assert vote.label == winner and vote.deterministic and model.requests == []


def test_identical_answers_tie_and_the_rule_judge_ties_same_labels() -> None:
    judge, model = table_judge({})
    same = asyncio.run(PreferenceJudge(judge, "stub").vote(_pair("same", "same", *UNSURE_BOTH), 0))
    assert same.label == Preference.TIE and model.requests == []
    passed = PassSummary(1.0, AnswerStatus.SOLVED)
    rule = asyncio.run(PreferenceJudge(None, "rule").vote(_pair("a", "b", passed, passed), 0))
    assert rule.label == Preference.TIE and rule.deterministic
