"""Dense encoders: the runtimes ("backends") that turn texts into unit-length embeddings.

``torch`` runs the sentence-transformers model as it is; ``onnx`` runs the same weights exported to
ONNX with ONNX Runtime's transformer fusions (attention, layer norm, GELU); ``onnx-int8`` also
quantizes the weights of the attention blocks and of each feed-forward block's first product to int8
and encodes every text alone (its own activation scales, so its vector never depends on what else is
encoded); ``onnx-int8-batched`` runs the same file on padded batches, faster, but a text's vector
then moves slightly with its batch-mates. ``onnx-int8`` is the default on the CPU. Each backend has
a default token limit per text: ToolBench's API documents run to hundreds of tokens, mostly
response schema past the first 128, so the ONNX backends read 128 and ``torch`` the model's own
limit. The figures behind the defaults are in ``docs/scale-local.md`` and ``bench/``.

Backends are registered in :data:`ENCODERS` (the one registry; plugins in the entry-point group
``toolharness.dense-backends``; ``harness ls dense-backends`` lists them); a builder is called as
``build(model_dir, settings, cache)`` and returns an :class:`Encoder`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from harness.registry import Registry
from harness.retriever.encoder_settings import BACKEND_ENV as BACKEND_ENV
from harness.retriever.encoder_settings import CPU_ONLY, DEFAULT_BACKEND, DEFAULT_MAX_TOKENS, EncoderSettings
from harness.retriever.encoder_settings import DEVICE_ENV as DEVICE_ENV
from harness.retriever.errors import RetrieverError, require
from harness.retriever.index_cache import IndexCache

ENCODERS = Registry("dense backend", "dense-backends")


class Encoder(Protocol):
    """Texts in, unit-length float32 embeddings out (one row per text)."""

    backend: str
    max_tokens: int
    # "padded": texts batched together, "alone": each text run by itself (see the dense index key).
    batching: str

    def encode(self, texts: Sequence[str], batch_size: int) -> Any:
        """The embedding matrix of ``texts``."""
        ...


def _explicit_device(device: str | None) -> str | None:
    return device or os.environ.get(DEVICE_ENV) or None


def choose_backend(backend: str | None = None, device: str | None = None) -> str:
    """``backend``, else ``$HARNESS_RETRIEVER_BACKEND``, else ``DEFAULT_BACKEND`` (onnx-int8) on the
    CPU and torch on another device; the ONNX backends run on the CPU only (ONNX Runtime's CPU build
    has no GPU)."""
    chosen = backend or os.environ.get(BACKEND_ENV) or None
    wanted_device = _explicit_device(device)
    on_cpu = wanted_device is None or wanted_device.split(":")[0] == "cpu"
    if chosen is None:
        return DEFAULT_BACKEND if on_cpu else "torch"
    if chosen not in ENCODERS:
        raise RetrieverError(ENCODERS.unknown_message(chosen))
    if chosen in CPU_ONLY and not on_cpu:
        raise RetrieverError(f"backend {chosen} runs on the CPU only; use --backend torch for device {wanted_device!r}")
    return chosen


def settings_for(backend: str | None, max_tokens: int | None, device: str | None) -> EncoderSettings:
    """The settings a user's options (each possibly unset) amount to, defaults filled in."""
    chosen = choose_backend(backend, device)
    tokens = max_tokens if max_tokens is not None else DEFAULT_MAX_TOKENS.get(chosen)
    return EncoderSettings(backend=chosen, max_tokens=tokens, device=device)


def open_encoder(model_dir: Path, settings: EncoderSettings, cache: IndexCache | None = None) -> Encoder:
    """The encoder ``settings.backend`` names, for the model in ``model_dir``."""
    encoder: Encoder = ENCODERS.build(settings.backend, model_dir, settings, cache or IndexCache())
    return encoder


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


class TorchEncoder:
    """The sentence-transformers model itself, on a torch device."""

    backend = "torch"
    batching = "padded"

    def __init__(self, model_dir: Path, settings: EncoderSettings) -> None:
        self.model = load_sentence_model(model_dir, settings.device)
        if settings.threads is not None:
            require("torch").set_num_threads(settings.threads)  # torch has one pool per process
        if settings.max_tokens is not None:
            self.model.max_seq_length = settings.max_tokens
        self.max_tokens = int(self.model.max_seq_length)

    def encode(self, texts: Sequence[str], batch_size: int) -> Any:
        return self.model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )


@ENCODERS.register("torch", "sentence-transformers on torch (any device)")
def _torch(model_dir: Path, settings: EncoderSettings, cache: IndexCache) -> Encoder:
    return TorchEncoder(model_dir, settings)


def _onnx_encoder(
    model_dir: Path, settings: EncoderSettings, cache: IndexCache, quantized: bool, alone: bool = False
) -> Encoder:
    require("onnxruntime")
    from harness.retriever.onnx_encoder import OnnxEncoder

    return OnnxEncoder(model_dir, settings, cache, quantized=quantized, alone=alone)


@ENCODERS.register("onnx", "ONNX Runtime, fp32, fused transformer graph (CPU)")
def _onnx(model_dir: Path, settings: EncoderSettings, cache: IndexCache) -> Encoder:
    return _onnx_encoder(model_dir, settings, cache, quantized=False)


@ENCODERS.register("onnx-int8", "ONNX Runtime, int8 weights, fused graph, each text encoded alone (CPU)")
def _onnx_int8(model_dir: Path, settings: EncoderSettings, cache: IndexCache) -> Encoder:
    return _onnx_encoder(model_dir, settings, cache, quantized=True, alone=True)


@ENCODERS.register(
    "onnx-int8-batched", "ONNX Runtime, int8 weights, padded batches: a text's vector depends on its batch-mates (CPU)"
)
def _onnx_int8_batched(model_dir: Path, settings: EncoderSettings, cache: IndexCache) -> Encoder:
    return _onnx_encoder(model_dir, settings, cache, quantized=True)
