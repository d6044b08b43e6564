"""Sub-commands imported only when they run, so that ``harness --help`` starts fast.

The root group lists each sub-command with a help line written beside its import path; the module
behind it (and pydantic, DuckDB, the adapters it pulls in) is imported only when that command is
invoked or its own ``--help`` is asked for. A test checks that every help line matches the command's
real one, so the listing cannot drift from the code.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, ClassVar

import typer
import typer.core
import typer.main


@dataclass(frozen=True)
class LazyCommand:
    """A sub-command by import path (``module:attribute``, a typer app or a command function)."""

    target: str
    help: str


def load_command(name: str, target: str) -> Any:
    """The click command behind ``target``, named ``name``."""
    module_name, _, attribute = target.partition(":")
    obj = getattr(importlib.import_module(module_name), attribute)
    command: Any
    if isinstance(obj, typer.Typer):
        command = typer.main.get_group(obj)
    else:
        single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
        single.command(name)(obj)
        command = typer.main.get_command(single)
    command.name = name
    return command


class LazyGroup(typer.core.TyperGroup):
    """A typer group whose sub-commands in ``lazy_commands`` stay unimported until used."""

    lazy_commands: ClassVar[dict[str, LazyCommand]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._loaded: set[str] = set()
        for name, lazy in self.lazy_commands.items():
            # A stand-in that carries the help line for listings; it is replaced before it runs.
            self.commands[name] = typer.core.TyperCommand(name, help=lazy.help, short_help=lazy.help)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def load(self, name: str) -> Any:
        """The real command ``name`` (imported once)."""
        if name in self.lazy_commands and name not in self._loaded:
            self.commands[name] = load_command(name, self.lazy_commands[name].target)
            self._loaded.add(name)
        return self.commands.get(name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] in self.lazy_commands:
            self.load(args[0])
        return super().resolve_command(ctx, args)
