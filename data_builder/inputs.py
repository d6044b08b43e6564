"""What a build reads: the catalog's tool docs, its collections, the intent templates, the world they
draw from, and a way to execute one call. The pipeline depends on nothing else, so any catalog in
ToolBench's layout plus these pieces can be built into a suite."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data_builder.intent import CallStep, IntentTemplate
from harness.toolbench.tools import read_tool_dir
from harness.types.docs import ToolDoc

Executor = Callable[[CallStep], Any]


@dataclass
class BuildInputs:
    """Everything a build needs. ``tools_dir`` is the ``tools/`` folder (task files point at it)."""

    tools_dir: Path
    tools: list[ToolDoc]
    collections: dict[str, list[tuple[str, str]]]
    templates: list[IntentTemplate]
    world: Any
    execute: Executor
    _by_key: dict[tuple[str, str], ToolDoc] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for tool in self.tools:
            self._by_key[(tool.category_name, tool.tool_name)] = tool
            self._by_key[(tool.category_name, tool.standard_tool_name)] = tool

    def tool(self, category: str, tool_name: str) -> ToolDoc | None:
        """A tool by category and name (its display name or its file name)."""
        return self._by_key.get((category, tool_name))

    def collection_tools(self) -> dict[str, list[ToolDoc]]:
        """Each collection's tools that exist in the catalog, in the collection's order."""
        resolved: dict[str, list[ToolDoc]] = {}
        for name, members in self.collections.items():
            tools = [t for t in (self.tool(c, n) for c, n in members) if t is not None]
            resolved[name] = list({id(t): t for t in tools}.values())
        return resolved


def read_collections(path: Path) -> dict[str, list[tuple[str, str]]]:
    """``collections.json``: ``{collection: [{"category": ..., "tool_name": ...}, ...]}``; none when absent
    (I1 and I2 still build; the I3 groups then say what is missing)."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a collections file is a JSON object {{collection: [{{category, tool_name}}]}}")
    collections: dict[str, list[tuple[str, str]]] = {}
    for name, members in sorted(data.items()):
        if not isinstance(members, list) or not all(
            isinstance(m, dict) and isinstance(m.get("category"), str) and isinstance(m.get("tool_name"), str)
            for m in members
        ):
            raise ValueError(f'{path}: collection {name!r} must list {{"category", "tool_name"}} objects')
        collections[name] = [(m["category"], m["tool_name"]) for m in members]
    return collections


def read_catalog_docs(catalog: Path) -> tuple[Path, list[ToolDoc], dict[str, list[tuple[str, str]]]]:
    """(tools folder, tool docs, collections) of a catalog folder holding ``tools/`` and ``collections.json``."""
    tools_dir = catalog / "tools"
    if not tools_dir.is_dir():
        raise ValueError(f"{catalog}: not a catalog folder; expected tools/<Category>/<tool>.json and collections.json")
    tools = read_tool_dir(tools_dir)
    if not tools:
        raise ValueError(f"{tools_dir}: no tool files; expected <Category>/<tool>.json")
    return tools_dir, tools, read_collections(catalog / "collections.json")


def templates_for(templates: Sequence[IntentTemplate], tools: Sequence[ToolDoc]) -> list[IntentTemplate]:
    """The templates whose API exists in ``tools`` (a catalog may ship without some tools)."""
    present = {(t.tool_name, api.name) for t in tools for api in t.api_list}
    return [t for t in templates if (t.tool_name, t.api_name) in present]
