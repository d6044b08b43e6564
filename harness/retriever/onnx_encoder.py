"""A sentence-transformers model run by ONNX Runtime on the CPU: export once, encode fast.

The model's transformer is exported to ONNX with torch's exporter, then rewritten by ONNX Runtime's
transformer optimizer (attention, skip layer norm and GELU fused into single operators) and, for
the int8 backends, the weights of its attention blocks and feed-forward first products are
quantized to int8 (dynamic, per channel; the embeddings and the products after GELU stay fp32). The
files are kept in the index cache under the model's fingerprint, ONNX Runtime's version and the
quantization recipe, so the export (tens of seconds) happens once per model. Pooling (the mean over
real tokens) and normalisation are done here in numpy, as the model's own ``Pooling`` and
``Normalize`` modules do.

Texts are tokenized with the model's ``tokenizer.json`` and truncated at ``max_tokens``. Either each
text runs alone (``onnx-int8``: dynamic int8 scales a run's activations together, so only a run of one
text gives a vector independent of the others), spread over single-threaded runs in a thread pool;
or texts are sorted by length and batched, so a batch pads only to its longest text.
"""

from __future__ import annotations

import json
import logging
import os
import warnings
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from harness.retriever.encoder_settings import EncoderSettings
from harness.retriever.errors import RetrieverError, require
from harness.retriever.index_cache import IndexCache
from harness.retriever.pretrained import model_fingerprint

INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OPSET = 17
# What the int8 file holds (part of its cache key): a new value when quantize_onnx changes.
QUANTIZATION = "dynamic per-channel MatMul+Attention, fp32 after GELU"


def check_mean_pooling(model_dir: Path) -> None:
    """Refuse a model that pools other than by the mean (its results would silently differ)."""
    modules_file = model_dir / "modules.json"
    modules = json.loads(modules_file.read_text()) if modules_file.is_file() else []
    for module in modules:
        if module.get("type", "").endswith("Pooling"):
            config_file = model_dir / module.get("path", "") / "config.json"
            config = json.loads(config_file.read_text()) if config_file.is_file() else {}
            if config and not config.get("pooling_mode_mean_tokens", False):
                raise RetrieverError(
                    f"{model_dir}: the onnx backends pool by the mean of tokens and this model does not; "
                    "use --backend torch"
                )


def model_max_tokens(model_dir: Path) -> int:
    """The model's own token limit (``sentence_bert_config.json``), 512 when it names none."""
    config_file = model_dir / "sentence_bert_config.json"
    if config_file.is_file():
        limit = json.loads(config_file.read_text()).get("max_seq_length")
        if isinstance(limit, int) and limit > 0:
            return limit
    return 512


def export_onnx(model_dir: Path, target: Path) -> None:
    """Write the model's transformer (token ids in, last hidden state out) as ONNX to ``target``."""
    torch = require("torch")
    transformers = require("transformers")
    transformers.utils.logging.disable_progress_bar()
    # Eager attention exports to plain operators that the optimizer knows how to fuse.
    model = transformers.AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    module: Any = torch.nn.Module

    class LastHidden(module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.inner = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    sample = torch.ones(2, 8, dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "last_hidden_state")}
    # The exporter's notes (deprecation, tracing of shape checks that are constant for our inputs)
    # are for the harness's developers, not for someone building an index.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            LastHidden(),
            (sample, torch.ones_like(sample), torch.zeros_like(sample)),
            str(target),
            input_names=list(INPUTS),
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )


def optimize_onnx(source: Path, target: Path, model_dir: Path) -> None:
    """ONNX Runtime's BERT fusions over an exported model."""
    require("onnx")
    optimize_model = require("onnxruntime.transformers.optimizer").optimize_model
    config = json.loads((model_dir / "config.json").read_text())
    optimized = optimize_model(
        str(source),
        model_type="bert",
        num_heads=int(config.get("num_attention_heads", 0)),
        hidden_size=int(config.get("hidden_size", 0)),
    )
    optimized.save_model_to_file(str(target))


# Operators whose output feeds a feed-forward block's second product: GELU's output is long-tailed,
# and one int8 scale over it loses what the ranking needs (with it and the embeddings int8, NDCG@5 on
# StableToolBench's G1_instruction fell 1.2 points at 128 tokens, against 0.5 allowed; docs/scale-local.md).
GELU_OPS = ("BiasGelu", "FastGelu", "Gelu")


def sensitive_products(model_path: Path) -> list[str]:
    """The matrix products kept in fp32: those that read a GELU's output."""
    onnx = require("onnx")
    graph = onnx.load(str(model_path), load_external_data=False).graph
    gelu_outputs = {out for node in graph.node if node.op_type in GELU_OPS for out in node.output}
    return [node.name for node in graph.node if node.op_type == "MatMul" and node.input[0] in gelu_outputs]


def quantize_onnx(source: Path, target: Path) -> None:
    """Int8 weights (dynamic quantization, one scale per output channel) for the attention blocks and
    the first product of each feed-forward block; the embeddings and the products after GELU stay fp32."""
    quantization = require("onnxruntime.quantization")
    keep = sensitive_products(source)
    # The quantizer logs advice for model authors on the root logger; not for someone building an index.
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        # The fused operators are outside ONNX's type inference; their outputs are float32.
        quantization.quantize_dynamic(
            str(source),
            str(target),
            per_channel=True,
            weight_type=quantization.QuantType.QInt8,
            # Not EmbedLayerNormalization: int8 embedding tables add noise to every token for no speed.
            op_types_to_quantize=["MatMul", "Attention"],
            nodes_to_exclude=keep,
            extra_options={"DefaultTensorType": 1},
        )
    finally:
        logging.disable(previous)


def onnx_model(model_dir: Path, cache: IndexCache, quantized: bool) -> Path:
    """The cached ONNX file of ``model_dir`` (fused, and int8 when ``quantized``), made when missing."""
    ort = require("onnxruntime")
    variant = "int8" if quantized else "fp32"
    key = f"{model_fingerprint(model_dir)}\nonnxruntime {ort.__version__}\nopset {OPSET}"
    if quantized:
        key += f"\nquantized {QUANTIZATION}"
    path = cache.entry(f"onnx-{variant}", key, "model", suffix=".onnx")

    def build(target: Path) -> None:
        exported = target.with_name("exported.onnx")
        export_onnx(model_dir, exported)
        if quantized:
            fused = target.with_name("fused.onnx")
            optimize_onnx(exported, fused, model_dir)
            quantize_onnx(fused, target)
        else:
            optimize_onnx(exported, target, model_dir)

    cache.fetch(path, build)
    return path


def usable_cores() -> int:
    """The cores this process may run on (a container or taskset may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


class OnnxEncoder:
    """Embeddings from an ONNX Runtime session over the exported model (CPU).

    ``alone``: every text is run as a batch of one (no padding, and int8's activation scales are
    the text's own, so its vector never depends on what else is encoded), texts spread over a
    thread pool of single-threaded runs. Otherwise texts are padded into batches of ``batch_size``.
    """

    def __init__(
        self, model_dir: Path, settings: EncoderSettings, cache: IndexCache, quantized: bool, alone: bool = False
    ) -> None:
        ort = require("onnxruntime")
        tokenizers = require("tokenizers")
        self.backend = ("onnx-int8" if quantized else "onnx") + ("" if alone or not quantized else "-batched")
        self.batching = "alone" if alone else "padded"
        check_mean_pooling(model_dir)
        tokenizer_file = model_dir / "tokenizer.json"
        if not tokenizer_file.is_file():
            raise RetrieverError(f"{model_dir}: no tokenizer.json for the onnx backends; use --backend torch")
        limit = model_max_tokens(model_dir)
        self.max_tokens = min(settings.max_tokens or limit, limit)
        self.tokenizer = tokenizers.Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_tokens)
        options = ort.SessionOptions()
        options.log_severity_level = 3  # the fused graph's shape-inference notes are not for users
        self._workers = 1
        if alone:
            # One text's matrices are small: splitting each product over threads costs more in
            # synchronisation than it gains, so each run gets one thread and the texts are spread.
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            self._workers = settings.threads or usable_cores()
        elif settings.threads is not None:
            options.intra_op_num_threads = settings.threads
        path = onnx_model(model_dir, cache, quantized)
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self.session.get_inputs()}

    def _run(self, ids: Any, mask: Any) -> Any:
        """Mean-pooled, unit-length vectors of one padded batch."""
        np = require("numpy")
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return pooled

    def encode(self, texts: Sequence[str], batch_size: int) -> Any:
        np = require("numpy")
        encodings = self.tokenizer.encode_batch(list(texts))
        lengths = [len(e.ids) for e in encodings]
        # Longest first, as sentence-transformers does: each batch pads only to its own longest text
        # (and, alone, the long texts start first so that the pool's threads finish together).
        order = sorted(range(len(encodings)), key=lambda i: -lengths[i])
        size = 1 if self.batching == "alone" else batch_size
        batches = [order[start : start + size] for start in range(0, len(order), size)]

        def run(chosen: list[int]) -> Any:
            width = max(lengths[i] for i in chosen)
            ids = np.zeros((len(chosen), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, i in enumerate(chosen):
                ids[row, : lengths[i]] = encodings[i].ids
                mask[row, : lengths[i]] = 1
            return self._run(ids, mask)

        if self._workers > 1 and len(batches) > 1:
            # ONNX Runtime releases the GIL while it runs, so threads give the cores one text each.
            with ThreadPoolExecutor(self._workers) as pool:
                results = list(pool.map(run, batches))
        else:
            results = [run(chosen) for chosen in batches]
        if not results:
            return np.zeros((0, 0), dtype=np.float32)
        out = np.zeros((len(encodings), results[0].shape[1]), dtype=np.float32)
        for chosen, pooled in zip(batches, results, strict=True):
            out[chosen] = pooled
        return out
