"""The rule judge: deterministic, for suites whose queries carry gold facts.

An answer passes when it states every gold fact (``harness.eval.matching``) and grounding finds
nothing wrong with it (``harness.eval.grounding``: invented values, several values where one is
asked, weak facts said about nothing, a dump of the responses). Grounding reads the observations of
the trajectory judged, never the gold path's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from harness.eval.base import EvalItem
from harness.eval.evidence import final_answer
from harness.eval.grounding import check_grounding
from harness.eval.labels import PassLabel, Vote
from harness.eval.matching import MatchOptions, missing_facts, tokenize
from harness.types.query import Gold
from harness.types.trajectory import FinishType

RULE_JUDGE = "rule"


def verdict(
    answer: str,
    gold: Gold,
    query_text: str,
    observations: Sequence[str],
    options: MatchOptions | None = None,
    *,
    quick: bool = False,
) -> tuple[bool, str, dict[str, Any]]:
    """(passed, reason, details) of a given answer: every gold fact stated and no grounding problem.
    ``observations`` are the raw observations of the episode that produced the answer; ``quick``
    stops at the first kind of problem (the verdict is the same, the details shorter)."""
    tokens = tokenize(answer)
    missing = missing_facts(answer, gold.facts, options or MatchOptions(), tokens=tokens)
    if quick and missing:
        return False, f"{len(missing)} of {len(gold.facts)} facts missing", {"missing": missing}
    found = check_grounding(answer, gold, query_text, observations, tokens=tokens, quick=quick)
    problems = list(found.problems)
    if missing:
        problems.insert(0, f"{len(missing)} of {len(gold.facts)} facts missing: " + "; ".join(repr(f) for f in missing))
    details: dict[str, Any] = {
        "missing": missing,
        "facts": len(gold.facts),
        "ungrounded": found.ungrounded,
        "several": found.several,
        "unbound": found.unbound,
        "extras": len(found.extras),
    }
    if problems:
        return False, "; ".join(problems), details
    return True, f"states all {len(gold.facts)} gold facts", details


class RuleJudge:
    """Pass iff the episode ends with ``give_answer`` and the final answer states every gold fact,
    with nothing ungrounded, contradictory, unbound or dumped (see the module doc)."""

    name = RULE_JUDGE
    majority = True

    def __init__(self, options: MatchOptions | None = None) -> None:
        self.options = options or MatchOptions()

    async def vote(self, item: EvalItem, index: int) -> Vote:
        """The verdict (the same for every index), listing the facts the answer does not state."""
        return self.judge(item)

    def judge(self, item: EvalItem) -> Vote:
        """The verdict on ``item``; raises ValueError when its query has no gold facts."""
        if item.query is None or item.query.gold is None or not item.query.gold.facts:
            raise ValueError(f"query {item.trajectory.query_id} has no gold facts for the rule judge")
        facts = item.query.gold.facts
        traj = item.trajectory
        if traj.finish_type is not FinishType.GIVE_ANSWER:
            how = "gave up" if traj.finish_type is FinishType.GIVE_UP else "ended without a Finish call"
            return Vote(
                PassLabel.FAILED,
                f"the episode {how}",
                deterministic=True,
                details={"finish_type": traj.finish_type.value, "missing": facts, "facts": len(facts)},
            )
        observations = [n.observation for n in traj.nodes if n.observation]
        gold, text = item.query.gold, item.query.text
        passed, reason, details = verdict(final_answer(traj), gold, text, observations, self.options)
        label = PassLabel.PASSED if passed else PassLabel.FAILED
        return Vote(label, reason, deterministic=True, details=details)
