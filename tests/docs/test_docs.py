"""The documentation people follow: every offline command of the README and the quickstart runs
(against a temporary store, from a temporary directory), the README stays short and its links
resolve, and the CLI reference is what the CLI says today."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", ROOT / "docs" / "quickstart.md"]
# A command that needs a server, key, network or extra, or that takes minutes, carries one of these.
MARKERS = ("# [online]", "# [long]")
_FENCE = re.compile(r"^```bash\n(.*?)^```", re.MULTILINE | re.DOTALL)


def bash_commands(text: str) -> list[str]:
    """The commands of the fenced bash blocks, continuation lines joined."""
    commands: list[str] = []
    for block in _FENCE.findall(text):
        pending = ""
        for line in block.splitlines():
            if line.rstrip().endswith("\\"):
                pending += line.rstrip()[:-1] + " "
                continue
            command = (pending + line).strip()
            pending = ""
            if command and not command.startswith("#"):
                commands.append(command)
    return commands


def _offline(commands: list[str]) -> list[str]:
    return [c for c in commands if not any(marker in c for marker in MARKERS)]


def test_commands_are_parsed_and_marked() -> None:
    text = "```bash\nharness ls runs   # note\nharness run \\\n  --limit 2\nmake demo  # [long]\n```\n"
    assert bash_commands(text) == ["harness ls runs   # note", "harness run    --limit 2", "make demo  # [long]"]
    assert _offline(bash_commands(text)) == ["harness ls runs   # note", "harness run    --limit 2"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_offline_command_runs(page: Path, tmp_path: Path) -> None:
    commands = _offline(bash_commands(page.read_text(encoding="utf-8")))
    assert len(commands) >= 4
    env = {k: v for k, v in os.environ.items() if k != "HARNESS_TASKS_DIR"}
    env["HARNESS_DB"] = str(tmp_path / "docs.duckdb")
    for command in commands:
        words = shlex.split(command, comments=True)
        # Only the harness runs offline; anything else must carry a marker.
        assert words[0] in ("harness", ".venv/bin/harness"), f"{page.name}: unmarked command {command!r}"
        result = subprocess.run(
            [sys.executable, "-m", "harness.cli.main", *words[1:]],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=300,
        )
        assert result.returncode == 0, f"{page.name}: {command!r} exited {result.returncode}: {result.stderr[-800:]}"


def test_readme_is_short_and_its_links_resolve() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) < 200
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if not target.startswith("http"):
            assert (ROOT / target).exists(), target
    assert ".venv/bin/harness" in text and "make demo" in text and "make test" in text


def test_cli_reference_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "gen_cli.py"), "--check"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
