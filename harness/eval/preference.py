"""Win-rate votes: ToolBench's preference procedure, with the judge asked in both answer orders.

For one query answered by a candidate run and a reference run, one vote goes:

1. the pass-label shortcut: when one run passed the query and the other failed, the one that passed
   wins without asking the judge;
2. identical answers (same final answer, same steps) tie;
3. ToolBench's preference rule on the answer statuses: when exactly one answer is Solved it wins;
   when neither is, an answer that is Unsure beats one that is Unsolved;
4. otherwise the judge picks the better answer, first on the final answers, then on the process.
   It is asked twice, once with each answer first; when the two picks disagree, the choice
   followed the position rather than the answers, and the vote is a tie.

Under a profile with ``vote_order="shuffled"`` (ToolBench's), each vote instead shows the two answers
in an order drawn by a seeded coin and asks the judge once; the status rule reads the statuses in
the reference-first order against the shuffled answers, as ToolEval's ``shuffle_run`` does (it
permutes the answers, not their statuses), so a pair whose statuses differ is decided by the coin.

(StableToolBench meant to alternate the order between rounds, but the branch that swaps it can
never run, so every one of its votes shows the reference first.)
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.eval.evidence import answer_json, same_answers
from harness.eval.labels import AnswerStatus, Preference, Vote
from harness.eval.llm import JudgeModel
from harness.eval.pass_rate import vote_seed
from harness.eval.prompts import BETTER_ANSWER, PROMPT_VERSION
from harness.eval.tooleval_wording import better_answer_arguments, preference_answer
from harness.eval.voting import coin
from harness.toolbench.converted import to_converted
from harness.types.trajectory import Trajectory


@dataclass(frozen=True)
class PassSummary:
    """What a run's pass-rate votes say about one query: its pass value and majority answer status."""

    value: float
    answer_status: AnswerStatus | None = None


@dataclass(frozen=True)
class Pair:
    """One query answered by both runs."""

    candidate: Trajectory
    reference: Trajectory
    candidate_pass: PassSummary
    reference_pass: PassSummary

    def by_side(self) -> dict[Preference, Trajectory]:
        """Each side's episode."""
        return {Preference.REFERENCE: self.reference, Preference.CANDIDATE: self.candidate}


def _shortcut(pair: Pair) -> tuple[Preference, str] | None:
    c, r = pair.candidate_pass, pair.reference_pass
    if c.value == 1.0 and r.value == 0.0:
        return Preference.CANDIDATE, "the candidate passed and the reference failed"
    if c.value == 0.0 and r.value == 1.0:
        return Preference.REFERENCE, "the reference passed and the candidate failed"
    if same_answers(pair.candidate, pair.reference):
        return Preference.TIE, "both runs gave the same answer through the same steps"
    for status in (AnswerStatus.SOLVED, AnswerStatus.UNSURE):
        c_has, r_has = c.answer_status is status, r.answer_status is status
        if c_has != r_has:
            winner = Preference.CANDIDATE if c_has else Preference.REFERENCE
            return winner, f"only the {winner.value}'s answer is {status.value}"
        if c_has:
            return None  # both Solved (or both Unsure): the judge decides
    return None


class PreferenceJudge:
    """Casts win-rate votes; with no judge model (the rule judge) what the shortcuts leave is a tie."""

    def __init__(self, judge: JudgeModel | None, name: str, seed: int = 0, order: str = "both") -> None:
        self.judge = judge
        self.name = name
        self.seed = seed
        self.order = order

    async def vote(self, pair: Pair, index: int) -> Vote:
        """Vote number ``index`` on ``pair`` (label: candidate, reference or tie)."""
        if self.order == "shuffled":
            return await self._shuffled_vote(pair, index)
        decided = _shortcut(pair)
        if decided is not None:
            return Vote(decided[0], decided[1], deterministic=True)
        if self.judge is None:
            why = "the rule judge cannot rank two answers with the same label"
            return Vote(Preference.TIE, why, deterministic=True)
        query = pair.candidate.query or pair.reference.query
        seed = vote_seed(self.seed, index)
        ref_json, cand_json = answer_json(pair.reference), answer_json(pair.candidate)
        first = await self.judge.ask(
            BETTER_ANSWER, {"Request": query, "Answer 0": ref_json, "Answer 1": cand_json}, seed
        )
        second = await self.judge.ask(
            BETTER_ANSWER, {"Request": query, "Answer 0": cand_json, "Answer 1": ref_json}, seed
        )
        pick_first = Preference.REFERENCE if first.value == "0" else Preference.CANDIDATE
        pick_second = Preference.CANDIDATE if second.value == "0" else Preference.REFERENCE
        label = pick_first if pick_first == pick_second else Preference.TIE
        reason = (
            f"reference shown first: {pick_first.value} ({first.reason}) | "
            f"candidate shown first: {pick_second.value} ({second.reason})"
        )
        return Vote(
            label,
            reason,
            tokens=first.tokens + second.tokens,
            cost_usd=first.cost_usd + second.cost_usd,
            details={
                "reference_first": pick_first.value,
                "candidate_first": pick_second.value,
                "calls": first.calls + second.calls,
                "cached": first.cached + second.cached,
                "prompt_version": PROMPT_VERSION,
            },
        )

    async def _shuffled_vote(self, pair: Pair, index: int) -> Vote:
        """One vote as ToolEval casts it: the pass-label shortcut, else one order drawn by a coin."""
        c, r = pair.candidate_pass, pair.reference_pass
        if {c.value, r.value} == {0.0, 1.0}:
            winner = Preference.CANDIDATE if c.value == 1.0 else Preference.REFERENCE
            return Vote(winner, f"only the {winner.value} passed", deterministic=True)
        swapped = coin(f"{self.seed}:{pair.candidate.query_id}:{index}")
        shown = (
            [Preference.CANDIDATE, Preference.REFERENCE] if swapped else [Preference.REFERENCE, Preference.CANDIDATE]
        )
        statuses = [r.answer_status, c.answer_status]  # not permuted with the answers (ToolEval's shuffle_run)
        order = "candidate first" if swapped else "reference first"
        for status in (AnswerStatus.SOLVED, AnswerStatus.UNSURE):
            holding = [i for i, s in enumerate(statuses) if s is status]
            if len(holding) == 1:
                winner = shown[holding[0]]
                return Vote(winner, f"{order}: the answer in place {holding[0]} is {status.value}")
            if holding:
                break
        if self.judge is None:
            return Vote(Preference.TIE, "the rule judge cannot rank two answers with the same label")
        query = pair.candidate.query or pair.reference.query
        entries = {p: preference_answer(to_converted(t).answer.model_dump()) for p, t in pair.by_side().items()}
        first, second = entries[shown[0]], entries[shown[1]]
        if first["final_answer"] == second["final_answer"] and str(first["answer_details"]) == str(
            second["answer_details"]
        ):
            # ToolEval's check_identity_answers: the same answer twice is picked at random, unasked.
            winner = shown[0] if coin(f"{self.seed}:{pair.candidate.query_id}:{index}:same") else shown[1]
            return Vote(winner, f"{order}: identical answers, {winner.value} drawn at random")
        if self.judge.tooleval is not None:
            # ToolEval's question on its processed answers (cut, without "method"), as JSON.
            arguments = better_answer_arguments(query, first, second)
            picked = await self.judge.ask_tooleval("select_better_answer", arguments, vote_seed(self.seed, index))
        else:
            answers = {p: answer_json(t) for p, t in pair.by_side().items()}
            material = {"Request": query, "Answer 0": answers[shown[0]], "Answer 1": answers[shown[1]]}
            picked = await self.judge.ask(BETTER_ANSWER, material, vote_seed(self.seed, index))
        winner = shown[0] if picked.value == "0" else shown[1]
        return Vote(
            winner,
            f"{order}: {winner.value} ({picked.reason})",
            tokens=picked.tokens,
            cost_usd=picked.cost_usd,
            details={"order": order, "calls": picked.calls, "cached": picked.cached, "prompt_version": PROMPT_VERSION},
        )
