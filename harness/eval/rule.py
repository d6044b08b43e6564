"""The rule judge: deterministic, for suites whose queries carry gold facts."""

from __future__ import annotations

from harness.eval.base import EvalItem
from harness.eval.evidence import final_answer
from harness.eval.labels import PassLabel, Vote
from harness.eval.matching import MatchOptions, missing_facts
from harness.types.trajectory import FinishType

RULE_JUDGE = "rule"


class RuleJudge:
    """Pass iff the episode ends with ``give_answer`` and the final answer states every gold fact."""

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
        missing = missing_facts(final_answer(traj), facts, self.options)
        if missing:
            reason = f"{len(missing)} of {len(facts)} facts missing: " + "; ".join(repr(f) for f in missing)
            label = PassLabel.FAILED
        else:
            reason, label = f"states all {len(facts)} gold facts", PassLabel.PASSED
        return Vote(label, reason, deterministic=True, details={"missing": missing, "facts": len(facts)})
