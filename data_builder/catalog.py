"""The bundled catalog as the builder sees it: tool docs, collections, and execution of a call step.

A catalog folder holds ``tools/<Category>/<tool>.json`` with ``tools/<Category>/<tool>/api.py``
(ToolBench's layout for custom tools) and ``collections.json``. ``execute`` imports a tool's
``api.py`` by file path under a module name unique to that file, once per process.
"""

from __future__ import annotations

import importlib.util
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from data_builder.intent import CallStep
from harness.bundled import bundled_tasks
from harness.toolbench.naming import api_name_part
from harness.toolbench.tools import read_tool_dir
from harness.types.docs import ApiDoc, ToolDoc

DEFAULT_CATALOG = bundled_tasks() / "toolenv"


def load_api_module(path: Path) -> ModuleType:
    """Import one ``api.py`` by path; the module name carries a checksum of the path, so two catalogs
    with the same tool names never share a module."""
    resolved = path.resolve()
    name = f"toolenv_api_{resolved.parent.name}_{zlib.crc32(str(resolved).encode()):08x}"
    spec = importlib.util.spec_from_file_location(name, resolved)
    if spec is None or spec.loader is None:
        raise ImportError(f"{path}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Catalog:
    """Tool docs of one catalog folder, indexed by tool name, with cached api modules."""

    root: Path
    tools: list[ToolDoc]
    collections: dict[str, list[dict[str, str]]]
    _by_name: dict[str, ToolDoc] = field(default_factory=dict)
    _modules: dict[str, ModuleType] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for tool in self.tools:
            if tool.tool_name in self._by_name:
                raise ValueError(f"{self.root}: tool name '{tool.tool_name}' is used twice; tool names must be unique")
            self._by_name[tool.tool_name] = tool

    def tool(self, tool_name: str) -> ToolDoc:
        if tool_name not in self._by_name:
            raise KeyError(f"no tool named '{tool_name}' in {self.root}")
        return self._by_name[tool_name]

    def api_doc(self, tool_name: str, api_name: str) -> ApiDoc:
        for doc in self.tool(tool_name).api_docs():
            if doc.api_name == api_name:
                return doc
        raise KeyError(f"tool '{tool_name}' has no API named '{api_name}'")

    def api_docs(self) -> list[ApiDoc]:
        return [doc for tool in self.tools for doc in tool.api_docs()]

    def module(self, tool: ToolDoc) -> ModuleType:
        key = f"{tool.category_name}/{tool.standard_tool_name}"
        if key not in self._modules:
            path = self.root / "tools" / tool.category_name / tool.standard_tool_name / "api.py"
            if not path.is_file():
                raise FileNotFoundError(f"{path}: missing; every tool json needs <tool>/api.py beside it")
            self._modules[key] = load_api_module(path)
        return self._modules[key]

    def function(self, tool_name: str, api_name: str) -> Callable[..., Any]:
        """The Python function ToolBench would call for this API (``change_name(standardize(api))``)."""
        self.api_doc(tool_name, api_name)
        module = self.module(self.tool(tool_name))
        function = getattr(module, api_name_part(api_name), None)
        if not callable(function):
            raise AttributeError(f"{module.__file__}: no function {api_name_part(api_name)} for API '{api_name}'")
        return function  # type: ignore[no-any-return]

    def execute(self, step: CallStep) -> Any:
        """Run one step; the reply is whatever the API returns (error replies included)."""
        return self.function(step.tool_name, step.api_name)(**step.arguments)


def load_catalog(root: Path = DEFAULT_CATALOG) -> Catalog:
    """Read ``root/tools`` and ``root/collections.json`` (absent collections file: no collections)."""
    tools = read_tool_dir(root / "tools")
    path = root / "collections.json"
    collections = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return Catalog(root=root, tools=tools, collections=collections)


_default: Catalog | None = None


def default_catalog() -> Catalog:
    """The bundled catalog, loaded once per process."""
    global _default
    if _default is None:
        _default = load_catalog(DEFAULT_CATALOG)
    return _default
