"""Error lines print what the harness means, as written: install hints keep their brackets."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from harness.cli.common import fail


def test_fail_prints_brackets_as_written() -> None:
    app = typer.Typer()

    @app.command()
    def broken() -> None:
        fail("install the extra: pip install -e '.[hf]' (or [retriever], [leaderboard])")

    result = CliRunner().invoke(app, [])
    assert result.exit_code == 2
    assert "pip install -e '.[hf]' (or [retriever], [leaderboard])" in result.output


@pytest.mark.skipif(importlib.util.find_spec("vllm") is not None, reason="vllm is installed here")
def test_a_missing_extra_names_it_in_full(tmp_path: Path) -> None:
    command = [
        sys.executable, "-m", "harness.cli.main", "run", "--model", "toolllama", "-M", "backend=vllm",
        "-M", f"path={tmp_path}", "--strategy", "react", "--tasks", "sandbox/G1_instruction", "--limit", "1",
        "--db", str(tmp_path / "r.duckdb"),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "pip install -e '.[vllm]'" in done.stderr
