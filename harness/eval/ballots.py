"""Collecting votes: stored votes are re-used, new ones are asked only while they can matter, and
the new votes of queries whose voting has ended are stored together at least every half second
(and at the end, whatever happened), so an interrupted evaluation keeps what it paid for."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from harness.eval.labels import Vote
from harness.eval.llm import JudgeError
from harness.models.base import ModelCallError
from harness.store.judgments import StoredVote, VoteSet, insert_votes, load_votes
from harness.store.writer import StoreWriter
from harness.util.errors import one_line

Key = tuple[str, str]  # (group, query id)

FLUSH_S = 0.5
FLUSH_ROWS = 500


@dataclass
class Ballot:
    """One query's voting: ``ask(index)`` casts vote ``index``; ``settled(votes)`` says when to stop;
    ``batch(votes)`` how many votes to ask at once next."""

    key: Key
    ask: Callable[[int], Awaitable[Vote]]
    settled: Callable[[list[Vote]], bool]
    batch: Callable[[list[Vote]], int] = lambda votes: 1


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
    pending: list[tuple[str, str, StoredVote]] = []
    flushed = time.monotonic()

    def flush() -> None:
        nonlocal flushed
        if pending:
            with writer.transaction() as conn:
                insert_votes(conn, vote_set, pending)
            pending.clear()
        flushed = time.monotonic()

    async def run(ballot: Ballot) -> None:
        votes = [from_stored(row) for row in stored.get(ballot.key, [])]
        report.reused += len(votes)
        new: list[Vote] = []
        async with limit:
            while not ballot.settled(votes):
                asks = [ballot.ask(len(votes) + i) for i in range(ballot.batch(votes))]
                cast = await asyncio.gather(*asks, return_exceptions=True)
                failure = next((c for c in cast if isinstance(c, BaseException)), None)
                # Votes are kept in index order up to the first failure, so stored indices have no gaps.
                for outcome in cast:
                    if isinstance(outcome, BaseException):
                        break
                    votes.append(outcome)
                    new.append(outcome)
                if failure is not None:
                    if not isinstance(failure, JudgeError | ModelCallError):
                        raise failure
                    report.errors[ballot.key] = one_line(failure)
                    break
        start = len(votes) - len(new)
        pending.extend((*ballot.key, to_stored(start + i, vote)) for i, vote in enumerate(new))
        if len(pending) >= FLUSH_ROWS or time.monotonic() - flushed >= FLUSH_S:
            flush()
        report.asked += len(new)
        report.votes[ballot.key] = votes

    try:
        await asyncio.gather(*(run(b) for b in ballots))
    finally:
        flush()
    return report
