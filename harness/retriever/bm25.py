"""BM25 over ToolBench's document text, with the bm25s library (Lucene's BM25 variant)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from harness.retriever.documents import Corpus
from harness.retriever.errors import require
from harness.retriever.index_cache import IndexCache

# Lucene's defaults, as bm25s uses them; part of the cache key.
K1 = 1.5
B = 0.75


def _tokenize(texts: Sequence[str]) -> list[list[str]]:
    bm25s = require("bm25s")
    tokens: list[list[str]] = bm25s.tokenize(list(texts), stopwords="en", return_ids=False, show_progress=False)
    return tokens


class BM25Retriever:
    """Lexical retrieval; the index is cached per corpus."""

    label = "bm25"

    def __init__(self, corpus: Corpus, cache: IndexCache | None = None) -> None:
        bm25s = require("bm25s")
        self.corpus = corpus
        self.settings = {"k1": K1, "b": B, "variant": "lucene", "stopwords": "en"}
        fingerprint = json.dumps(self.settings, sort_keys=True)
        if cache is None:
            self._index = self._build()
            self.from_cache = False
            return
        path = cache.entry("bm25", fingerprint, corpus.fingerprint)
        self.from_cache = cache.fetch(path, lambda target: self._build().save(str(target), show_progress=False))
        self._index = bm25s.BM25.load(str(path), show_progress=False, verbosity=0)

    def _build(self) -> Any:
        bm25s = require("bm25s")
        index = bm25s.BM25(k1=K1, b=B, method="lucene")
        index.index(_tokenize(self.corpus.texts), show_progress=False)
        return index

    def describe(self) -> dict[str, Any]:
        return {"method": "bm25", **self.settings}

    def score(self, queries: Sequence[str]) -> list[list[float]]:
        scores: list[list[float]] = []
        for tokens in _tokenize(queries):
            known = self._index.get_tokens_ids(tokens)
            if not known:  # nothing in common with the corpus: every document scores 0
                scores.append([0.0] * len(self.corpus))
                continue
            scores.append(self._index.get_scores(known).tolist())
        return scores
