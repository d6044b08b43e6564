"""Dense retrieval with a sentence-transformers model: cosine similarity of normalised embeddings.

Documents are encoded in batches once per (corpus, model) and the matrix is cached on disk; a query
costs one encoding and one matrix product.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from harness.retriever.documents import Corpus
from harness.retriever.errors import RetrieverError, require
from harness.retriever.index_cache import IndexCache
from harness.retriever.pretrained import model_fingerprint

DEFAULT_BATCH_SIZE = 64
DEVICE_ENV = "HARNESS_RETRIEVER_DEVICE"


def torch_device(device: str | None = None) -> str:
    """The torch device to encode and train on: ``device``, else ``$HARNESS_RETRIEVER_DEVICE``, else cpu.

    Checked here so that a typo or a missing GPU is one line naming the fix, not a torch traceback.
    """
    chosen = device or os.environ.get(DEVICE_ENV) or "cpu"
    torch = require("torch")
    try:
        kind = torch.device(chosen).type
    except RuntimeError as exc:
        raise RetrieverError(f"device {chosen!r} is not a torch device; use cpu, cuda, cuda:N or mps") from exc
    available = {"cuda": torch.cuda.is_available, "mps": torch.backends.mps.is_available}.get(kind)
    if available is not None and not available():
        raise RetrieverError(f"device {chosen!r}: this torch build sees no {kind} device; use cpu")
    return chosen


def load_sentence_model(model_dir: Path, device: str | None = None) -> Any:
    """A SentenceTransformer from a local folder (never from a hub), on :func:`torch_device`."""
    st = require("sentence_transformers")
    chosen = torch_device(device)
    # transformers draws progress bars while loading and saving weights; they clutter our own output.
    require("transformers").utils.logging.disable_progress_bar()
    return st.SentenceTransformer(str(model_dir), device=chosen, local_files_only=True)


class DenseRetriever:
    """Embedding retrieval over ``corpus`` with the model in ``model_dir``."""

    def __init__(
        self,
        corpus: Corpus,
        model_dir: Path,
        cache: IndexCache | None = None,
        *,
        label: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        device: str | None = None,
    ) -> None:
        np = require("numpy")
        self.corpus = corpus
        self.model_dir = model_dir
        self.batch_size = batch_size
        self._label = label or model_dir.name
        self.fingerprint = model_fingerprint(model_dir)
        self.model = load_sentence_model(model_dir, device)
        self.encode_seconds = 0.0  # time spent encoding documents here (0 on a cache hit)
        if cache is None:
            self.embeddings = self._encode_corpus()
            self.from_cache = False
            return
        path = cache.entry("dense", self.fingerprint, corpus.fingerprint, suffix=".npy")

        def build(target: Path) -> None:
            with target.open("wb") as handle:
                np.save(handle, self._encode_corpus())

        self.from_cache = cache.fetch(path, build)
        self.embeddings = np.load(path)

    @property
    def label(self) -> str:
        return self._label

    def encode(self, texts: Sequence[str]) -> Any:
        """Unit-length embeddings (float32 matrix, one row per text)."""
        return self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    def _encode_corpus(self) -> Any:
        began = time.perf_counter()
        matrix = self.encode(self.corpus.texts)
        self.encode_seconds = time.perf_counter() - began
        return matrix

    def describe(self) -> dict[str, Any]:
        return {"method": "dense", "model": self._label, "model_sha256": self.fingerprint}

    def score(self, queries: Sequence[str]) -> list[list[float]]:
        if not queries:
            return []
        scores: list[list[float]] = (self.encode(queries) @ self.embeddings.T).tolist()
        return scores
