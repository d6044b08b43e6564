"""Drawing an episode's search tree as Graphviz DOT.

Nodes on the chosen path are green, pruned nodes grey and dashed, and nodes the search left behind
(branches it backtracked from) orange, so a DFSDT tree shows where it turned back.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

CHOSEN = "#b7e4c7"
BACKTRACKED = "#ffd8a8"
PRUNED = "#e9ecef"
LABEL_CHARS = 48


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def node_label(row: dict[str, Any]) -> str:
    """A short label: the node's kind and the start of its text."""
    kind = str(row["kind"])
    content = str(row["content"] or "").strip()
    if kind == "root":
        return "query"
    if kind == "action_input" and row.get("observation_code") is not None and not pd.isna(row["observation_code"]):
        content = f"{content[: LABEL_CHARS - 12]} → {int(row['observation_code'])}"
    if len(content) > LABEL_CHARS:
        content = content[: LABEL_CHARS - 1] + "…"
    return f"{kind.replace('_', ' ')}\\n{_escape(content)}" if content else kind.replace("_", " ")


def node_style(row: dict[str, Any]) -> str:
    """The DOT attributes that show the node's place in the search."""
    if row["kind"] == "root":
        return f'shape=box, style="rounded,filled", fillcolor="{CHOSEN}"'
    if row["on_chosen_path"]:
        return f'style="rounded,filled", fillcolor="{CHOSEN}"'
    if row["pruned"]:
        return f'style="rounded,filled,dashed", fillcolor="{PRUNED}", fontcolor="#6c757d"'
    return f'style="rounded,filled", fillcolor="{BACKTRACKED}"'


def tree_dot(steps: pd.DataFrame) -> str:
    """The DOT text of a tree given as rows of (node_id, parent_id, kind, content, ...)."""
    lines = [
        "digraph episode {",
        '  graph [rankdir=TB, nodesep=0.25, ranksep=0.3, fontname="Helvetica"];',
        '  node [shape=box, fontsize=10, fontname="Helvetica"];',
        "  edge [arrowsize=0.6];",
    ]
    for row in steps.to_dict("records"):
        lines.append(f'  n{int(row["node_id"])} [label="{node_label(row)}", {node_style(row)}];')
    for row in steps.to_dict("records"):
        parent = row["parent_id"]
        if parent is not None and not pd.isna(parent):
            lines.append(f"  n{int(parent)} -> n{int(row['node_id'])};")
    lines.append("}")
    return "\n".join(lines)
