"""Dense retrieval with a sentence-transformers model: cosine similarity of normalised embeddings.

Documents are encoded in batches once per (corpus, model, backend, token limit) and the matrix is
cached on disk; a query costs one encoding and one matrix product. The backend (torch, onnx,
onnx-int8, onnx-int8-batched) is the runtime that encodes (:mod:`harness.retriever.encoders`); queries and documents
are always encoded by the same one.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from harness.retriever.documents import Corpus
from harness.retriever.encoder_settings import EncoderSettings
from harness.retriever.encoders import DEVICE_ENV as DEVICE_ENV
from harness.retriever.encoders import load_sentence_model as load_sentence_model
from harness.retriever.encoders import open_encoder, settings_for
from harness.retriever.encoders import torch_device as torch_device
from harness.retriever.errors import require
from harness.retriever.index_cache import IndexCache
from harness.retriever.pretrained import model_fingerprint

DEFAULT_BATCH_SIZE = 64


class DenseRetriever:
    """Embedding retrieval over ``corpus`` with the model in ``model_dir``, run by ``settings.backend``."""

    def __init__(
        self,
        corpus: Corpus,
        model_dir: Path,
        cache: IndexCache | None = None,
        *,
        label: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        device: str | None = None,
        settings: EncoderSettings | None = None,
    ) -> None:
        np = require("numpy")
        self.corpus = corpus
        self.model_dir = model_dir
        self.batch_size = batch_size
        self._label = label or model_dir.name
        self.settings = settings or settings_for(None, None, device)
        self.fingerprint = model_fingerprint(model_dir)
        self.encoder = open_encoder(model_dir, self.settings, cache)
        self.encode_seconds = 0.0  # time spent encoding documents here (0 on a cache hit)
        if cache is None:
            self.embeddings = self._encode_corpus()
            self.from_cache = False
            return
        # The backend and the token limit change the vectors, so an index made by one is never
        # read by another.
        key = f"{self.fingerprint}\nbackend {self.encoder.backend}\nmax_tokens {self.encoder.max_tokens}"
        # Encoding each text alone changes int8 vectors too. Named only when it applies, so that
        # indexes made before the setting existed (all padded) keep their keys.
        if self.encoder.batching != "padded":
            key += f"\nbatching {self.encoder.batching}"
        path = cache.entry("dense", key, corpus.fingerprint, suffix=".npy")

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
        return self.encoder.encode(texts, self.batch_size)

    def _encode_corpus(self) -> Any:
        began = time.perf_counter()
        matrix = self.encode(self.corpus.texts)
        self.encode_seconds = time.perf_counter() - began
        return matrix

    def describe(self) -> dict[str, Any]:
        described = {
            "method": "dense",
            "model": self._label,
            "model_sha256": self.fingerprint,
            "backend": self.encoder.backend,
            "max_tokens": self.encoder.max_tokens,
        }
        # As in the index key: a run whose texts were encoded alone is not a run made before that.
        if self.encoder.batching != "padded":
            described["batching"] = self.encoder.batching
        return described

    def score(self, queries: Sequence[str]) -> list[list[float]]:
        if not queries:
            return []
        scores: list[list[float]] = (self.encode(queries) @ self.embeddings.T).tolist()
        return scores
