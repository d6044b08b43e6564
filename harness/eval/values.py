"""Per-query values of a judged run, read back from its stored votes, and the paired comparison of
two runs that a CI gate needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harness.eval.metrics import AVERAGE, PASS_RATE, WIN_RATE, Key
from harness.eval.stats import PairedComparison, compare_paired
from harness.store.connection import StoreError, read_connection
from harness.store.reader import run_id


def query_values_in(
    conn: Any, run: str, judge: str, *, metric: str = PASS_RATE, reference: str | None = None
) -> dict[Key, float]:
    """Each judged query's value (1 pass / win, 0 fail / loss, in between for halves and ties), as the
    store's ``query_values`` view counts the stored votes: with the settings the run's scores were
    computed with, by the rule of ``harness.eval.voting``. Queries still undecided are left out."""
    if metric not in (PASS_RATE, WIN_RATE):
        raise StoreError(f"unknown metric {metric!r}; choose {PASS_RATE} or {WIN_RATE}")
    key = [run_id(conn, run), judge, metric, run_id(conn, reference) if reference else ""]
    scored = conn.execute(
        """SELECT count(*) FROM group_scores
           WHERE run_id = ? AND judge = ? AND metric = ? AND reference_run_id = ? AND group_name = ?""",
        [*key, AVERAGE],
    ).fetchone()
    if not scored or not scored[0]:
        raise StoreError(f"run {run!r} has no {metric} from judge {judge!r}; run `harness eval --run {run}` first")
    rows = conn.execute(
        """SELECT group_name, query_id, value FROM query_values
           WHERE run_id = ? AND judge = ? AND metric = ? AND reference_run_id = ?""",
        key,
    ).fetchall()
    return {(str(group), str(query_id)): float(value) for group, query_id, value in rows}


def pass_values_of(conn: Any, run_ids: list[str], judge: str) -> dict[str, dict[Key, float]]:
    """``query_values_in``'s pass values of many runs under one judge, read in one query, by run id
    (runs with no judged query are absent)."""
    if not run_ids:
        return {}
    rows = conn.execute(
        f"""SELECT run_id, group_name, query_id, value FROM query_values
            WHERE judge = ? AND metric = ? AND reference_run_id = '' AND run_id IN ({", ".join("?" * len(run_ids))})""",
        [judge, PASS_RATE, *run_ids],
    ).fetchall()
    found: dict[str, dict[Key, float]] = {}
    for run_id_, group, query_id, value in rows:
        found.setdefault(str(run_id_), {})[(str(group), str(query_id))] = float(value)
    return found


def query_values(
    db: Path, run: str, judge: str, *, metric: str = PASS_RATE, reference: str | None = None
) -> dict[Key, float]:
    """``query_values_in`` over a read-only connection of its own."""
    with read_connection(db) as conn:
        return query_values_in(conn, run, judge, metric=metric, reference=reference)


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
