"""Re-scoring a staged submission with the deterministic judge, and checking its claims.

Suites whose tasks are judged by rule (gold facts) are re-judged exactly as ``harness eval --judge
rule`` would; the claimed rule scores must then agree with the new ones (value and n per group).
Scores from other judges (LLM judges) cannot be re-checked offline: they are kept as claims.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Iterable
from pathlib import Path

from harness.eval.evaluate import PASS_RATE, EvalSettings, judge_pass_rate, load_run
from harness.eval.judges import DEFAULT_VOTES, build_judges
from harness.eval.rule import RULE_JUDGE
from harness.store import StoreWriter
from harness.store.judgments import ScoreRow
from harness.submissions.checks import CheckedSubmission
from harness.submissions.format import ClaimedScore

Claims = dict[tuple[str, str], list[ClaimedScore]]


def deterministic(checked: CheckedSubmission) -> bool:
    """Whether every task of the submission is judged by rule."""
    return bool(checked.tasks) and all(t.judge == RULE_JUDGE for t in checked.tasks)


def rule_scores(writer: StoreWriter, run_name: str, data_dir: Path | None) -> list[ScoreRow]:
    """Judge the stored run ``run_name`` by rule through ``writer`` (votes and scores are stored)."""
    judges = build_judges(RULE_JUDGE, None, {})
    run = load_run(writer.path, run_name, gold=True, data_dir=data_dir)
    settings = EvalSettings(votes=DEFAULT_VOTES[RULE_JUDGE])
    outcome, _, _ = asyncio.run(judge_pass_rate(writer, run, judges.passing, settings))
    return outcome.rows


def _differences(claims: Iterable[tuple[int, ClaimedScore]], rows: list[ScoreRow]) -> list[tuple[str, str]]:
    fresh = {row.group: row for row in rows}
    found = []
    for index, claim in claims:
        row = fresh.get(claim.group)
        where = f"scores[{index}]"
        if row is None:
            found.append((where, f"claims a rule pass rate for group {claim.group!r}, which has no episodes"))
        elif not math.isclose(row.value, claim.value, abs_tol=1e-9) or row.n != claim.n:
            found.append(
                (
                    where,
                    f"claims a rule pass rate of {claim.value:.4f} over {claim.n} queries for {claim.group}, "
                    f"but re-scoring the episodes gives {row.value:.4f} over {row.n}",
                )
            )
    return found


def rescore_claims(
    writer: StoreWriter, run_name: str, checked: CheckedSubmission, data_dir: Path | None
) -> tuple[list[tuple[str, str]], Claims]:
    """Re-score the staged run where a deterministic judge exists. Returns (field, problem) for
    every claim the episodes do not bear out, and the claims to keep as they are, by (judge, metric)."""
    claims: Claims = {}
    for claim in checked.meta.scores:
        claims.setdefault((claim.judge, claim.metric), []).append(claim)
    if not deterministic(checked):
        return [], claims
    rows = rule_scores(writer, run_name, data_dir)
    claims.pop((RULE_JUDGE, PASS_RATE), None)
    rule_claims = [(i, c) for i, c in enumerate(checked.meta.scores) if (c.judge, c.metric) == (RULE_JUDGE, PASS_RATE)]
    return _differences(rule_claims, rows), claims
