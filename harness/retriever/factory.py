"""From a method name on the command line to a retriever: ``bm25``, ``dense``, ``hybrid`` or a model folder."""

from __future__ import annotations

from pathlib import Path

from harness.retriever.base import Retriever
from harness.retriever.documents import Corpus
from harness.retriever.errors import RetrieverError
from harness.retriever.index_cache import IndexCache
from harness.retriever.pretrained import bundled_model_dir, check_model_dir

NAMED_METHODS = ("bm25", "dense", "hybrid")
DEFAULT_DENSE_LABEL = "all-MiniLM-L6-v2"


def open_retriever(
    method: str, corpus: Corpus, cache: IndexCache | None = None, device: str | None = None
) -> Retriever:
    """The retriever ``method`` names, indexed over ``corpus`` (from the cache when possible).

    ``dense`` is the bundled all-MiniLM-L6-v2 (hash-checked); a path is any sentence-transformers
    model folder, such as one written by ``harness retriever train``; ``hybrid`` fuses BM25 with the
    bundled model, ``hybrid:PATH`` with the model in PATH. Dense models run on ``device`` (see
    :func:`harness.retriever.dense.torch_device`).
    """
    if len(corpus) == 0:
        raise RetrieverError("the corpus is empty; give queries with api_lists or a --corpus with APIs")
    if method == "bm25":
        from harness.retriever.bm25 import BM25Retriever

        return BM25Retriever(corpus, cache)
    if method.startswith("hybrid"):
        from harness.retriever.bm25 import BM25Retriever
        from harness.retriever.hybrid import HybridRetriever

        _, _, dense_method = method.partition(":")
        if dense_method in ("bm25", "hybrid") or dense_method.startswith("hybrid:"):
            raise RetrieverError(f"{method}: hybrid fuses BM25 with a dense model; write hybrid or hybrid:MODEL_DIR")
        dense = open_retriever(dense_method or "dense", corpus, cache, device)
        return HybridRetriever(BM25Retriever(corpus, cache), dense)
    from harness.retriever.dense import DenseRetriever

    if method == "dense":
        return DenseRetriever(corpus, bundled_model_dir(), cache, label=DEFAULT_DENSE_LABEL, device=device)
    if method in NAMED_METHODS:  # pragma: no cover - every named method is handled above
        raise AssertionError(method)
    path = Path(method).expanduser()
    if not path.exists() and "/" not in method and "\\" not in method:
        raise RetrieverError(f"unknown retriever {method!r}: use bm25, dense, hybrid[:MODEL_DIR] or a model folder")
    return DenseRetriever(corpus, check_model_dir(path), cache, device=device)
