"""The import graph of ``harness``: no circles, and the layers the design names stay apart.

The graph is read from the source with ``ast`` (nothing is imported), so a circle is caught even
where Python would happen to survive it because of import order.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parent.parent / "harness"


@dataclass(frozen=True)
class Import:
    """One import statement's target, resolved to a module of the graph."""

    source: str
    target: str
    line: int
    deferred: bool  # inside a function or under ``if TYPE_CHECKING:``: not run when the module loads


def module_name(path: Path, root: Path) -> str:
    """``root/harness/store/writer.py`` -> ``harness.store.writer``; a package's ``__init__`` is the package."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(body: list[ast.stmt], deferred: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement with whether it runs only later (function bodies, type-checking blocks)."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, deferred
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _statements(node.body, True)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _statements(node.body, True)
            yield from _statements(node.orelse, deferred)
        else:
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                children = getattr(node, field, None)
                if isinstance(children, list):
                    inner = [c for c in children if isinstance(c, ast.stmt)]
                    # An except handler or a match case holds its statements one level down.
                    for child in children:
                        if isinstance(child, ast.ExceptHandler | ast.match_case):
                            inner.extend(child.body)
                    yield from _statements(inner, deferred)


def _resolve(name: str, modules: set[str]) -> str | None:
    """The longest prefix of ``name`` that is a module of the graph (``a.b.func`` -> ``a.b``)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def read_imports(root: Path = PACKAGE_ROOT) -> tuple[set[str], list[Import]]:
    """The modules under ``root`` and every import between them.

    Importing ``a.b.c`` also runs the packages ``a`` and ``a.b``; those count as imported too,
    except the importing module's own parent packages, which are already loaded when it runs.
    """
    files = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    modules = set(files)
    found: list[Import] = []
    for source, path in files.items():
        package = source if path.name == "__init__.py" else source.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node, deferred in _statements(tree.body, False):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, *([base] if base else [])])
                # ``from pkg import name`` imports the module ``pkg.name`` when there is one.
                names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
            for name in names:
                target = _resolve(name, modules)
                if target is None:
                    continue
                own = set(_ancestors(source))
                for hit in [*_ancestors(target), target]:
                    if hit != source and hit not in own:
                        found.append(Import(source, hit, node.lineno, deferred))
    return modules, found


def find_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Each circle of the graph as one concrete path ``[a, b, ..., a]`` (one per strongly connected part)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    parts: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            part: list[str] = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                part.append(top)
                if top == node:
                    break
            if len(part) > 1 or node in edges.get(node, ()):
                parts.append(sorted(part))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return [_path_within(part, edges) for part in parts]


def _path_within(part: list[str], edges: dict[str, set[str]]) -> list[str]:
    """A shortest circle through the first member of a strongly connected part (breadth first)."""
    members = set(part)
    start = part[0]
    previous: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(edges.get(node, set()) & members):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [*reversed(path), start]
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    return part


def graph(imports: list[Import], deferred: bool = False) -> dict[str, set[str]]:
    """Module -> the modules it imports (load-time imports only, unless ``deferred``)."""
    edges: dict[str, set[str]] = {}
    for item in imports:
        if deferred or not item.deferred:
            edges.setdefault(item.source, set()).add(item.target)
    return edges


def layer(module: str) -> str:
    """``harness.store.writer`` -> ``harness.store``; top-level modules (``harness.tasks``) are their own layer."""
    return ".".join(module.split(".")[:2])


def package_graph(imports: list[Import]) -> dict[str, set[str]]:
    """Layer -> the layers it imports, deferred imports included (imports within a layer left out)."""
    edges: dict[str, set[str]] = {}
    for item in imports:
        if layer(item.source) != layer(item.target) and layer(item.target) != "harness":
            edges.setdefault(layer(item.source), set()).add(layer(item.target))
    return edges


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def violations(imports: list[Import], importer: str, forbidden: tuple[str, ...]) -> list[str]:
    """``source:line -> target`` for every import, deferred ones included, from ``importer`` into ``forbidden``."""
    return sorted(
        {
            f"{i.source}:{i.line} -> {i.target}"
            for i in imports
            if _within(i.source, importer) and any(_within(i.target, f) for f in forbidden)
        }
    )


def _cycle_message(cycles: list[list[str]]) -> str:
    return "import circles: " + "; ".join(" -> ".join(c) for c in cycles)


MODULES, IMPORTS = read_imports()

# The design's layers. A deferred import (inside a function, or for type checking only) is still a
# dependency, so these rules count every import.
LAYER_RULES = [
    # Scores and their labels come from stored specs; printing one must not load the retriever.
    ("harness.eval", ("harness.retriever",)),
    # Pure retrieval (indexes, models, metrics, training); running it inside a run is the runner's part.
    ("harness.retriever", ("harness.runner", "harness.strategies", "harness.store")),
    # The system under test neither stores, nor judges, nor drives its own run.
    ("harness.models", ("harness.store", "harness.eval", "harness.runner")),
    ("harness.strategies", ("harness.store", "harness.eval", "harness.runner")),
    ("harness.agents", ("harness.store", "harness.eval", "harness.runner")),
    # The store holds what the others produce; it must not depend on how they produce it.
    ("harness.store", ("harness.toolbench", "harness.runner", "harness.eval", "harness.models", "harness.strategies")),
    ("harness.types", ("harness.store", "harness.runner", "harness.eval", "harness.models", "harness.strategies")),
]

# The two modules of ``harness.toolbench`` that move files into and out of the store.
TOOLBENCH_STORE_SIDE = ("harness.toolbench.importing", "harness.toolbench.exporting")
# What the pure format modules may use: models and environments import them (naming, functions), so
# they must stay as light as the core types.
FORMAT_MAY_IMPORT = ("harness", "harness.toolbench", "harness.types", "harness.util")


def test_the_graph_is_read_from_every_module() -> None:
    assert {"harness", "harness.cli.main", "harness.store.writer", "harness.runner.plan"} <= MODULES
    # Relative imports and ``from package import module`` resolve to modules of the graph.
    assert any(i.source == "harness.cli.runs" and i.target == "harness.store" for i in IMPORTS)


def test_harness_has_no_import_circle() -> None:
    cycles = find_cycles(graph(IMPORTS))
    assert not cycles, _cycle_message(cycles)


def test_no_circle_through_deferred_imports_either() -> None:
    """A function-level import that closes a circle only hides it; none may."""
    cycles = find_cycles(graph(IMPORTS, deferred=True))
    assert not cycles, _cycle_message(cycles)


def test_packages_import_one_another_without_circles() -> None:
    cycles = find_cycles(package_graph(IMPORTS))
    assert not cycles, "package-level " + _cycle_message(cycles)


def test_toolbench_format_modules_use_only_core_types() -> None:
    format_modules = [m for m in MODULES if _within(m, "harness.toolbench") and m not in TOOLBENCH_STORE_SIDE]
    assert "harness.toolbench.answers" in format_modules and all(m in MODULES for m in TOOLBENCH_STORE_SIDE)
    found = sorted(
        f"{i.source}:{i.line} -> {i.target}"
        for i in IMPORTS
        if i.source in format_modules and layer(i.target) not in FORMAT_MAY_IMPORT
    )
    assert not found, "ToolBench format modules import more than types and util: " + "; ".join(found)


@pytest.mark.parametrize(("importer", "forbidden"), LAYER_RULES, ids=[rule[0] for rule in LAYER_RULES])
def test_layers(importer: str, forbidden: tuple[str, ...]) -> None:
    assert any(_within(m, importer) for m in MODULES), f"{importer} is not a module any more; update the rule"
    found = violations(IMPORTS, importer, forbidden)
    assert not found, f"{importer} must not import {', '.join(forbidden)}: " + "; ".join(found)


def _write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root / "pkg"


def test_a_circle_is_found_and_named(tmp_path: Path) -> None:
    """The walker itself: relative, package and ``from package import module`` forms close a circle;
    type-checking and function-level imports do not."""
    root = _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a/__init__.py": "from pkg.a.one import thing\n",
            "pkg/a/one.py": "from ..b import two\nthing = 1\n",
            "pkg/b/__init__.py": "",
            "pkg/b/two.py": "import pkg.c\n",
            "pkg/c.py": "from pkg.a import one\n",
            "pkg/d.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import e\n"
                "def f():\n    from pkg import e\n"
            ),
            "pkg/e.py": "from . import d\n",
        },
    )
    _, imports = read_imports(root)
    cycles = find_cycles(graph(imports))
    assert cycles == [["pkg.a", "pkg.a.one", "pkg.b.two", "pkg.c", "pkg.a"]]
    assert "pkg.a -> pkg.a.one -> pkg.b.two -> pkg.c -> pkg.a" in _cycle_message(cycles)
    deferred = find_cycles(graph(imports, deferred=True))
    assert ["pkg.d", "pkg.e", "pkg.d"] in deferred
    assert violations(imports, "pkg.d", ("pkg.e",)) == ["pkg.d:3 -> pkg.e", "pkg.d:5 -> pkg.e"]
    assert find_cycles(package_graph(imports)) == [["pkg.a", "pkg.b", "pkg.c", "pkg.a"], ["pkg.d", "pkg.e", "pkg.d"]]


def test_no_circle_in_a_tree(tmp_path: Path) -> None:
    root = _write(tmp_path, {"pkg/__init__.py": "from . import a\n", "pkg/a.py": "import json\nfrom pkg import b\n"})
    (root / "b.py").write_text("x = 1\n")
    _, imports = read_imports(root)
    assert find_cycles(graph(imports)) == []
