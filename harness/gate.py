"""The CI regression gate: is a candidate run significantly worse than a baseline run?

Both runs must have been judged by the same judge. The gate pairs them on the queries both answered
and uses ToolEval's statistics (``harness.eval.stats.compare_paired``): the candidate regresses when
the one-sided (1 - alpha) upper bound of the paired-bootstrap difference lies below ``-max_drop``
*and* McNemar's exact test on the queries only one of them passes rejects equality at ``alpha``.
Requiring both keeps a noisy but unbiased candidate from failing CI, and lets a team tolerate a
small, known drop (``max_drop``).

For the win rate (the candidate judged against the baseline as its reference) the per-query values
are wins (1), losses (0) and ties (0.5); the bootstrap is on win rate minus one half, and the exact
test is a sign test on wins against losses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from harness.eval.evaluate import PASS_RATE, WIN_RATE
from harness.eval.metrics import Key
from harness.eval.rule import RULE_JUDGE
from harness.eval.stats import PairedComparison, compare_paired, mcnemar_exact
from harness.eval.values import query_values
from harness.store.judgments import read_scores
from harness.store.reader import run_record

METRICS = (PASS_RATE, WIN_RATE)


class GateInputError(ValueError):
    """The gate cannot compare these runs; the message says what to do."""


@dataclass(frozen=True)
class GroupLine:
    """One group's paired numbers (shown in the report; the verdict is on all queries)."""

    group: str
    n: int
    baseline: float
    candidate: float


@dataclass
class GateResult:
    """Everything the verdict rests on."""

    baseline: str
    candidate: str
    judge: str
    metric: str
    max_drop: float
    alpha: float
    comparison: PairedComparison  # candidate (b) against baseline (a)
    p_exact: float  # McNemar (pass rate) or sign test (win rate)
    worse_only: int  # queries where only the baseline passed (pass rate) / losses (win rate)
    better_only: int
    only_baseline: int  # queries only one run answered
    only_candidate: int
    groups: list[GroupLine] = field(default_factory=list)

    @property
    def upper(self) -> float:
        """The one-sided (1 - alpha) upper bound of the difference."""
        return self.comparison.ci_high

    @property
    def regressed(self) -> bool:
        """Significantly worse by more than ``max_drop``."""
        return self.upper < -self.max_drop and self.p_exact < self.alpha and self.worse_only > self.better_only


def pick_judge(db: Path, baseline: str, candidate: str, judge: str | None) -> str:
    """``judge`` if given; otherwise the judge both runs have pass-rate scores from (rule first)."""
    if judge is not None:
        return judge
    judged: dict[str, set[str]] = {}
    for row in read_scores(db, [baseline, candidate]):
        if row["metric"] == PASS_RATE:
            judged.setdefault(row["run"], set()).add(row["judge"])
    for run in (baseline, candidate):
        if not judged.get(run):
            raise GateInputError(f"run {run!r} has no pass rate yet; run `harness eval --run {run}` first")
    common = judged[baseline] & judged[candidate]
    if not common:
        raise GateInputError(
            f"{baseline!r} and {candidate!r} were judged by different judges ({', '.join(sorted(judged[baseline]))} "
            f"vs {', '.join(sorted(judged[candidate]))}); judge both with the same --judge"
        )
    if RULE_JUDGE in common:
        return RULE_JUDGE
    if len(common) > 1:
        raise GateInputError(f"both runs have scores from {', '.join(sorted(common))}; pick one with --judge")
    return common.pop()


def _groups(a: dict[Key, float], b: dict[Key, float]) -> list[GroupLine]:
    lines = []
    for group in sorted({k[0] for k in set(a) & set(b)}):
        keys = [k for k in a if k[0] == group and k in b]
        lines.append(
            GroupLine(group, len(keys), sum(a[k] for k in keys) / len(keys), sum(b[k] for k in keys) / len(keys))
        )
    return lines


def run_gate(
    db: Path,
    baseline: str,
    candidate: str,
    *,
    metric: str = PASS_RATE,
    judge: str | None = None,
    max_drop: float = 0.02,
    alpha: float = 0.05,
    seed: int = 0,
) -> GateResult:
    """Compare ``candidate`` with ``baseline``; raises GateInputError (or StoreError) on bad input."""
    if metric not in METRICS:
        raise GateInputError(f"unknown --metric {metric!r}; choose {' or '.join(METRICS)}")
    if not 0.0 < alpha < 0.5:
        raise GateInputError(f"--alpha {alpha} must lie between 0 and 0.5 (e.g. 0.05)")
    if not 0.0 <= max_drop < 1.0:
        raise GateInputError(f"--max-drop {max_drop} must be a fraction in [0, 1) (0.02 is two points)")
    for run in (baseline, candidate):
        run_record(db, run)  # an unknown name is its own error, listing the known runs
    chosen = pick_judge(db, baseline, candidate, judge)
    confidence = 1.0 - 2.0 * alpha  # the upper end of a central interval at this level is a one-sided bound
    if metric == PASS_RATE:
        a = query_values(db, baseline, chosen)
        b = query_values(db, candidate, chosen)
        comparison = _compare(a, b, seed, confidence, baseline, candidate)
        worse, better, p_exact = comparison.a_only, comparison.b_only, comparison.p_mcnemar
        only_a, only_b = len(set(a) - set(b)), len(set(b) - set(a))
        groups = _groups(a, b)
    else:
        wins = query_values(db, candidate, chosen, metric=WIN_RATE, reference=baseline)
        halves = dict.fromkeys(wins, 0.5)
        comparison = _compare(halves, wins, seed, confidence, baseline, candidate)
        worse = sum(1 for v in wins.values() if v == 0.0)
        better = sum(1 for v in wins.values() if v == 1.0)
        p_exact, only_a, only_b = mcnemar_exact(worse, better), 0, 0
        groups = _groups(halves, wins)
    return GateResult(
        baseline, candidate, chosen, metric, max_drop, alpha, comparison, p_exact, worse, better, only_a, only_b, groups
    )


def _compare(
    a: dict[Key, float], b: dict[Key, float], seed: int, confidence: float, baseline: str, candidate: str
) -> PairedComparison:
    try:
        return compare_paired(a, b, seed=seed, confidence=confidence)
    except ValueError as exc:
        raise GateInputError(f"{baseline!r} and {candidate!r}: {exc}; gate runs of the same tasks") from exc


def _p(value: float) -> str:
    return f"p = {value:.4f}" if value >= 1e-4 else "p < 0.0001"


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _points(value: float) -> str:
    return f"{100 * value:+.1f}"


def report_markdown(result: GateResult) -> str:
    """A short Markdown report for a CI comment."""
    c = result.comparison
    verdict = "❌ regression" if result.regressed else "✅ no significant regression"
    label = "pass rate" if result.metric == PASS_RATE else "win rate against the baseline"
    test = "McNemar exact" if result.metric == PASS_RATE else "sign test (wins vs losses)"
    worse, better = ("baseline only", "candidate only") if result.metric == PASS_RATE else ("losses", "wins")
    lines = [
        f"### Regression gate: {verdict}",
        "",
        "| | baseline | candidate |",
        "|---|---|---|",
        f"| run | `{result.baseline}` | `{result.candidate}` |",
        f"| {label} on {c.n} common queries | {_pct(c.mean_a)} | {_pct(c.mean_b)} |",
        "",
        f"- difference: **{_points(c.diff)} points**; one-sided {100 * (1 - result.alpha):.0f}% upper bound "
        f"{_points(result.upper)} (paired bootstrap), allowed drop {100 * result.max_drop:.1f} points",
        f"- {test}: {_p(result.p_exact)} ({worse} {result.worse_only}, {better} {result.better_only}); "
        f"alpha {result.alpha}",
        f"- judge `{result.judge}`; two-sided bootstrap test of no difference: {_p(c.p_bootstrap)}",
    ]
    if result.only_baseline or result.only_candidate:
        lines.append(
            f"- not compared: {result.only_baseline} queries only in the baseline, "
            f"{result.only_candidate} only in the candidate"
        )
    if len(result.groups) > 1:
        lines += ["", "| group | n | baseline | candidate | difference |", "|---|---:|---:|---:|---:|"]
        for g in result.groups:
            change = _points(g.candidate - g.baseline)
            lines.append(f"| {g.group or '-'} | {g.n} | {_pct(g.baseline)} | {_pct(g.candidate)} | {change} |")
    rule = (
        "The candidate fails when the upper bound lies below minus the allowed drop and the exact test is significant."
    )
    lines += ["", rule, ""]
    return "\n".join(lines)
