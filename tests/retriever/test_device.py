"""Dense models run on the device the user names; a typo or a missing GPU is one line, before any work."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.retriever.dense import DEVICE_ENV, torch_device
from harness.toolbench.queries import write_query_file
from tests.retriever.world import described_queries


def _eval_dense(tmp_path: Path, *extra: str) -> tuple[int, str]:
    write_query_file(described_queries(3), tmp_path / "q.json")
    args = ["retriever", "eval", "--method", "dense", "--queries", str(tmp_path / "q.json")]
    result = CliRunner().invoke(app, [*args, "--cache-dir", str(tmp_path / "cache"), *extra])
    return result.exit_code, result.output


def test_device_comes_from_the_option_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("torch")
    monkeypatch.delenv(DEVICE_ENV, raising=False)
    assert torch_device() == "cpu"
    monkeypatch.setenv(DEVICE_ENV, "cpu:0")
    assert torch_device() == "cpu:0"
    assert torch_device("cpu") == "cpu"


def test_unknown_device_is_refused_in_one_line(tmp_path: Path) -> None:
    pytest.importorskip("sentence_transformers")
    code, output = _eval_dense(tmp_path, "--device", "gpu0")
    assert code == 2
    assert "'gpu0' is not a torch device; use cpu, cuda" in output and "Traceback" not in output
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").glob("dense-*"))


def test_missing_gpu_named_in_the_environment_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    torch = pytest.importorskip("torch")
    pytest.importorskip("sentence_transformers")
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU: cuda is a valid device here")
    monkeypatch.setenv(DEVICE_ENV, "cuda")
    code, output = _eval_dense(tmp_path)
    assert code == 2
    assert "device 'cuda': this torch build sees no cuda device; use cpu" in output
