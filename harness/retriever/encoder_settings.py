"""How a dense model is run: the settings every backend takes, and their defaults.

Apart from :mod:`harness.retriever.encoders` (the registry and the torch backend) so that backend
modules it imports lazily, such as the ONNX one, can name the settings without importing it back.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

BACKEND_ENV = "HARNESS_RETRIEVER_BACKEND"
DEVICE_ENV = "HARNESS_RETRIEVER_DEVICE"
# onnx-int8 on the CPU by default: int8 weights, each text encoded alone (so a text's vector is the
# same whatever else is encoded, and a query's retrieval does not change with --limit), 128 tokens.
# 2.7-3x torch's documents/s, NDCG@5 within half a point of torch at 256 tokens on each of
# StableToolBench's groups (docs/scale-local.md). With a GPU --device the default is torch.
DEFAULT_BACKEND = "onnx-int8"
CPU_ONLY = ("onnx", "onnx-int8", "onnx-int8-batched")
# Tokens read per text where the user sets no limit; None: the model's own (256 for all-MiniLM-L6-v2).
DEFAULT_MAX_TOKENS: dict[str, int | None] = {"torch": None, "onnx": 128, "onnx-int8": 128, "onnx-int8-batched": 128}


class EncoderSettings(BaseModel):
    """How a dense model is run: backend, token limit per text, torch device, threads."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: str = DEFAULT_BACKEND
    max_tokens: int | None = Field(default=None, ge=8)
    device: str | None = None
    # Threads (None: one per core): intra-op threads, or for onnx-int8 the texts encoded at once.
    # Not part of the index key: it changes the speed, not the vectors.
    threads: int | None = Field(default=None, ge=1)
