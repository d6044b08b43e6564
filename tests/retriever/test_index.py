"""BM25 and dense retrieval over a small world; indexes are cached per corpus and model."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.retriever.base import search
from harness.retriever.bm25 import BM25Retriever
from harness.retriever.documents import Corpus
from harness.retriever.errors import RetrieverError
from harness.retriever.evaluate import evaluate
from harness.retriever.factory import open_retriever
from harness.retriever.hybrid import fuse
from harness.retriever.index_cache import IndexCache
from harness.retriever.metrics import ranking
from harness.types.docs import ApiDoc
from tests.retriever.world import apis, described_queries

pytest.importorskip("bm25s")


def test_bm25_finds_apis_by_their_words(tmp_path: Path) -> None:
    corpus = Corpus(apis())
    retriever = BM25Retriever(corpus, IndexCache(tmp_path))
    [top] = search(retriever, ["share price of a listed company"], 2)
    assert corpus.documents[top[0]].key == ("CoinDesk", "stock quote")
    [scores] = retriever.score(["zzz unknown words"])  # nothing in common: all tie at 0
    assert scores == [0.0] * len(corpus)
    result = evaluate(retriever, described_queries(20))
    assert result.queries == len({q.text for q in described_queries(20)})
    assert result.ndcg[1] == 1.0 and result.recall[5] == 1.0


def test_bm25_index_is_reused_and_rebuilt_when_the_corpus_changes(tmp_path: Path) -> None:
    cache = IndexCache(tmp_path / "cache")
    first = BM25Retriever(Corpus(apis()), cache)
    assert not first.from_cache
    entries = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert len(entries) == 1 and entries[0].startswith("bm25-")
    again = BM25Retriever(Corpus(apis()), cache)
    assert again.from_cache
    query = ["hotels with free rooms"]
    assert again.score(query) == first.score(query)

    changed = [*apis(), ApiDoc(category_name="Travel", tool_name="FlyNow", api_name="car rental")]
    rebuilt = BM25Retriever(Corpus(changed), cache)
    assert not rebuilt.from_cache
    assert len(list((tmp_path / "cache").iterdir())) == 2
    assert len(rebuilt.score(query)[0]) == len(changed)


def test_dense_index_is_cached_per_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sentence_transformers")
    # Caching is what is checked here: torch spares exporting the real model to ONNX (the default
    # backend's cache keys are checked in test_backends.py on a tiny model).
    monkeypatch.setenv("HARNESS_RETRIEVER_BACKEND", "torch")
    cache = IndexCache(tmp_path)
    corpus = Corpus(apis())
    first = open_retriever("dense", corpus, cache)
    assert not first.from_cache  # type: ignore[attr-defined]
    again = open_retriever("dense", Corpus(apis()), cache)
    assert again.from_cache  # type: ignore[attr-defined]
    assert again.embeddings.tolist() == first.embeddings.tolist()  # type: ignore[attr-defined]
    [top] = search(again, ["Albums released by a musician"], 1)
    assert corpus.documents[top[0]].key == ("Tunes", "artist albums")
    smaller = open_retriever("dense", Corpus(apis()[:4]), cache)
    assert not smaller.from_cache  # type: ignore[attr-defined]
    assert smaller.embeddings.shape[0] == 4  # type: ignore[attr-defined]
    assert len(list(tmp_path.glob("dense-*.npy"))) == 2
    assert first.describe()["backend"] == "torch"


def test_rank_fusion_and_hybrid_spelling(tmp_path: Path) -> None:
    fused = fuse([[3.0, 2.0, 1.0], [0.0, 5.0, 9.0]])
    assert fused == pytest.approx([1 / 61 + 1 / 63, 1 / 62 + 1 / 62, 1 / 63 + 1 / 61])
    assert ranking(fuse([[3.0, 2.0, 1.0], [3.0, 1.0, 2.0]])) == [0, 1, 2]  # agreed best first; 1 and 2 tie
    with pytest.raises(RetrieverError, match="hybrid fuses BM25 with a dense model"):
        open_retriever("hybrid:bm25", Corpus(apis()), IndexCache(tmp_path))
    with pytest.raises(RetrieverError, match="unknown retriever 'bm52'"):
        open_retriever("bm52", Corpus(apis()), IndexCache(tmp_path))
    with pytest.raises(RetrieverError, match="the corpus is empty"):
        open_retriever("bm25", Corpus([]), IndexCache(tmp_path))
