"""From per-query values to per-group scores: value, 95% bootstrap interval, n, and the average."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from harness.eval.stats import derived_seed, mean, percentile_interval, resample_means, stratified_means
from harness.store.judgments import ScoreRow

AVERAGE = "average"
# The stored metric names (kept here, not in evaluate, so that score readers stay light to import).
PASS_RATE = "pass_rate"
WIN_RATE = "win_rate"

Key = tuple[str, str]  # (group, query id)


def by_group(values: Mapping[Key, float]) -> dict[str, list[float]]:
    """Per-query values grouped by their group, in query order."""
    groups: dict[str, list[float]] = {}
    for (group, _), value in sorted(values.items()):
        groups.setdefault(group, []).append(value)
    return groups


PASS_COUNTS = ("passed", "failed", "half")
WIN_COUNTS = ("wins", "losses", "ties")


def outcome_counts(values: Sequence[float], names: tuple[str, str, str] = PASS_COUNTS) -> dict[str, int]:
    """How many queries scored 1, 0, and something in between, under ``names``."""
    full, zero, partial = names
    return {
        full: sum(1 for v in values if v == 1.0),
        zero: sum(1 for v in values if v == 0.0),
        partial: sum(1 for v in values if 0.0 < v < 1.0),
    }


def score_rows(
    values: Mapping[Key, float],
    *,
    seed: int = 0,
    details: Mapping[str, Any] | None = None,
    extra: Callable[[list[Key]], dict[str, Any]] | None = None,
    counts: tuple[str, str, str] = PASS_COUNTS,
) -> list[ScoreRow]:
    """One row per group and one ``average`` row: the mean of the group means (ToolBench's average
    column), with a bootstrap interval that resamples queries within each group (the same draws as
    the groups' own intervals, as ``stats.stratified_bootstrap_ci`` does).

    ``details`` go into every row; ``extra(keys)`` adds what is specific to a row's queries; ``counts``
    names the numbers of queries scoring 1, 0 and in between.
    """
    common = dict(details or {})
    groups = by_group(values)
    rows: list[ScoreRow] = []
    samples = {group: resample_means(v, seed=derived_seed(seed, group)) for group, v in groups.items()}
    for group, group_values in groups.items():
        low, high = percentile_interval(samples[group])
        keys = [k for k in values if k[0] == group]
        row_details = {**common, **outcome_counts(group_values, counts), **(extra(keys) if extra else {})}
        rows.append(ScoreRow(group, mean(group_values), low, high, len(group_values), row_details))
    if groups:
        low, high = percentile_interval(stratified_means(list(samples.values())))
        all_values = [v for vs in groups.values() for v in vs]
        row_details = {
            **common,
            **outcome_counts(all_values, counts),
            **(extra(list(values)) if extra else {}),
            "groups": len(groups),
            "macro": True,
        }
        average = mean([mean(vs) for vs in groups.values()])
        rows.append(ScoreRow(AVERAGE, average, low, high, len(all_values), row_details))
    return rows
