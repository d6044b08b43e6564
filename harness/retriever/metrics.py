"""Ranking metrics as ToolBench computes them.

ToolBench's evaluator (``toolbench/retrieval/api_evaluator.py``) scores every corpus document for a
query and calls scikit-learn's ``ndcg_score([relevance], [scores], k)`` with binary relevance. That
function ranks by score and, where scores tie, gives each tied document the group's average gain
over the group's discount positions; the ideal DCG ranks the relevant documents first. NDCG@k of a
query with no relevant document is 0. The functions below do the same on plain lists, so the
numbers match ToolBench's to rounding without scikit-learn.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence


def _discount(position: int) -> float:
    """The DCG discount of a 0-based rank."""
    return 1.0 / math.log2(position + 2)


def ideal_dcg(relevant_count: int, k: int) -> float:
    """The DCG of a ranking that puts all ``relevant_count`` relevant documents first."""
    return sum(_discount(p) for p in range(min(relevant_count, k)))


def ranking(scores: Sequence[float]) -> list[int]:
    """Document indices by descending score, ties in corpus order."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


def ndcg_at_k(
    scores: Sequence[float],
    relevant: Collection[int],
    k: int,
    relevant_count: int | None = None,
    order: Sequence[int] | None = None,
) -> float:
    """NDCG@k of one query, ties averaged as scikit-learn's ``ndcg_score`` does.

    ``scores`` holds one score per corpus document (higher is better), ``relevant`` the indices of
    the relevant ones. ``relevant_count`` (default ``len(relevant)``) may be larger when some relevant
    APIs are missing from the corpus: they can never be ranked but still count in the ideal.
    ``order`` is ``ranking(scores)`` when the caller already has it.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    wanted = set(relevant)
    ideal = ideal_dcg(len(wanted) if relevant_count is None else relevant_count, k)
    if ideal == 0.0:
        return 0.0
    order = ranking(scores) if order is None else order
    gain = 0.0
    start = 0
    while start < min(k, len(order)):
        # One group of equal scores: ranks start .. end-1.
        end = start + 1
        while end < len(order) and scores[order[end]] == scores[order[start]]:
            end += 1
        hits = sum(1 for i in order[start:end] if i in wanted)
        if hits:
            discounts = sum(_discount(p) for p in range(start, min(end, k)))
            gain += hits / (end - start) * discounts
        start = end
    return gain / ideal


def recall_at_k(ranked: Sequence[int], relevant: Collection[int], k: int, relevant_count: int | None = None) -> float:
    """The share of the relevant documents among the first ``k`` of ``ranked``; 0 when none is relevant."""
    total = len(set(relevant)) if relevant_count is None else relevant_count
    if total == 0:
        return 0.0
    return len(set(ranked[:k]) & set(relevant)) / total
