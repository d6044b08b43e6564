"""Bootstrap intervals, pass@k / pass^k, McNemar and the paired comparison."""

from __future__ import annotations

import math
import random

import pytest

from harness.eval.metrics import AVERAGE, score_rows
from harness.eval.stats import (
    bootstrap_ci,
    compare_paired,
    mcnemar_exact,
    pass_at_k,
    pass_hat_k,
    repeated_scores,
    stratified_bootstrap_ci,
)


def test_bootstrap_is_seeded_and_brackets_the_mean() -> None:
    rng = random.Random(1)
    values = [float(rng.random() < 0.3) for _ in range(200)]
    low, high = bootstrap_ci(values, seed=7)
    assert (low, high) == bootstrap_ci(values, seed=7)
    assert bootstrap_ci(values, seed=8) != (low, high)
    mean = sum(values) / len(values)
    assert low < mean < high
    # The normal approximation of a proportion's 95% interval: the bootstrap should be close to it.
    half_width = 1.96 * math.sqrt(mean * (1 - mean) / len(values))
    assert abs((high - low) / 2 - half_width) < 0.02
    assert bootstrap_ci([1.0] * 5) == (1.0, 1.0)
    with pytest.raises(ValueError):
        bootstrap_ci([])


def test_more_queries_give_a_narrower_interval() -> None:
    small = bootstrap_ci([1.0, 0.0] * 10, seed=1)
    large = bootstrap_ci([1.0, 0.0] * 200, seed=1)
    assert large[1] - large[0] < (small[1] - small[0]) / 3


def test_average_is_the_mean_of_group_means_with_a_stratified_interval() -> None:
    values = {("G1", str(i)): 1.0 for i in range(10)} | {("G2", str(i)): float(i % 2) for i in range(40)}
    rows = {row.group: row for row in score_rows(values, seed=3)}
    assert rows["G1"].value == 1.0 and rows["G1"].n == 10 and rows["G1"].ci_low == 1.0
    assert rows["G2"].value == 0.5 and rows["G2"].details["passed"] == 20
    assert rows[AVERAGE].value == pytest.approx(0.75) and rows[AVERAGE].n == 50
    assert rows[AVERAGE].ci_low < 0.75 < rows[AVERAGE].ci_high
    low, high = stratified_bootstrap_ci({"a": [1.0] * 3, "b": [0.0] * 3})
    assert low == high == 0.5  # each group keeps its size, so its mean cannot move


def test_pass_at_k_and_pass_hat_k() -> None:
    assert pass_at_k(4, 2, 1) == pass_hat_k(4, 2, 1) == 0.5
    assert pass_at_k(4, 2, 2) == pytest.approx(5 / 6)
    assert pass_hat_k(4, 2, 2) == pytest.approx(1 / 6)
    assert pass_at_k(3, 0, 3) == 0.0 and pass_hat_k(3, 3, 3) == 1.0
    with pytest.raises(ValueError):
        pass_at_k(2, 1, 3)
    scores = repeated_scores({"a": [True, True], "b": [True, False], "c": [False, False]})
    assert scores.samples == 2 and scores.queries == 3
    assert scores.pass_at == {1: pytest.approx(0.5), 2: pytest.approx(2 / 3)}
    assert scores.pass_hat == {1: pytest.approx(0.5), 2: pytest.approx(1 / 3)}


def test_mcnemar_exact_p_values() -> None:
    assert mcnemar_exact(0, 0) == 1.0
    assert mcnemar_exact(10, 0) == pytest.approx(2 / 1024)
    assert mcnemar_exact(5, 5) == 1.0
    assert mcnemar_exact(1, 6) == pytest.approx(2 * (1 + 7) / 128)


def test_paired_comparison_on_common_queries() -> None:
    a = {str(i): float(i % 2) for i in range(60)}
    same = compare_paired(a, dict(a))
    assert (same.diff, same.p_bootstrap, same.p_mcnemar, same.a_only, same.b_only) == (0.0, 1.0, 1.0, 0, 0)
    better = {k: 1.0 for k in a} | {"extra": 0.0}
    result = compare_paired(a, better, seed=2)
    assert result.n == 60 and result.diff == pytest.approx(0.5)
    assert 0 < result.ci_low < 0.5 < result.ci_high
    assert result.b_only == 30 and result.a_only == 0 and result.p_mcnemar < 1e-6
    assert result.p_bootstrap < 0.01
    assert compare_paired(a, better, seed=2) == result
    with pytest.raises(ValueError, match="no query in common"):
        compare_paired({"x": 1.0}, {"y": 1.0})
