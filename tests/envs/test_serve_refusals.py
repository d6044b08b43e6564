"""`harness serve-tools` refuses what cannot work before it says it is serving: a busy port, and a
folder with no tool docs (every request would answer "API not working")."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

from typer.testing import CliRunner

from harness.cli.main import app

runner = CliRunner()


def _one_line_refusal(args: list[str]) -> str:
    result = runner.invoke(app, ["serve-tools", *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "serving" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    return result.output


def test_a_busy_port_is_refused_before_serving(catalog: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        output = _one_line_refusal(["--catalog", str(catalog), "--port", str(port)])
    assert f"cannot listen on 127.0.0.1:{port}: Address already in use" in output


def test_a_folder_above_the_tools_is_refused_with_the_right_one_named(catalog: Path, tmp_path: Path) -> None:
    """The bundled layout: tasks/toolenv holds tools/ (the catalog) beside other JSON files."""
    above = tmp_path / "toolenv"
    shutil.copytree(catalog, above / "tools")
    (above / "world").mkdir()
    (above / "world" / "cities.json").write_text('{"Oslo": {"lat": 59.9}}')
    output = _one_line_refusal(["--catalog", str(above)])
    assert f"{above}: no tool docs here" in output and f"did you mean --catalog {above / 'tools'}?" in output


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    assert "no tool docs here" in _one_line_refusal(["--catalog", str(tmp_path)])
