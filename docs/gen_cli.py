"""Writes docs/cli.md, the CLI reference, from the typer app itself (every command, its help and its
options), so the reference cannot drift from the code. Run it after changing a command:

    python docs/gen_cli.py            # rewrite docs/cli.md
    python docs/gen_cli.py --check    # exit 1 when docs/cli.md is out of date (a test runs this)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
import typer.main

from harness.cli.main import app

OUT = Path(__file__).with_name("cli.md")
HEADER = """# CLI reference

Generated from the CLI by `python docs/gen_cli.py`; do not edit by hand. Every command also answers
`--help`. The database is `--db PATH`, else `$HARNESS_DB`, else `./harness.duckdb`.
"""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


# typer carries its own copy of click, so parameters and commands are read by what they have.


def _type(param: Any, ctx: Any) -> str:
    if getattr(param, "is_flag", False):
        return "flag"
    shown = param.display_type(ctx) if hasattr(param, "display_type") else getattr(param.type, "name", "")
    return str(shown).strip("<>").replace("|", " \\| ")


def _default(param: Any) -> str:
    value = param.default
    if value is None or value is False or value == () or callable(value):
        return ""
    return f"`{value.value if hasattr(value, 'value') else value}`"


def _params(command: Any, ctx: Any) -> list[str]:
    rows = []
    for param in command.params:
        if getattr(param, "hidden", False) or param.name == "help":
            continue
        if param.param_type_name == "argument":
            name = f"`{(param.name or '').upper()}`"
        else:
            name = ", ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts])
        help_text = getattr(param, "help", "") or ""
        required = " (required)" if param.required else ""
        rows.append(f"| {name} | {_type(param, ctx)} | {_default(param)} | {_cell(help_text)}{required} |")
    if not rows:
        return []
    return ["| option | type | default | what it does |", "|---|---|---|---|", *rows, ""]


def _walk(command: Any, path: list[str], ctx: Any, out: list[str]) -> None:
    level = "#" * min(len(path) + 1, 4)
    out += [f"{level} `{' '.join(path)}`", ""]
    help_text = (command.help or command.short_help or "").split("\f")[0].strip()
    if help_text:
        out += [" ".join(help_text.split()), ""]
    out += _params(command, ctx)
    if hasattr(command, "list_commands"):
        for name in command.list_commands(ctx):
            # The root group imports its sub-commands lazily; the reference needs the real ones.
            sub = command.load(name) if hasattr(command, "load") else command.get_command(ctx, name)
            if sub is None or sub.hidden:
                continue
            _walk(sub, [*path, name], typer.Context(sub, info_name=name, parent=ctx), out)


def render() -> str:
    """The reference as Markdown."""
    root: Any = typer.main.get_command(app)
    ctx = typer.Context(root, info_name="harness")
    out: list[str] = [HEADER]
    _walk(root, ["harness"], ctx, out)
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is out of date: run `python docs/gen_cli.py`", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
