"""A catalog folder in ToolBench's layout for custom tools: its tool docs and its tool code.

``<Category>/<tool>.json`` documents a tool (``harness.toolbench.tools``) and
``<Category>/<tool>/api.py`` holds one function per API, named like the API's standardized name and
taking its parameters as keyword arguments. Folder names are the standardized category and tool
names. Files are read from inside the catalog folder only (a path that resolves elsewhere, through
``..`` or a link, is refused) and code is loaded by file path, never from the import path, so run
outputs and submissions cannot inject code.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from harness.toolbench.naming import api_name_part
from harness.toolbench.tools import read_tool_file
from harness.types.docs import ApiDoc, ToolApi, ToolDoc


def inside(root: Path, path: Path) -> Path | None:
    """``path`` resolved, when it is an existing file within ``root`` (already resolved)."""
    if not path.is_file():
        return None
    resolved = path.resolve()
    return resolved if resolved.is_relative_to(root) else None


def check_catalog(root: Path) -> Path:
    """The catalog folder, resolved; a clear error when it is not there."""
    if not Path(root).is_dir():
        raise FileNotFoundError(
            f"{root}: no such catalog folder (expected <Category>/<tool>.json and <Category>/<tool>/api.py)"
        )
    return Path(root).resolve()


def _documents_a_tool(folder: Path) -> bool:
    """Whether some ``<Category>/<tool>.json`` under ``folder`` reads as a tool doc (the first one
    that does ends the search, so a real catalog costs one file)."""
    for path in sorted(folder.glob("*/*.json")):
        try:
            read_tool_file(path)
        except (ValueError, OSError):
            continue
        return True
    return False


def check_has_tools(root: Path) -> Path:
    """The catalog folder, resolved, when it documents at least one tool (``<Category>/<tool>.json``);
    else a one-line error that names the folder one level down that does, if there is one. A server
    started on the wrong folder would answer every request "API not working"."""
    resolved = check_catalog(root)
    if _documents_a_tool(resolved):
        return resolved
    below = next((d for d in sorted(resolved.iterdir()) if d.is_dir() and _documents_a_tool(d)), None)
    hint = f"; did you mean --catalog {Path(root) / below.name}?" if below is not None else ""
    raise ValueError(f"{root}: no tool docs here (expected <Category>/<tool>.json and <Category>/<tool>/api.py){hint}")


class CatalogDocs:
    """The tool docs of a catalog, read per tool on first use."""

    def __init__(self, root: Path) -> None:
        self.root = check_catalog(root)
        self._tools: dict[tuple[str, str], ToolDoc | None] = {}
        self._api_docs: dict[tuple[str, str, str], ApiDoc | None] = {}
        self._guard = threading.Lock()

    def tool(self, category: str, tool: str) -> ToolDoc | None:
        """A tool's doc by its category folder and standardized name; None when it has none. A tool
        file that does not parse raises ValueError naming it."""
        key = (category, tool)
        with self._guard:
            if key in self._tools:
                return self._tools[key]
        path = inside(self.root, self.root / category / f"{tool}.json")
        doc = read_tool_file(path) if path is not None else None
        with self._guard:
            self._tools[key] = doc
        return doc

    def api(self, category: str, tool: str, function: str) -> tuple[ToolDoc, ToolApi] | None:
        """A tool's doc and one of its APIs, by standardized names."""
        doc = self.tool(category, tool)
        if doc is not None:
            for api in doc.api_list:
                if api_name_part(api.name) == function:
                    return doc, api
        return None

    def api_doc(self, category: str, tool: str, function: str) -> ApiDoc | None:
        """An API's doc in the query-file shape, by standardized names (built once per API: a
        tool's docs are many pydantic objects, too many to build on every call)."""
        key = (category, tool, function)
        with self._guard:
            if key in self._api_docs:
                return self._api_docs[key]
        found = self.api(category, tool, function)
        result = None
        if found is not None:
            doc, api = found
            result = next(d for d in doc.api_docs() if d.api_name == api.name)
        with self._guard:
            self._api_docs[key] = result
        return result


class ToolLoadError(Exception):
    """A tool's ``api.py`` exists but cannot be imported."""


class LocalCatalog:
    """The ``api.py`` modules of one catalog folder, loaded on first use and kept."""

    def __init__(self, root: Path) -> None:
        self.root = check_catalog(root)
        self._prefix = "harness_catalog_" + hashlib.sha256(str(self.root).encode()).hexdigest()[:12]
        self._modules: dict[tuple[str, str], ModuleType | ToolLoadError] = {}
        self._guard = threading.Lock()
        self._loading: dict[tuple[str, str], threading.Lock] = {}

    def api_file(self, category: str, tool: str) -> Path | None:
        """The tool's ``api.py`` when it exists inside the catalog folder."""
        return inside(self.root, self.root / category / tool / "api.py")

    def module(self, category: str, tool: str) -> ModuleType | None:
        """The tool's loaded ``api.py``; None without one. Raises ToolLoadError when it fails to load."""
        key = (category, tool)
        with self._guard:
            known = self._modules.get(key)
            lock = self._loading.setdefault(key, threading.Lock())
        if known is None:
            # One lock per tool: a module whose import hangs holds up only its own tool.
            with lock:
                known = self._modules.get(key)
                if known is None:
                    path = self.api_file(category, tool)
                    if path is None:
                        return None
                    known = self._load(path, f"{self._prefix}_{category}_{tool}")
                    with self._guard:
                        self._modules[key] = known
        if isinstance(known, ToolLoadError):
            raise known
        return known

    @staticmethod
    def _load(path: Path, name: str) -> ModuleType | ToolLoadError:
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            return ToolLoadError(f"{path.name} is not a Python module")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses and pickling look their module up here
        try:
            spec.loader.exec_module(module)
        except (Exception, SystemExit) as exc:
            sys.modules.pop(name, None)
            return ToolLoadError(f"{type(exc).__name__}: {exc}")
        return module

    def function(self, category: str, tool: str, function: str) -> Callable[..., Any] | None:
        """The API's function, or None when the tool or the function has no code here."""
        module = self.module(category, tool)
        found = getattr(module, function, None) if module is not None else None
        return found if callable(found) and not function.startswith("_") else None
