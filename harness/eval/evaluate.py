"""Judge a run: collect its pass-rate votes (and win-rate votes against a reference run), store
every vote, and store per-group scores with their intervals."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from harness.eval.ballots import Ballot, BallotReport, collect
from harness.eval.base import EvalItem, PassJudge
from harness.eval.labels import AnswerStatus, PassLabel, UnsurePolicy, Vote
from harness.eval.metrics import PASS_RATE as PASS_RATE
from harness.eval.metrics import WIN_COUNTS, Key, score_rows
from harness.eval.metrics import WIN_RATE as WIN_RATE
from harness.eval.preference import Pair, PassSummary, PreferenceJudge
from harness.eval.stats import mean
from harness.eval.voting import (
    effective_votes,
    pass_settled,
    pass_value,
    pass_votes_to_ask,
    preference_settled,
    preference_value,
    preference_votes_to_ask,
)
from harness.profiles import HARNESS, Profile
from harness.store.judgments import ScoreRow, VoteSet, replace_scores
from harness.store.reader import load_trajectories, run_record
from harness.store.writer import StoreWriter
from harness.task_groups import expand_task_names
from harness.tasks import TaskError, get_task
from harness.types.query import Query


@dataclass(frozen=True)
class EvalSettings:
    """How votes are collected and counted."""

    votes: int
    unsure: UnsurePolicy = UnsurePolicy.HALF
    seed: int = 0
    concurrency: int = 8
    # Counting rules beyond the unsure policy (win-rate ids, ties, vote order, the win-step status).
    profile: Profile = HARNESS


@dataclass
class RunEpisodes:
    """A stored run's episodes, ready to judge."""

    name: str
    run_id: str
    spec: dict[str, Any]
    items: dict[Key, EvalItem]
    without_gold: int = 0


@dataclass
class MetricOutcome:
    """One metric of one run: the stored score rows and what voting took."""

    metric: str
    judge: str
    run: str
    rows: list[ScoreRow]
    planned: int  # votes N per query would take, over the queries judged without an error
    used: int  # votes that decided the scores
    asked: int  # new votes cast now
    reused: int  # votes found in the store
    errors: dict[Key, str] = field(default_factory=dict)
    reference: str | None = None
    only_here: int = 0  # win rate: queries only the candidate answered
    only_reference: int = 0

    @property
    def saved(self) -> int:
        """Votes that early stopping (a settled majority, or a deterministic verdict) made unnecessary."""
        return self.planned - self.used


@dataclass
class EvalReport:
    """Everything ``harness eval`` did."""

    run: str
    pass_rate: MetricOutcome
    reference_pass_rate: MetricOutcome | None = None
    win_rate: MetricOutcome | None = None


def load_gold(task_names: list[str], data_dir: Path | None) -> dict[Key, Query]:
    """Every query of the named tasks (groups expanded), by (group, query id)."""
    found: dict[Key, Query] = {}
    for name in expand_task_names(task_names):
        task = get_task(name)
        for query in task.load_queries(data_dir):
            found[(task.group, query.query_id)] = query
    return found


def load_run(
    db: Path, name: str, *, gold: bool = False, tasks: list[str] | None = None, data_dir: Path | None = None
) -> RunEpisodes:
    """A run's episodes; with ``gold``, each joined to its task query (from ``tasks``, else the tasks
    its spec lists). Episodes whose query has no gold facts are left out and counted."""
    record = run_record(db, name)
    episodes = load_trajectories(db, name)
    if not episodes:
        raise ValueError(f"run {name!r} has no episodes to judge")
    queries: dict[Key, Query] = {}
    if gold:
        task_names = tasks or [str(t) for t in record["spec"].get("tasks", [])]
        if not task_names:
            raise TaskError(
                f"run {name!r} ({record['source']}) names no task to read gold facts from; "
                "pass --tasks NAME, or judge it with an LLM (--judge MODEL)"
            )
        queries = load_gold(task_names, data_dir)
    items: dict[Key, EvalItem] = {}
    without_gold = 0
    for group, traj in episodes:
        key = (group or "", traj.query_id)
        query = queries.get(key)
        if gold and (query is None or query.gold is None or not query.gold.facts):
            without_gold += 1
            continue
        items[key] = EvalItem(key[0], traj, query)
    if gold and not items:
        raise TaskError(
            f"none of run {name!r}'s {len(episodes)} episodes has gold facts in its tasks; "
            "the rule judge needs a suite with gold (e.g. the sandbox), or use --judge MODEL"
        )
    return RunEpisodes(name, record["run_id"], record["spec"], items, without_gold)


def _coin_prefix(run_id: str, key: Key) -> str:
    return f"{run_id}:{key[0]}:{key[1]}"


def _used(votes: list[Vote], total: int) -> int:
    return 1 if votes and votes[0].deterministic else min(len(votes), total)


def _judge_cost(votes: dict[Key, list[Vote]]) -> Callable[[list[Key]], dict[str, Any]]:
    """What the judge's stored votes on these queries cost (re-used votes included)."""

    def extra(keys: list[Key]) -> dict[str, Any]:
        cast = [v for k in keys for v in votes.get(k, [])]
        return {"judge_tokens": sum(v.tokens for v in cast), "judge_cost_usd": sum(v.cost_usd for v in cast)}

    return extra


def _extras(*parts: Callable[[list[Key]], dict[str, Any]]) -> Callable[[list[Key]], dict[str, Any]]:
    return lambda keys: {name: value for part in parts for name, value in part(keys).items()}


def _round_spread(votes: dict[Key, list[Vote]], total: int) -> Callable[[list[Key]], dict[str, Any]]:
    """StableToolBench's spread: the score of each round over the queries, and their standard deviation."""

    def extra(keys: list[Key]) -> dict[str, Any]:
        rounds = [mean([effective_votes(votes[k], total)[r].score for k in keys]) for r in range(total)]
        centre = mean(rounds)
        std = math.sqrt(mean([(x - centre) ** 2 for x in rounds]))
        return {"rounds": total, "round_scores": rounds, "std": std}

    return extra


async def judge_pass_rate(
    writer: StoreWriter, run: RunEpisodes, judge: PassJudge, settings: EvalSettings
) -> tuple[MetricOutcome, dict[Key, list[Vote]], dict[Key, float]]:
    """Collect and store pass-rate votes for every episode of ``run``, then store its scores."""
    total, policy = settings.votes, settings.unsure
    vote_set = VoteSet(run.run_id, judge.name, PASS_RATE)

    def ballot(key: Key, item: EvalItem) -> Ballot:
        prefix = _coin_prefix(run.run_id, key)
        return Ballot(
            key,
            partial(judge.vote, item),
            partial(_pass_done, total, policy, judge.majority, prefix),
            partial(_pass_batch, total, policy, judge.majority, prefix),
        )

    report = await collect(writer, vote_set, [ballot(k, i) for k, i in run.items.items()], settings.concurrency)
    values: dict[Key, float] = {}
    for key, votes in report.votes.items():
        value = pass_value(votes, total, policy, judge.majority, _coin_prefix(run.run_id, key))
        if value is not None:
            values[key] = value
    procedure = judge.name.split(":")[0]
    details: dict[str, Any] = {"procedure": procedure, "votes": total, "profile": settings.profile.name}
    if procedure == "toolbench":
        details["unsure"] = policy.value
    spread = [] if judge.majority else [_round_spread(report.votes, total)]
    rows = score_rows(values, seed=settings.seed, details=details, extra=_extras(_judge_cost(report.votes), *spread))
    with writer.transaction() as conn:
        replace_scores(conn, vote_set, PASS_RATE, rows)
    return _outcome(PASS_RATE, judge.name, run.name, rows, report, total), report.votes, values


def _pass_done(total: int, policy: UnsurePolicy, majority: bool, prefix: str, votes: list[Vote]) -> bool:
    return pass_settled(votes, total, policy, majority, prefix)


def _pass_batch(total: int, policy: UnsurePolicy, majority: bool, prefix: str, votes: list[Vote]) -> int:
    return pass_votes_to_ask(votes, total, policy, majority, prefix)


def _outcome(
    metric: str, judge: str, run: str, rows: list[ScoreRow], report: BallotReport, total: int
) -> MetricOutcome:
    return MetricOutcome(
        metric=metric,
        judge=judge,
        run=run,
        rows=rows,
        # A query whose judge failed did not stop early: its missing votes were not saved, only not cast.
        planned=total * sum(1 for k in report.votes if k not in report.errors),
        used=sum(_used(v, total) for k, v in report.votes.items() if k not in report.errors),
        asked=report.asked,
        reused=report.reused,
        errors=dict(report.errors),
    )


def answer_status_of(vote: Vote) -> AnswerStatus | None:
    """The answer status a pass-rate vote saw (the rule judge's pass is a Solved answer)."""
    status = vote.details.get("answer_status")
    if isinstance(status, str):
        return AnswerStatus(status)
    if vote.label in (AnswerStatus.SOLVED, AnswerStatus.UNSOLVED, AnswerStatus.UNSURE):
        return AnswerStatus(vote.label)
    if vote.label == PassLabel.PASSED:
        return AnswerStatus.SOLVED
    return AnswerStatus.UNSOLVED if vote.label == PassLabel.FAILED else None


def pass_summary(votes: list[Vote], total: int, value: float, last: bool = False) -> PassSummary:
    """A query's pass value and the answer status most of its votes saw (None on a tie); with
    ``last``, the status of its last vote, as the file eval_pass_rate.py writes holds."""
    if last:
        counted = effective_votes(votes, total)
        return PassSummary(value, answer_status_of(counted[-1]) if counted else None)
    counts = Counter(s for s in (answer_status_of(v) for v in effective_votes(votes, total)) if s is not None)
    ranked = counts.most_common(2)
    status = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
    return PassSummary(value, status)


async def judge_win_rate(
    writer: StoreWriter,
    candidate: RunEpisodes,
    reference: RunEpisodes,
    summaries: tuple[dict[Key, PassSummary], dict[Key, PassSummary]],
    judge: PreferenceJudge,
    settings: EvalSettings,
) -> MetricOutcome:
    """Win-rate votes on the queries both runs answered (and both have a pass value), then scores.
    Under a profile that counts every test id (ToolBench's), a query only the reference answered is
    a loss and one only the candidate answered a win; a tie is worth the profile's tie value."""
    total, profile = settings.votes, settings.profile
    cand_pass, ref_pass = summaries
    common = sorted(set(cand_pass) & set(ref_pass))
    vote_set = VoteSet(candidate.run_id, judge.name, WIN_RATE, reference.run_id)

    def ballot(key: Key) -> Ballot:
        pair = Pair(candidate.items[key].trajectory, reference.items[key].trajectory, cand_pass[key], ref_pass[key])
        done, batch = partial(_preference_done, total), partial(preference_votes_to_ask, total=total)
        return Ballot(key, partial(judge.vote, pair), done, batch)

    report = await collect(writer, vote_set, [ballot(k) for k in common], settings.concurrency)
    values: dict[Key, float] = {}
    for key, votes in report.votes.items():
        value = preference_value(votes, total)
        if value is not None:
            values[key] = profile.win_tie_value if value == 0.5 else value
    if profile.win_rate_ids == "all":
        values.update(missing_pair_values(set(candidate.items), set(reference.items)))
    details = {"votes": total, "reference": reference.name, "profile": profile.name}
    rows = score_rows(values, seed=settings.seed, details=details, counts=WIN_COUNTS, extra=_judge_cost(report.votes))
    with writer.transaction() as conn:
        replace_scores(conn, vote_set, WIN_RATE, rows)
    outcome = _outcome(WIN_RATE, judge.name, candidate.name, rows, report, total)
    outcome.reference = reference.name
    outcome.only_here = len(set(candidate.items) - set(reference.items))
    outcome.only_reference = len(set(reference.items) - set(candidate.items))
    return outcome


def missing_pair_values(candidate: set[Key], reference: set[Key]) -> dict[Key, float]:
    """eval_preference.py's values for the test ids only one run answered: a query the reference
    lacks is the candidate's win, one the candidate lacks is its loss."""
    return {key: 1.0 if key in candidate else 0.0 for key in candidate ^ reference}


def _preference_done(total: int, votes: list[Vote]) -> bool:
    return preference_settled(votes, total)


async def evaluate(
    writer: StoreWriter,
    run: RunEpisodes,
    judge: PassJudge,
    settings: EvalSettings,
    *,
    reference: RunEpisodes | None = None,
    preference: PreferenceJudge | None = None,
) -> EvalReport:
    """Pass rate of ``run``; with ``reference``, also the reference's pass rate and ``run``'s win rate.
    A reference with no query in common with ``run`` is a ValueError before any vote is cast."""
    if reference is not None:
        if preference is None:
            raise ValueError("a win rate needs a preference judge")
        if not set(run.items) & set(reference.items):
            raise ValueError(
                f"runs {run.name!r} and {reference.name!r} have no query in common "
                f"({len(run.items)} and {len(reference.items)} judged episodes); "
                "a win rate compares answers to the same queries"
            )
    outcome, votes, values = await judge_pass_rate(writer, run, judge, settings)
    report = EvalReport(run.name, outcome)
    if reference is None or preference is None:
        return report
    report.reference_pass_rate, ref_votes, ref_values = await judge_pass_rate(writer, reference, judge, settings)
    last = settings.profile.win_status == "last"
    summaries = (
        {k: pass_summary(votes[k], settings.votes, v, last) for k, v in values.items()},
        {k: pass_summary(ref_votes[k], settings.votes, v, last) for k, v in ref_values.items()},
    )
    report.win_rate = await judge_win_rate(writer, run, reference, summaries, preference, settings)
    return report
