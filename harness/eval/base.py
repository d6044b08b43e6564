"""What every pass-rate judge provides, and the episode it judges."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from harness.eval.labels import Vote
from harness.types.query import Query
from harness.types.trajectory import Trajectory


@dataclass(frozen=True)
class EvalItem:
    """One episode to judge: its group, its trajectory and, when the task is known, its query."""

    group: str
    trajectory: Trajectory
    query: Query | None = None

    @property
    def key(self) -> tuple[str, str]:
        """(group, query id): how episodes and votes are keyed."""
        return self.group, self.trajectory.query_id


class PassJudge(Protocol):
    """A judge that casts pass-rate votes.

    ``name`` is the judge key under which votes and scores are stored (``rule``, ``toolbench:<model>``,
    ``sopr:<model>``); ``majority`` says whether a query's votes are settled by a majority (so voting
    may stop early) rather than averaged over rounds.
    """

    name: str
    majority: bool

    async def vote(self, item: EvalItem, index: int) -> Vote:
        """Vote number ``index`` on ``item``."""
        ...
