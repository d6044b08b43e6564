"""Statistics over per-query scores: bootstrap intervals, pass@k / pass^k, and paired comparisons.

Everything is deterministic: each bootstrap draws from its own ``random.Random`` seeded from the
caller's seed and a label, so the same scores always give the same interval.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

RESAMPLES = 2000
CONFIDENCE = 0.95


def derived_seed(seed: int, label: str) -> int:
    """A seed for one interval, so that adding a group never changes another group's interval."""
    return int.from_bytes(hashlib.sha256(f"{seed}:{label}".encode()).digest()[:8], "big")


def mean(values: Sequence[float]) -> float:
    """The arithmetic mean (0 for no values)."""
    return math.fsum(values) / len(values) if values else 0.0


def percentile_interval(samples: Sequence[float], confidence: float = CONFIDENCE) -> tuple[float, float]:
    """The central ``confidence`` interval of bootstrap ``samples``."""
    ordered = sorted(samples)
    tail = (1.0 - confidence) / 2.0
    low = ordered[max(0, math.floor(tail * len(ordered)))]
    high = ordered[min(len(ordered) - 1, math.ceil((1.0 - tail) * len(ordered)) - 1)]
    return low, high


def resample_means(values: Sequence[float], *, seed: int = 0, resamples: int = RESAMPLES) -> list[float]:
    """The means of ``resamples`` bootstrap resamples of ``values`` (queries drawn with replacement)."""
    if not values:
        raise ValueError("a confidence interval needs at least one value")
    if len(set(values)) == 1:
        return [float(values[0])] * resamples
    rng = random.Random(seed)
    population = list(values)
    n = len(population)
    return [math.fsum(rng.choices(population, k=n)) / n for _ in range(resamples)]


def bootstrap_ci(
    values: Sequence[float], *, seed: int = 0, resamples: int = RESAMPLES, confidence: float = CONFIDENCE
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of ``values`` (resampling the queries)."""
    return percentile_interval(resample_means(values, seed=seed, resamples=resamples), confidence)


def stratified_means(group_samples: Sequence[Sequence[float]]) -> list[float]:
    """Per resample, the mean of the groups' resample means (the groups' samples drawn separately)."""
    return [math.fsum(means) / len(means) for means in zip(*group_samples, strict=True)]


def stratified_bootstrap_ci(
    groups: Mapping[str, Sequence[float]],
    *,
    seed: int = 0,
    resamples: int = RESAMPLES,
    confidence: float = CONFIDENCE,
) -> tuple[float, float]:
    """Interval of the mean of group means (ToolBench's "average" column): each resample draws
    every group's queries from that group, so each group keeps its size. Group ``g`` is resampled
    with ``derived_seed(seed, g)``, the same draws that give its own interval."""
    populated = {name: values for name, values in groups.items() if values}
    if not populated:
        raise ValueError("a confidence interval needs at least one value")
    samples = [resample_means(v, seed=derived_seed(seed, name), resamples=resamples) for name, v in populated.items()]
    return percentile_interval(stratified_means(samples), confidence)


def pass_at_k(n: int, c: int, k: int) -> float:
    """The chance that at least one of ``k`` samples drawn from ``n`` (``c`` of them passing) passes."""
    if not 0 < k <= n or not 0 <= c <= n:
        raise ValueError(f"pass@k needs 0 < k <= n and 0 <= c <= n (n={n}, c={c}, k={k})")
    return 1.0 - math.comb(n - c, k) / math.comb(n, k)


def pass_hat_k(n: int, c: int, k: int) -> float:
    """tau-bench's pass^k: the chance that all of ``k`` samples drawn from ``n`` (``c`` passing) pass."""
    if not 0 < k <= n or not 0 <= c <= n:
        raise ValueError(f"pass^k needs 0 < k <= n and 0 <= c <= n (n={n}, c={c}, k={k})")
    return math.comb(c, k) / math.comb(n, k)


@dataclass(frozen=True)
class RepeatedScore:
    """pass@k and pass^k for k = 1 .. the smallest number of samples any query has."""

    queries: int
    samples: int
    pass_at: dict[int, float]
    pass_hat: dict[int, float]


def repeated_scores(outcomes: Mapping[K, Sequence[bool]]) -> RepeatedScore:
    """Averages over queries of pass@k and pass^k from each query's sample outcomes."""
    if not outcomes:
        raise ValueError("pass@k needs at least one query")
    samples = min(len(v) for v in outcomes.values())
    if samples < 1:
        raise ValueError("every query needs at least one sample")
    pass_at: dict[int, float] = {}
    pass_hat: dict[int, float] = {}
    for k in range(1, samples + 1):
        pass_at[k] = mean([pass_at_k(len(v), sum(v), k) for v in outcomes.values()])
        pass_hat[k] = mean([pass_hat_k(len(v), sum(v), k) for v in outcomes.values()])
    return RepeatedScore(len(outcomes), samples, pass_at, pass_hat)


def mcnemar_exact(a_only: int, b_only: int) -> float:
    """Two-sided exact McNemar p-value from the discordant pairs (a passes and b fails, and the reverse)."""
    discordant = a_only + b_only
    if discordant == 0:
        return 1.0
    smaller = min(a_only, b_only)
    tail = math.fsum(math.comb(discordant, i) for i in range(smaller + 1)) / 2.0**discordant
    return min(1.0, 2.0 * tail)


@dataclass(frozen=True)
class PairedComparison:
    """Run B against run A on the queries both have (values in [0, 1]; 1 is a pass).

    ``diff`` is mean(B) - mean(A) with its paired-bootstrap interval and two-sided bootstrap p-value;
    McNemar counts the queries that one run passes (value 1) and the other fails (value 0); queries
    with a half value on either side are not discordant pairs.
    """

    n: int
    mean_a: float
    mean_b: float
    diff: float
    ci_low: float
    ci_high: float
    p_bootstrap: float
    a_only: int
    b_only: int
    p_mcnemar: float


def compare_paired(
    a: Mapping[K, float],
    b: Mapping[K, float],
    *,
    seed: int = 0,
    resamples: int = RESAMPLES,
    confidence: float = CONFIDENCE,
) -> PairedComparison:
    """Compare two runs' per-query scores on their common queries (the keys both mappings hold).

    The paired bootstrap resamples queries, keeping each query's two scores together, so the interval
    reflects how much the difference depends on which queries were asked. Raises ValueError when the
    runs share no query.
    """
    common = sorted(set(a) & set(b), key=repr)
    if not common:
        raise ValueError("the two runs have no query in common")
    pairs = [(a[k], b[k]) for k in common]
    diffs = [y - x for x, y in pairs]
    n = len(pairs)
    rng = random.Random(seed)
    samples = [math.fsum(rng.choices(diffs, k=n)) / n for _ in range(resamples)]
    below = sum(1 for s in samples if s <= 0)
    above = sum(1 for s in samples if s >= 0)
    p_bootstrap = min(1.0, 2.0 * min(below, above) / resamples)
    low, high = percentile_interval(samples, confidence)
    a_only = sum(1 for x, y in pairs if x == 1.0 and y == 0.0)
    b_only = sum(1 for x, y in pairs if x == 0.0 and y == 1.0)
    return PairedComparison(
        n=n,
        mean_a=mean([x for x, _ in pairs]),
        mean_b=mean([y for _, y in pairs]),
        diff=mean(diffs),
        ci_low=low,
        ci_high=high,
        p_bootstrap=p_bootstrap,
        a_only=a_only,
        b_only=b_only,
        p_mcnemar=mcnemar_exact(a_only, b_only),
    )
