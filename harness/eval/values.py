"""Per-query values of a judged run, read back from its stored votes, and the paired comparison of
two runs that a CI gate needs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.eval.ballots import from_stored
from harness.eval.evaluate import PASS_RATE, WIN_RATE
from harness.eval.labels import UnsurePolicy
from harness.eval.metrics import AVERAGE, Key
from harness.eval.stats import PairedComparison, compare_paired
from harness.eval.voting import pass_value, preference_value
from harness.store.connection import StoreError, read_connection
from harness.store.judgments import VoteSet, load_votes
from harness.store.reader import run_record


def _settings(conn: Any, votes: VoteSet, metric: str, run: str) -> dict[str, Any]:
    row = conn.execute(
        """SELECT details FROM scores
           WHERE run_id = ? AND judge = ? AND metric = ? AND reference_run_id = ? AND group_name = ?""",
        [votes.run_id, votes.judge, metric, votes.reference_run_id, AVERAGE],
    ).fetchone()
    if row is None:
        raise StoreError(
            f"run {run!r} has no {metric} from judge {votes.judge!r}; run `harness eval --run {run}` first"
        )
    details = json.loads(row[0]) if isinstance(row[0], str) else row[0]
    return details if isinstance(details, dict) else {}


def query_values(
    db: Path, run: str, judge: str, *, metric: str = PASS_RATE, reference: str | None = None
) -> dict[Key, float]:
    """Each judged query's value (1 pass / win, 0 fail / loss, in between for halves and ties), from
    the stored votes counted with the settings the run's scores were computed with."""
    run_id = run_record(db, run)["run_id"]
    reference_id = run_record(db, reference)["run_id"] if reference else ""
    vote_set = VoteSet(run_id, judge, metric if metric == WIN_RATE else PASS_RATE, reference_id)
    with read_connection(db) as conn:
        settings = _settings(conn, vote_set, metric, run)
        stored = load_votes(conn, vote_set)
    total = int(settings.get("votes", 1))
    values: dict[Key, float] = {}
    for key, rows in stored.items():
        votes = [from_stored(r) for r in rows]
        if metric == WIN_RATE:
            value = preference_value(votes, total)
        else:
            policy = UnsurePolicy(settings.get("unsure", UnsurePolicy.HALF.value))
            majority = settings.get("procedure") != "sopr"
            value = pass_value(votes, total, policy, majority, f"{run_id}:{key[0]}:{key[1]}")
        if value is not None:
            values[key] = value
    return values


def compare_runs(
    db: Path,
    baseline: str,
    candidate: str,
    judge: str,
    *,
    group: str | None = None,
    seed: int = 0,
) -> PairedComparison:
    """``candidate`` against ``baseline`` on the queries both have, as judged by ``judge`` (both runs
    must have been evaluated with it): paired bootstrap of the difference in pass rate, and McNemar
    on the queries one passes and the other fails. ``group`` keeps one group's queries only.

    For the CI gate: a regression is ``diff < 0`` with ``ci_high < 0`` (or ``p_mcnemar`` below the
    gate's level). Raises StoreError when a run was not evaluated, ValueError when they share no query.
    """
    a = query_values(db, baseline, judge)
    b = query_values(db, candidate, judge)
    if group is not None:
        a = {k: v for k, v in a.items() if k[0] == group}
        b = {k: v for k, v in b.items() if k[0] == group}
    return compare_paired(a, b, seed=seed)
