"""From a method name on the command line to a retriever: ``bm25``, ``dense``, ``hybrid`` or a model folder."""

from __future__ import annotations

from pathlib import Path

from harness.registry import Registry
from harness.retriever.base import Retriever
from harness.retriever.documents import Corpus
from harness.retriever.encoder_settings import EncoderSettings
from harness.retriever.encoders import settings_for
from harness.retriever.errors import RetrieverError
from harness.retriever.index_cache import IndexCache
from harness.retriever.pretrained import bundled_model_dir, check_model_dir

DEFAULT_DENSE_LABEL = "all-MiniLM-L6-v2"

# A retriever builder is called as ``build(corpus, cache, device)`` (a family such as ``hybrid:`` as
# ``build(target, corpus, cache, device)``) and returns a Retriever; a plugin registers one with an
# entry point in ``toolharness.retrievers``. A method that names no entry is read as a model folder.
# Entries registered with ``encoder=True`` also get ``encoder=EncoderSettings`` (backend, token limit).
RETRIEVERS = Registry("retriever", "retrievers")


@RETRIEVERS.register("bm25", "BM25 over each API's name, description and parameters (bm25s)")
def _bm25(corpus: Corpus, cache: IndexCache | None, device: str | None) -> Retriever:
    from harness.retriever.bm25 import BM25Retriever

    return BM25Retriever(corpus, cache)


@RETRIEVERS.register("dense", f"the bundled sentence-transformers/{DEFAULT_DENSE_LABEL} (hash-checked)", encoder=True)
def _dense(
    corpus: Corpus, cache: IndexCache | None, device: str | None, encoder: EncoderSettings | None = None
) -> Retriever:
    from harness.retriever.dense import DenseRetriever

    return DenseRetriever(
        corpus, bundled_model_dir(), cache, label=DEFAULT_DENSE_LABEL, device=device, settings=encoder
    )


def _hybrid_of(
    dense_method: str,
    corpus: Corpus,
    cache: IndexCache | None,
    device: str | None,
    encoder: EncoderSettings | None = None,
) -> Retriever:
    from harness.retriever.bm25 import BM25Retriever
    from harness.retriever.hybrid import HybridRetriever

    if dense_method in ("bm25", "hybrid") or dense_method.startswith("hybrid:"):
        raise RetrieverError(
            f"hybrid:{dense_method}: hybrid fuses BM25 with a dense model; write hybrid or hybrid:MODEL_DIR"
        )
    dense = open_retriever(dense_method or "dense", corpus, cache, device, encoder=encoder)
    return HybridRetriever(BM25Retriever(corpus, cache), dense)


@RETRIEVERS.register("hybrid", "BM25 fused with the bundled dense model (reciprocal rank fusion)", encoder=True)
def _hybrid(
    corpus: Corpus, cache: IndexCache | None, device: str | None, encoder: EncoderSettings | None = None
) -> Retriever:
    return _hybrid_of("dense", corpus, cache, device, encoder)


RETRIEVERS.add(
    "hybrid:",
    _hybrid_of,
    "BM25 fused with the dense model in MODEL_DIR",
    display="hybrid:MODEL_DIR",
    encoder=True,
)


def open_retriever(
    method: str,
    corpus: Corpus,
    cache: IndexCache | None = None,
    device: str | None = None,
    *,
    backend: str | None = None,
    max_tokens: int | None = None,
    encoder: EncoderSettings | None = None,
) -> Retriever:
    """The retriever ``method`` names, indexed over ``corpus`` (from the cache when possible).

    ``dense`` is the bundled all-MiniLM-L6-v2 (hash-checked); a path is any sentence-transformers
    model folder, such as one written by ``harness retriever train``; ``hybrid`` fuses BM25 with the
    bundled model, ``hybrid:PATH`` with the model in PATH. Dense models run on ``device`` (see
    :func:`harness.retriever.dense.torch_device`) by ``backend`` (torch, onnx, onnx-int8, onnx-int8-batched; default
    :func:`harness.retriever.encoders.choose_backend`) reading at most ``max_tokens`` per text
    (default: the backend's); ``encoder`` gives all three at once.
    """
    if len(corpus) == 0:
        raise RetrieverError("the corpus is empty; give queries with api_lists or a --corpus with APIs")
    path = Path(method).expanduser()
    if method not in RETRIEVERS or path.exists():
        if not path.exists() and "/" not in method and "\\" not in method:
            raise RetrieverError(f"{RETRIEVERS.unknown_message(method)}; or give a model folder")
        from harness.retriever.dense import DenseRetriever

        settings = encoder or settings_for(backend, max_tokens, device)
        return DenseRetriever(corpus, check_model_dir(path), cache, settings=settings)
    entry, _ = RETRIEVERS.resolve(method)
    extra: dict[str, EncoderSettings] = {}
    if entry.info.get("encoder"):
        extra["encoder"] = encoder or settings_for(backend, max_tokens, device)
    retriever: Retriever = RETRIEVERS.build(method, corpus, cache, device, record_args={"method": method}, **extra)
    return retriever
