"""Evaluating a retriever on a query set: ToolBench's NDCG@1/3/5 and recall@k, averaged over queries.

As in ToolBench's retriever data, a query's relevant documents are its ``relevant APIs`` that its
``api_list`` offers (all of them when it has no api_list), queries without any are left out, and
queries with the same text are one query whose relevant APIs are merged.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from harness.retriever.base import Retriever
from harness.retriever.documents import ApiKey
from harness.retriever.metrics import ndcg_at_k, ranking, recall_at_k
from harness.types.query import Query

NDCG_KS = (1, 3, 5)
RECALL_K = 5
CHUNK = 64  # queries scored at once: bounds the memory of full score lists


def relevant_keys(query: Query) -> set[ApiKey]:
    """The APIs that count as relevant for ``query`` (see the module docstring)."""
    relevant = set(query.relevant_apis or [])
    if query.api_list:
        relevant &= {api.key for api in query.api_list}
    return relevant


def judged_queries(queries: list[Query]) -> dict[str, set[ApiKey]]:
    """Query text -> relevant APIs, in first-seen order; queries without relevant APIs dropped."""
    merged: dict[str, set[ApiKey]] = {}
    for query in queries:
        relevant = relevant_keys(query)
        if relevant:
            merged.setdefault(query.text, set()).update(relevant)
    return merged


@dataclass
class Evaluation:
    """Mean metrics of one retriever on one query set."""

    queries: int
    ndcg: dict[int, float]
    recall: dict[int, float]
    missing: int = 0  # relevant APIs absent from the corpus (they count as not retrieved)
    seconds_per_query: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """Percentages as ToolBench prints them, plus counts."""
        out: dict[str, Any] = {f"ndcg@{k}": round(100 * v, 2) for k, v in self.ndcg.items()}
        out.update({f"recall@{k}": round(100 * v, 2) for k, v in self.recall.items()})
        out.update(queries=self.queries, missing_relevant=self.missing)
        out["ms_per_query"] = round(1000 * self.seconds_per_query, 2)
        return out


def evaluate(retriever: Retriever, queries: list[Query], recall_ks: tuple[int, ...] = (RECALL_K,)) -> Evaluation:
    """NDCG@1/3/5 and recall@k of ``retriever`` over ``queries``."""
    judged = judged_queries(queries)
    texts = list(judged)
    ndcg = {k: 0.0 for k in NDCG_KS}
    recall = dict.fromkeys(recall_ks, 0.0)
    missing = 0
    began = time.perf_counter()
    for start in range(0, len(texts), CHUNK):
        chunk = texts[start : start + CHUNK]
        for text, scores in zip(chunk, retriever.score(chunk), strict=True):
            keys = judged[text]
            positions = {p for p in (retriever.corpus.position(key) for key in keys) if p is not None}
            missing += len(keys) - len(positions)
            order = ranking(scores)
            for k in NDCG_KS:
                ndcg[k] += ndcg_at_k(scores, positions, k, relevant_count=len(keys), order=order)
            for k in recall_ks:
                recall[k] += recall_at_k(order, positions, k, relevant_count=len(keys))
    elapsed = time.perf_counter() - began
    count = len(texts)
    if count == 0:
        return Evaluation(0, ndcg, recall, missing)
    return Evaluation(
        queries=count,
        ndcg={k: v / count for k, v in ndcg.items()},
        recall={k: v / count for k, v in recall.items()},
        missing=missing,
        seconds_per_query=elapsed / count,
    )
