"""``harness --help`` imports no sub-command, and the help lines it shows are the commands' own."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

from harness.cli.lazy import load_command
from harness.cli.main import COMMANDS

HEAVY = ("pydantic", "duckdb", "httpx", "yaml", "torch", "harness.models", "harness.store", "harness.cli.run")


def test_the_root_help_imports_no_sub_command() -> None:
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['harness', '--help']\n"
        "try:\n"
        "    runpy.run_module('harness.cli.main', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('MODULES=' + __import__('json').dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("MODULES="))
    modules = json.loads(line.removeprefix("MODULES="))
    loaded = [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]
    assert loaded == []
    for name in COMMANDS:
        assert f"  {name} " in done.stdout


def _first_paragraph(command: object) -> str:
    text = getattr(command, "help", None) or ""
    return " ".join(inspect.cleandoc(text).split("\n\n")[0].split())


def test_each_listed_help_line_is_the_commands_own() -> None:
    for name, lazy in COMMANDS.items():
        real = load_command(name, lazy.target)
        assert real.name == name
        assert _first_paragraph(real) == lazy.help, f"update the help of {name!r} in harness/cli/main.py"


def test_sub_commands_run_through_the_lazy_group() -> None:
    from typer.testing import CliRunner

    from harness.cli.main import app

    result = CliRunner().invoke(app, ["ls", "strategies", "--json"])
    assert result.exit_code == 0, result.output
    names = {row["name"] for row in json.loads(result.output)}
    assert {"react", "cot@N", "dfsdt"} <= names
    typo = CliRunner().invoke(app, ["scroes"])
    assert typo.exit_code == 2 and "scores" in typo.output  # click's own suggestion still works
