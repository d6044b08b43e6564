"""Judgments (every vote) and scores: the SQL behind ``harness eval`` and ``harness scores``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.store.connection import read_connection


@dataclass(frozen=True)
class VoteSet:
    """Which votes: one run judged by one judge under one procedure (against one reference run)."""

    run_id: str
    judge: str
    procedure: str  # pass_rate | win_rate
    reference_run_id: str = ""


@dataclass
class StoredVote:
    """One row of ``judgments``."""

    vote_index: int
    label: str
    score: float | None
    reason: str
    tokens: int = 0
    cost_usd: float = 0.0
    details: dict[str, Any] | None = None


def load_votes(conn: Any, votes: VoteSet) -> dict[tuple[str, str], list[StoredVote]]:
    """Every stored vote of ``votes`` by (group, query id), in vote order."""
    rows = conn.execute(
        """SELECT group_name, query_id, vote_index, label, score, reason, judge_tokens, judge_cost_usd, details
           FROM judgments WHERE run_id = ? AND judge = ? AND procedure = ? AND reference_run_id = ?
           ORDER BY group_name, query_id, vote_index""",
        [votes.run_id, votes.judge, votes.procedure, votes.reference_run_id],
    ).fetchall()
    found: dict[tuple[str, str], list[StoredVote]] = {}
    for group, qid, index, label, score, reason, tokens, cost, details in rows:
        found.setdefault((str(group), str(qid)), []).append(
            StoredVote(
                int(index),
                str(label),
                None if score is None else float(score),
                reason or "",
                int(tokens),
                float(cost),
                json.loads(details) if isinstance(details, str) else details,
            )
        )
    return found


_VOTE_COLUMNS = (
    "run_id, group_name, query_id, judge, procedure, reference_run_id, vote_index, "
    "label, score, reason, judge_tokens, judge_cost_usd, details"
)
_ROWS_PER_STATEMENT = 300


def insert_votes(conn: Any, votes: VoteSet, rows: list[tuple[str, str, StoredVote]]) -> None:
    """Add new votes, each with its (group, query id), in the caller's transaction. Rows go in
    multi-row statements: DuckDB runs one statement per row of an executemany."""
    values = [
        [
            votes.run_id,
            group,
            query_id,
            votes.judge,
            votes.procedure,
            votes.reference_run_id,
            row.vote_index,
            row.label,
            row.score,
            row.reason,
            row.tokens,
            row.cost_usd,
            json.dumps(row.details or {}, sort_keys=True),
        ]
        for group, query_id, row in rows
    ]
    for start in range(0, len(values), _ROWS_PER_STATEMENT):
        chunk = values[start : start + _ROWS_PER_STATEMENT]
        placeholders = ", ".join(["(" + ", ".join("?" * 13) + ")"] * len(chunk))
        conn.execute(
            f"INSERT INTO judgments ({_VOTE_COLUMNS}) VALUES {placeholders}", [v for row in chunk for v in row]
        )


@dataclass
class ScoreRow:
    """One row of ``scores``: a metric of one group (or ``average``) with its interval."""

    group: str
    value: float
    ci_low: float | None
    ci_high: float | None
    n: int
    details: dict[str, Any]


def replace_scores(conn: Any, votes: VoteSet, metric: str, rows: list[ScoreRow]) -> None:
    """Replace the scores of ``votes``' run, judge and reference for ``metric`` (caller's transaction)."""
    conn.execute(
        "DELETE FROM scores WHERE run_id = ? AND judge = ? AND metric = ? AND reference_run_id = ?",
        [votes.run_id, votes.judge, metric, votes.reference_run_id],
    )
    for row in rows:
        conn.execute(
            """INSERT INTO scores (run_id, group_name, judge, metric, value, ci_low, ci_high, n,
                                   reference_run_id, details)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                votes.run_id,
                row.group,
                votes.judge,
                metric,
                row.value,
                row.ci_low,
                row.ci_high,
                row.n,
                votes.reference_run_id,
                json.dumps(row.details, sort_keys=True),
            ],
        )


_SCORE_KEYS = ("run", "run_id", "source", "spec", "judge", "metric", "group", "value", "ci_low", "ci_high", "n",
               "reference", "details", "created_at", "methods", "model", "retriever")  # fmt: skip


def read_scores_in(conn: Any, run_names: list[str] | None = None) -> list[dict[str, Any]]:
    """Every stored score (of ``run_names``, all when None) with its run's name, spec and labels and
    its reference run's name, by run and metric, from the store's views on an open connection."""
    where, params = "", []
    if run_names is not None:
        if not run_names:
            return []
        where = f"WHERE g.run IN ({', '.join('?' * len(run_names))})"
        params = list(run_names)
    rows = conn.execute(
        f"""SELECT g.run, g.run_id, ri.source, ri.spec, g.judge, g.metric, g.group_name, g.value, g.ci_low,
                   g.ci_high, g.n, g.reference, g.details, g.created_at, ri.method, ri.model, ri.retriever
            FROM group_scores g JOIN run_info ri USING (run_id) {where}
            ORDER BY g.run, g.judge, g.metric, g.reference, g.group_name""",
        params,
    ).fetchall()
    found = []
    for row in rows:
        entry = dict(zip(_SCORE_KEYS, row, strict=True))
        entry["spec"] = json.loads(entry["spec"]) if isinstance(entry["spec"], str) else entry["spec"]
        entry["details"] = json.loads(entry["details"]) if isinstance(entry["details"], str) else entry["details"]
        entry["methods"] = entry["methods"] or ""
        entry["created_at"] = str(entry["created_at"])
        found.append(entry)
    return found


def read_scores(path: Path, run_names: list[str] | None = None) -> list[dict[str, Any]]:
    """``read_scores_in`` over a read-only connection of its own."""
    with read_connection(path) as conn:
        return read_scores_in(conn, run_names)
