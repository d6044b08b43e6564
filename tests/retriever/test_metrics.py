"""NDCG and recall on hand-computed cases, ties included, and against scikit-learn where it is installed."""

from __future__ import annotations

import math
import random

import pytest

from harness.retriever.evaluate import judged_queries
from harness.retriever.metrics import ndcg_at_k, ranking, recall_at_k
from harness.types.docs import ApiDoc
from harness.types.query import Query

D2 = 1 / math.log2(3)  # discount of the second rank
D3 = 1 / math.log2(4)


@pytest.mark.parametrize(
    ("scores", "relevant", "k", "expected"),
    [
        ([3, 2, 1], {0}, 1, 1.0),
        ([3, 2, 1], {1}, 1, 0.0),
        ([3, 2, 1], {1}, 3, D2),
        ([3, 2, 1], {0, 2}, 3, (1 + D3) / (1 + D2)),
        ([3, 2, 1], {0, 2}, 1, 1.0),
        # Ties: the two top documents share rank 1-2, each gets half the gain there.
        ([1, 1, 0], {1}, 1, 0.5),
        ([1, 1, 0], {1}, 3, 0.5 * (1 + D2)),
        # BM25 with no shared word: every document ties.
        ([0, 0, 0, 0], {3}, 1, 0.25),
        ([0, 0, 0, 0], {3}, 3, 0.25 * (1 + D2 + D3)),
        ([5, 4, 3, 2, 1, 0], {5}, 5, 0.0),  # relevant document ranked sixth: outside the top 5
        ([3, 2, 1], set(), 3, 0.0),
    ],
)
def test_ndcg_hand_computed(scores: list[float], relevant: set[int], k: int, expected: float) -> None:
    assert ndcg_at_k(scores, relevant, k) == pytest.approx(expected)


def test_relevant_apis_missing_from_the_corpus_still_count_in_the_ideal() -> None:
    assert ndcg_at_k([3, 2, 1], {0}, 1, relevant_count=2) == pytest.approx(1.0)
    assert ndcg_at_k([3, 2, 1], {0}, 3, relevant_count=2) == pytest.approx(1 / (1 + D2))
    assert ndcg_at_k([3, 2, 1], set(), 3, relevant_count=1) == 0.0


def test_recall_and_ranking() -> None:
    assert ranking([1, 3, 3, 0]) == [1, 2, 0, 3]  # ties keep corpus order
    ranked = [2, 0, 1]
    assert recall_at_k(ranked, {0, 1}, 1) == 0.0
    assert recall_at_k(ranked, {0, 1}, 2) == 0.5
    assert recall_at_k(ranked, {0, 1}, 3) == 1.0
    assert recall_at_k(ranked, {0, 1}, 2, relevant_count=4) == 0.25
    assert recall_at_k(ranked, set(), 3) == 0.0
    with pytest.raises(ValueError, match="k must be at least 1"):
        ndcg_at_k([1.0], {0}, 0)


def test_matches_scikit_learn_on_random_rankings_with_ties() -> None:
    metrics = pytest.importorskip("sklearn.metrics")
    rng = random.Random(7)
    for _ in range(300):
        n = rng.randint(2, 25)
        scores = [rng.choice([0.0, 0.0, 0.5, 1.0, 2.0, rng.random()]) for _ in range(n)]
        relevant = set(rng.sample(range(n), rng.randint(1, min(n, 4))))
        truth = [[1 if i in relevant else 0 for i in range(n)]]
        for k in (1, 3, 5):
            assert ndcg_at_k(scores, relevant, k) == pytest.approx(metrics.ndcg_score(truth, [scores], k=k), abs=1e-12)


def test_judged_queries_follow_toolbench_retrieval_data() -> None:
    a, b, c = (ApiDoc(category_name="C", tool_name="t", api_name=n) for n in "abc")
    queries = [
        Query(query_id="1", text="same text", api_list=[a, b], relevant_apis=[("t", "a"), ("t", "c")]),
        Query(query_id="2", text="same text", api_list=[b, c], relevant_apis=[("t", "b")]),
        Query(query_id="3", text="nothing relevant", api_list=[a], relevant_apis=[]),
        Query(query_id="4", text="no api list", relevant_apis=[("t", "c")]),
    ]
    # ("t", "c") is not offered by query 1, so ToolBench's preprocessing would not mark it relevant there.
    assert judged_queries(queries) == {"same text": {("t", "a"), ("t", "b")}, "no api list": {("t", "c")}}
