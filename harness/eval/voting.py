"""Where a vote is counted: the majority over a query's votes, and when voting can stop early.

Every outcome here is a function of the vote counts that only moves one way when a vote moves
towards "pass" (or "candidate"), so the majority is settled as soon as the two extremes (every
remaining vote one way, or every remaining vote the other) give the same outcome.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from harness.eval.labels import PassLabel, Preference, UnsurePolicy, Vote


def coin(key: str) -> bool:
    """A fair coin seeded by ``key``: ToolBench's random choice, made repeatable. Heads when the first
    bit of SHA-256 of ``key`` is 0, a rule SQL can follow too: the store's ``query_values`` view
    counts votes with this same coin."""
    return hashlib.sha256(key.encode()).digest()[0] < 128


def resolve_unsure(label: str, policy: UnsurePolicy, key: str) -> str:
    """Under ``random``, an unsure vote becomes a pass or a fail by a coin seeded with ``key``."""
    if label == PassLabel.UNSURE and policy is UnsurePolicy.RANDOM:
        return PassLabel.PASSED if coin(key) else PassLabel.FAILED
    return label


def pass_outcome(labels: Sequence[str], policy: UnsurePolicy) -> float:
    """A query's pass value from its votes (after ``resolve_unsure``): 1, 0, or 0.5.

    ``half``: passes against fails, unsure votes weigh half on each side so they cancel; a tie is 0.5.
    ``fail``: unsure votes count as fails; a tie is 0.5.
    ``random``: unsure votes were already flipped; a tie passes, as ToolBench's reported pass rate
    counts a query as passed when its fails do not outnumber its passes.
    """
    passed = sum(1 for label in labels if label == PassLabel.PASSED)
    failed = sum(1 for label in labels if label == PassLabel.FAILED)
    if policy is UnsurePolicy.FAIL:
        failed += sum(1 for label in labels if label == PassLabel.UNSURE)
    if passed != failed:
        return 1.0 if passed > failed else 0.0
    return 1.0 if policy is UnsurePolicy.RANDOM else 0.5


def preference_outcome(labels: Sequence[str]) -> float:
    """A query's win value: 1 when the candidate won more votes than the reference, 0 when fewer,
    0.5 for a tie (tied votes count for neither side)."""
    candidate = sum(1 for label in labels if label == Preference.CANDIDATE)
    reference = sum(1 for label in labels if label == Preference.REFERENCE)
    if candidate == reference:
        return 0.5
    return 1.0 if candidate > reference else 0.0


def pass_votes_needed(labels: Sequence[str], total: int, policy: UnsurePolicy) -> bool:
    """Whether more votes could still change the pass outcome of ``total`` votes."""
    remaining = total - len(labels)
    if remaining <= 0:
        return False
    best = pass_outcome([*labels, *[PassLabel.PASSED] * remaining], policy)
    worst = pass_outcome([*labels, *[PassLabel.FAILED] * remaining], policy)
    return best != worst


def preference_votes_needed(labels: Sequence[str], total: int) -> bool:
    """Whether more votes could still change the win outcome of ``total`` votes."""
    remaining = total - len(labels)
    if remaining <= 0:
        return False
    best = preference_outcome([*labels, *[Preference.CANDIDATE] * remaining])
    worst = preference_outcome([*labels, *[Preference.REFERENCE] * remaining])
    return best != worst


def effective_votes(votes: Sequence[Vote], total: int) -> list[Vote]:
    """The votes that count out of ``total``: a deterministic first vote stands for all of them."""
    if votes and votes[0].deterministic:
        return [votes[0]] * total
    return list(votes[:total])


def resolved_labels(votes: Sequence[Vote], policy: UnsurePolicy, coin_prefix: str) -> list[str]:
    """The votes' labels with unsure votes flipped under ``random`` (coin ``<coin_prefix>:<index>``)."""
    return [resolve_unsure(v.label, policy, f"{coin_prefix}:{i}") for i, v in enumerate(votes)]


def pass_settled(votes: Sequence[Vote], total: int, policy: UnsurePolicy, majority: bool, coin_prefix: str) -> bool:
    """Whether a query's pass-rate voting is over: a deterministic vote, a majority no remaining vote
    can change, or (for procedures that average rounds) all ``total`` rounds cast."""
    if votes and votes[0].deterministic:
        return True
    counted = list(votes[:total])
    if majority:
        return not pass_votes_needed(resolved_labels(counted, policy, coin_prefix), total, policy)
    return len(counted) >= total


def pass_value(
    votes: Sequence[Vote], total: int, policy: UnsurePolicy, majority: bool, coin_prefix: str
) -> float | None:
    """A query's pass value (None while its voting is not over): the majority outcome, or the mean
    score over rounds."""
    if not pass_settled(votes, total, policy, majority, coin_prefix):
        return None
    counted = effective_votes(votes, total)
    if not majority:
        return sum(v.score for v in counted) / len(counted)
    labels = resolved_labels(counted, policy, coin_prefix)
    return pass_outcome([*labels, *[PassLabel.FAILED] * (total - len(labels))], policy)


def preference_settled(votes: Sequence[Vote], total: int) -> bool:
    """Whether a query's win-rate voting is over."""
    if votes and votes[0].deterministic:
        return True
    return not preference_votes_needed([v.label for v in votes[:total]], total)


def preference_value(votes: Sequence[Vote], total: int) -> float | None:
    """A query's win value (None while its voting is not over)."""
    if not preference_settled(votes, total):
        return None
    labels = [v.label for v in effective_votes(votes, total)]
    return preference_outcome([*labels, *[Preference.REFERENCE] * (total - len(labels))])


def _fewest(labels: list[str], total: int, needed: Callable[[list[str]], bool], up: str, down: str) -> int:
    remaining = total - len(labels)
    for more in range(1, remaining + 1):
        if not needed([*labels, *[up] * more]) or not needed([*labels, *[down] * more]):
            return more
    return max(remaining, 1)


def pass_votes_to_ask(votes: Sequence[Vote], total: int, policy: UnsurePolicy, majority: bool, coin_prefix: str) -> int:
    """How many votes to ask at once: the fewest that could settle the query (so asking them together
    never wastes one), after a first vote alone (it may be a deterministic verdict)."""
    if not votes:
        return 1
    counted = list(votes[:total])
    if not majority:
        return max(total - len(counted), 1)
    labels = resolved_labels(counted, policy, coin_prefix)
    return _fewest(labels, total, lambda ls: pass_votes_needed(ls, total, policy), PassLabel.PASSED, PassLabel.FAILED)


def preference_votes_to_ask(votes: Sequence[Vote], total: int) -> int:
    """``pass_votes_to_ask`` for win-rate votes."""
    if not votes:
        return 1
    labels = [v.label for v in votes[:total]]
    return _fewest(
        labels, total, lambda ls: preference_votes_needed(ls, total), Preference.CANDIDATE, Preference.REFERENCE
    )
