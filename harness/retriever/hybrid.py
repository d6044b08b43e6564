"""Hybrid retrieval: reciprocal rank fusion of BM25 and a dense model.

Each document scores ``sum(1 / (RRF_K + rank))`` over the two rankings (rank from 1), the usual
fusion that needs no score calibration between a lexical and an embedding retriever.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from harness.retriever.base import Retriever
from harness.retriever.metrics import ranking

RRF_K = 60


def fuse(score_lists: Sequence[Sequence[float]]) -> list[float]:
    """Reciprocal-rank-fused scores of several full score lists over the same documents."""
    fused = [0.0] * len(score_lists[0])
    for scores in score_lists:
        for rank, position in enumerate(ranking(scores), start=1):
            fused[position] += 1.0 / (RRF_K + rank)
    return fused


class HybridRetriever:
    """BM25 and a dense retriever over the same corpus, fused by rank."""

    def __init__(self, lexical: Retriever, dense: Retriever) -> None:
        self.corpus = lexical.corpus
        self.parts = (lexical, dense)

    @property
    def label(self) -> str:
        return f"hybrid({self.parts[0].label}+{self.parts[1].label})"

    def describe(self) -> dict[str, Any]:
        return {"method": "hybrid", "fusion": f"rrf{RRF_K}", "parts": [p.describe() for p in self.parts]}

    def score(self, queries: Sequence[str]) -> list[list[float]]:
        per_part = [part.score(queries) for part in self.parts]
        return [fuse([scores[i] for scores in per_part]) for i in range(len(queries))]
