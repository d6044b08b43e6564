"""Dense backends: which one runs, that each keeps its own index, that ONNX encodes as torch does,
and that a missing runtime or a wrong choice is one line naming the fix.

The model is a tiny randomly initialised BERT saved by the test (the bundled model's tokenizer, two
small layers), so exporting it to ONNX and quantizing it take a second or two.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.retriever.dense import DenseRetriever
from harness.retriever.documents import Corpus
from harness.retriever.encoders import BACKEND_ENV, DEVICE_ENV, choose_backend, open_encoder, settings_for
from harness.retriever.errors import RetrieverError
from harness.retriever.factory import open_retriever
from harness.retriever.index_cache import IndexCache
from harness.toolbench.queries import write_query_file
from tests.retriever.world import apis, described_queries

TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


@pytest.fixture(autouse=True)
def no_backend_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(BACKEND_ENV, raising=False)
    monkeypatch.delenv(DEVICE_ENV, raising=False)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sentence-transformers folder: tiny random BERT, mean pooling, normalisation."""
    transformers = pytest.importorskip("transformers")
    torch = pytest.importorskip("torch")
    pytest.importorskip("sentence_transformers")
    from harness.retriever.pretrained import bundled_model_dir

    folder = tmp_path_factory.mktemp("tiny-st")
    torch.manual_seed(0)
    config = transformers.BertConfig(
        vocab_size=30522,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
    )
    transformers.BertModel(config).save_pretrained(folder)
    for name in TOKENIZER_FILES:
        shutil.copy(bundled_model_dir() / name, folder / name)
    (folder / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 64, "do_lower_case": False}))
    (folder / "1_Pooling").mkdir()
    (folder / "1_Pooling" / "config.json").write_text(
        json.dumps({"word_embedding_dimension": 32, "pooling_mode_mean_tokens": True})
    )
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]
    (folder / "modules.json").write_text(json.dumps(modules))
    return folder


def test_the_backend_comes_from_the_option_then_the_environment_then_the_device(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert choose_backend() == "onnx-int8"
    assert choose_backend(device="cpu") == "onnx-int8"
    assert choose_backend(device="cuda:1") == "torch"  # ONNX Runtime's CPU build has no GPU
    assert settings_for(None, None, None).max_tokens == 128
    assert choose_backend("onnx") == "onnx"
    monkeypatch.setenv(BACKEND_ENV, "torch")
    assert choose_backend() == "torch"
    assert choose_backend("onnx") == "onnx"
    assert settings_for("onnx", None, None).max_tokens == 128
    assert settings_for("onnx-int8-batched", None, None).max_tokens == 128
    assert settings_for("torch", None, None).max_tokens is None  # the model's own limit
    assert settings_for("onnx-int8", 64, None).max_tokens == 64
    with pytest.raises(RetrieverError, match="unknown dense backend 'onnx-int9'; did you mean 'onnx-int8'"):
        choose_backend("onnx-int9")
    with pytest.raises(RetrieverError, match="backend onnx runs on the CPU only; use --backend torch"):
        choose_backend("onnx", "cuda")


def test_each_backend_keeps_its_own_index_and_onnx_encodes_as_torch_does(tiny_model: Path, tmp_path: Path) -> None:
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    np = pytest.importorskip("numpy")
    cache = IndexCache(tmp_path)
    corpus = Corpus(apis())
    built = {}
    for backend in ("torch", "onnx", "onnx-int8", "onnx-int8-batched"):
        settings = settings_for(backend, 64, None)
        built[backend] = DenseRetriever(corpus, tiny_model, cache, settings=settings)
        assert not built[backend].from_cache, f"{backend} read another backend's index"
        assert built[backend].describe()["backend"] == backend and built[backend].describe()["max_tokens"] == 64
    assert built["onnx-int8"].describe()["batching"] == "alone" and "batching" not in built["torch"].describe()
    # int8 alone and int8 in padded batches give different vectors, so they key different indexes.
    assert len(list(tmp_path.glob("dense-*.npy"))) == 4
    again = DenseRetriever(corpus, tiny_model, cache, settings=settings_for("onnx-int8", 64, None))
    assert again.from_cache and np.array_equal(again.embeddings, built["onnx-int8"].embeddings)
    fewer_tokens = DenseRetriever(corpus, tiny_model, cache, settings=settings_for("onnx-int8", 16, None))
    assert not fewer_tokens.from_cache  # the token limit is part of the key too

    # Same weights, same tokens: fp32 ONNX matches torch to float precision; int8 stays close.
    reference = built["torch"].embeddings
    cosine = {b: (built[b].embeddings * reference).sum(axis=1) for b in ("onnx", "onnx-int8", "onnx-int8-batched")}
    assert cosine["onnx"].min() > 0.9999
    assert cosine["onnx-int8"].min() > 0.95 and cosine["onnx-int8-batched"].min() > 0.95
    assert np.allclose(np.linalg.norm(built["onnx"].embeddings, axis=1), 1.0, atol=1e-5)
    # Queries go through the same backend as the documents.
    query = ["Albums released by a musician"]
    assert np.allclose(built["torch"].score(query), built["onnx"].score(query), atol=1e-4)


BATCH_MATES = ["Albums released by a musician", "weather " * 40, "x", "Convert an amount between currencies"]


def encoded_alone_and_together(model: Path, backend: str | None, cache: IndexCache) -> tuple[Any, Any]:
    """The vectors of :data:`BATCH_MATES` encoded one call each, and all in one call."""
    np = pytest.importorskip("numpy")
    encoder = open_encoder(model, settings_for(backend, None, None), cache)
    return np.vstack([encoder.encode([t], 32) for t in BATCH_MATES]), encoder.encode(BATCH_MATES, 32)


@pytest.mark.parametrize("backend", [None, "torch", "onnx", "onnx-int8"])
def test_a_text_encodes_the_same_whatever_is_batched_with_it(
    tiny_model: Path, tmp_path: Path, backend: str | None
) -> None:
    """A query's retrieval must not change with the other queries of the run (--limit); None is
    the default backend."""
    if backend not in (None, "torch"):
        pytest.importorskip("onnxruntime")
        pytest.importorskip("onnx")
    np = pytest.importorskip("numpy")
    alone, together = encoded_alone_and_together(tiny_model, backend, IndexCache(tmp_path))
    assert np.allclose(alone, together, atol=1e-5)


def test_int8_in_padded_batches_scales_a_text_with_its_batch_mates(tiny_model: Path, tmp_path: Path) -> None:
    """Why ``onnx-int8-batched`` is opt-in: dynamic quantization scales a whole batch's activations
    at once, so a text's vector moves with the texts beside it."""
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    np = pytest.importorskip("numpy")
    alone, together = encoded_alone_and_together(tiny_model, "onnx-int8-batched", IndexCache(tmp_path))
    assert not np.allclose(alone, together, atol=1e-5)
    # Alone, the two int8 backends are the same computation.
    single, _ = encoded_alone_and_together(tiny_model, "onnx-int8", IndexCache(tmp_path))
    assert np.allclose(single, alone, atol=1e-6)


def test_a_missing_runtime_is_one_line_naming_the_extra(
    tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import onnxruntime now raises ImportError
    with pytest.raises(RetrieverError, match=r"onnxruntime is not installed; .*pip install -e '\.\[retriever\]'"):
        open_retriever(str(tiny_model), Corpus(apis()), IndexCache(tmp_path), backend="onnx-int8")
    write_query_file(described_queries(3), tmp_path / "q.json")
    args = ["retriever", "eval", "--method", str(tiny_model), "--queries", str(tmp_path / "q.json")]
    result = CliRunner().invoke(app, [*args, "--cache-dir", str(tmp_path / "cache"), "--backend", "onnx"])
    assert result.exit_code == 2
    assert "onnxruntime is not installed" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not list((tmp_path / "cache").glob("dense-*"))


def test_a_wrong_backend_on_the_command_line_is_one_line(tmp_path: Path) -> None:
    write_query_file(described_queries(3), tmp_path / "q.json")
    args = ["retriever", "eval", "--method", "dense", "--queries", str(tmp_path / "q.json")]
    result = CliRunner().invoke(app, [*args, "--cache-dir", str(tmp_path), "--backend", "openvino"])
    assert result.exit_code == 2
    assert "unknown dense backend 'openvino'" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(app, [*args, "--cache-dir", str(tmp_path), "--backend", "onnx", "--device", "cuda"])
    assert result.exit_code == 2 and "runs on the CPU only; use --backend torch" in result.output


def test_int8_keeps_the_embeddings_and_the_products_after_gelu_in_fp32(tiny_model: Path, tmp_path: Path) -> None:
    """Quantizing GELU's long-tailed output or the embedding tables cost StableToolBench NDCG@5 more
    than half a point; the rest of the products are int8."""
    pytest.importorskip("onnxruntime")
    onnx = pytest.importorskip("onnx")
    from harness.retriever.onnx_encoder import GELU_OPS, onnx_model

    graph = onnx.load(str(onnx_model(tiny_model, IndexCache(tmp_path), quantized=True))).graph
    ops = [node.op_type for node in graph.node]
    gelu_outputs = {out for node in graph.node if node.op_type in GELU_OPS for out in node.output}
    fp32_products = [node for node in graph.node if node.op_type == "MatMul"]
    assert len(fp32_products) == 2 and all(node.input[0] in gelu_outputs for node in fp32_products)  # one a layer
    assert ops.count("MatMulInteger") == 4 and ops.count("QAttention") == 2
    assert "EmbedLayerNormalization" in ops and "QEmbedLayerNormalization" not in ops
