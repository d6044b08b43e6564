"""What every retriever offers: scores for every corpus document, and the top k."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from harness.retriever.documents import Corpus
from harness.retriever.metrics import ranking


class Retriever(Protocol):
    """Ranks the documents of one corpus for a query."""

    corpus: Corpus

    @property
    def label(self) -> str:
        """A short name for tables (``bm25``, ``dense``, the model folder's name)."""
        ...

    def describe(self) -> dict[str, Any]:
        """What determines the rankings (method, model and its fingerprint): recorded with runs."""
        ...

    def score(self, queries: Sequence[str]) -> list[list[float]]:
        """One score per corpus document for each query, higher is better."""
        ...


def search(retriever: Retriever, queries: Sequence[str], k: int) -> list[list[int]]:
    """The corpus positions of the ``k`` best documents for each query, ties in corpus order."""
    return [ranking(scores)[:k] for scores in retriever.score(queries)]
