"""`harness ls models`: every registry name is listed with its adapter and needs; nothing secret."""

from __future__ import annotations

import json

import pytest
from rich.console import Console
from typer.testing import CliRunner

from harness.cli.main import app

NAMES = [
    "toolllama",
    "chatgpt",
    "gpt-4",
    "gpt-4o",
    "claude-2",
    "claude",
    "vicuna",
    "alpaca",
    "baseline",
    "oracle",
    "scripted",
    "openai:<model>",
    "anthropic:<model>",
    "hf:<path>",
]


def test_lists_every_name_with_what_it_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-listing-secret-000000")
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    result = CliRunner().invoke(app, ["ls", "models", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.output)}
    assert set(NAMES) <= set(rows)
    assert rows["chatgpt"]["ready"] is True and rows["claude"]["ready"] is False
    assert "$ANTHROPIC_API_KEY" in rows["claude"]["needs"]
    assert "HARNESS_TOOLLLAMA_PATH" in rows["toolllama"]["needs"]
    assert rows["baseline"]["ready"] is True
    assert "sk-listing-secret" not in result.output


def test_table_shows_install_hints_literally(monkeypatch: pytest.MonkeyPatch) -> None:
    # A table wide enough for whole cells. Not through $COLUMNS: the CLI's console reads it once, when
    # harness.cli.common is first imported, and in a pytest-xdist worker another test's command may
    # import it first (the table then came out 80 columns wide, its cells cut).
    monkeypatch.setattr("harness.cli.models.console", Console(width=250))
    result = CliRunner().invoke(app, ["ls", "models"])
    assert result.exit_code == 0
    assert "pip install -e '.[hf]'" in result.output
    for name in ("toolllama", "claude-2", "oracle", "hf:<path>"):
        assert name in result.output


def test_toolllama_without_weights_stops_a_run_with_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.delenv("HARNESS_TOOLLLAMA_PATH", raising=False)
    db = f"{tmp_path}/runs.duckdb"
    result = CliRunner().invoke(
        app, ["run", "--model", "toolllama", "--strategy", "react", "--tasks", "sandbox/G1_instruction", "--db", db]
    )
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "HARNESS_TOOLLLAMA_PATH" in lines[0] and "-M path=" in lines[0]
    assert "Traceback" not in result.output
