"""Collecting votes: stored votes are re-used, new ones are asked only while they can matter, and
each query's new votes are stored in one transaction the moment its voting ends."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from harness.eval.labels import Vote
from harness.eval.llm import JudgeError
from harness.models.base import ModelCallError
from harness.store.judgments import StoredVote, VoteSet, insert_votes, load_votes
from harness.store.writer import StoreWriter
from harness.util.errors import one_line

Key = tuple[str, str]  # (group, query id)


@dataclass
class Ballot:
    """One query's voting: ``ask(index)`` casts vote ``index``; ``settled(votes)`` says when to stop."""

    key: Key
    ask: Callable[[int], Awaitable[Vote]]
    settled: Callable[[list[Vote]], bool]


@dataclass
class BallotReport:
    """The votes of every query, and what collecting them took."""

    votes: dict[Key, list[Vote]] = field(default_factory=dict)
    reused: int = 0
    asked: int = 0
    errors: dict[Key, str] = field(default_factory=dict)


def to_stored(index: int, vote: Vote) -> StoredVote:
    """The row for ``vote``; being deterministic is kept in its details."""
    details = {**vote.details, "deterministic": True} if vote.deterministic else dict(vote.details)
    return StoredVote(index, vote.label, vote.score, vote.reason, vote.tokens, vote.cost_usd, details)


def from_stored(row: StoredVote) -> Vote:
    """The vote a row holds."""
    details = dict(row.details or {})
    deterministic = bool(details.pop("deterministic", False))
    return Vote(row.label, row.reason, deterministic, row.tokens, row.cost_usd, details)


async def collect(writer: StoreWriter, vote_set: VoteSet, ballots: list[Ballot], concurrency: int = 8) -> BallotReport:
    """Run every ballot, ``concurrency`` queries at a time. A query whose judge fails keeps the votes
    it got (stored) and is reported in ``errors``; the others go on."""
    with writer.transaction() as conn:
        stored = load_votes(conn, vote_set)
    report = BallotReport()
    limit = asyncio.Semaphore(concurrency)

    async def run(ballot: Ballot) -> None:
        votes = [from_stored(row) for row in stored.get(ballot.key, [])]
        report.reused += len(votes)
        new: list[Vote] = []
        async with limit:
            try:
                while not ballot.settled(votes):
                    vote = await ballot.ask(len(votes))
                    votes.append(vote)
                    new.append(vote)
            except (JudgeError, ModelCallError) as exc:
                report.errors[ballot.key] = one_line(exc)
        if new:
            start = len(votes) - len(new)
            with writer.transaction() as conn:
                insert_votes(conn, vote_set, *ballot.key, [to_stored(start + i, vote) for i, vote in enumerate(new)])
        report.asked += len(new)
        report.votes[ballot.key] = votes

    await asyncio.gather(*(run(b) for b in ballots))
    return report
