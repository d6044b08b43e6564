"""Drawing an episode's search tree as Graphviz DOT.

Nodes on the chosen path are green, pruned nodes grey and dashed, and nodes the search left behind
(branches it backtracked from) orange, so a DFSDT tree shows where it turned back.
"""

from __future__ import annotations

import html
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


# The collapsible tree: nested <details>, every text escaped, so the model's words stay words.
_MARK = {"chosen": ("✓", CHOSEN), "backtracked": ("↩", BACKTRACKED), "pruned": ("✂", PRUNED)}
SUMMARY_CHARS = 90


def _place(row: dict[str, Any]) -> str:
    if row["kind"] == "root" or row["on_chosen_path"]:
        return "chosen"
    return "pruned" if row["pruned"] else "backtracked"


def _summary(row: dict[str, Any]) -> str:
    kind = str(row["kind"])
    content = " ".join(str(row["content"] or "").split())
    if kind == "root":
        return "query"
    if kind == "action":
        return f"call {content}"
    if len(content) > SUMMARY_CHARS:
        content = content[: SUMMARY_CHARS - 1] + "…"
    code = row.get("observation_code")
    status = "" if code is None or pd.isna(code) else f" → status {int(code)}"
    return f"{kind.replace('_', ' ')}: {content}{status}"


def _pre(title: str, text: str) -> str:
    return (
        f'<div style="margin:.2em 0 0 .2em;font-size:.8em;color:#555">{html.escape(title)}</div>'
        '<pre style="white-space:pre-wrap;word-break:break-word;max-height:24em;overflow:auto;'
        f'background:#f8f9fa;padding:.4em;margin:.1em 0 .3em 0;font-size:.8em">{html.escape(text)}</pre>'
    )


def _call_block(call: dict[str, Any]) -> str:
    label = (
        f"LLM call {int(call['call_index'])} · {call['status']} · {int(call['attempts'])} attempt(s) · "
        f"{int(call['prompt_tokens'])}+{int(call['completion_tokens'])} tokens"
    )
    request = call["request"] or "(not stored: the run was made with --no-log-requests)"
    response = call["response"] or "(not stored)"
    return (
        f'<details class="llm"><summary style="cursor:pointer;font-size:.85em">{html.escape(label)}</summary>'
        f"{_pre('request', request)}{_pre('response', response)}</details>"
    )


def matching_nodes(steps: pd.DataFrame, find: str) -> set[int]:
    """The call nodes whose function name contains ``find`` (any case)."""
    needle = find.strip().lower()
    if not needle:
        return set()
    return {
        int(r["node_id"])
        for r in steps.to_dict("records")
        if r["kind"] == "action" and needle in str(r["content"] or "").lower()
    }


def tree_html(steps: pd.DataFrame, llm_calls: pd.DataFrame, find: str = "") -> str:
    """The search tree as nested, collapsible ``<details>``: at every node the child on the chosen path
    comes first and the chosen path is open; each node holds its full text, observation, and the LLM
    calls that produced it (request and response). With ``find``, the nodes calling a matching function
    are marked and the path to each is opened instead."""
    rows = {int(r["node_id"]): r for r in steps.to_dict("records")}
    children: dict[int | None, list[int]] = {}
    for node_id, row in rows.items():
        parent = row["parent_id"]
        key = None if parent is None or pd.isna(parent) else int(parent)
        children.setdefault(key, []).append(node_id)
    for kids in children.values():
        kids.sort(key=lambda n: (not rows[n]["on_chosen_path"], n))
    calls: dict[int, list[dict[str, Any]]] = {}
    for call in llm_calls.to_dict("records"):
        if call["node_id"] is not None and not pd.isna(call["node_id"]):
            calls.setdefault(int(call["node_id"]), []).append(call)
    hits = matching_nodes(steps, find)
    opened: set[int] = set()
    for hit in hits:
        node: int | None = hit
        while node is not None:
            opened.add(node)
            parent = rows[node]["parent_id"]
            node = None if parent is None or pd.isna(parent) else int(parent)
    if not hits:
        opened = {n for n, r in rows.items() if _place(r) == "chosen"}

    def block(node_id: int) -> str:
        row = rows[node_id]
        mark, color = _MARK[_place(row)]
        outline = "outline:2px solid #d6336c;" if node_id in hits else ""
        summary = (
            f'<summary style="cursor:pointer;background:{color};{outline}padding:.1em .4em;border-radius:4px;'
            f'font-size:.9em">{mark} {int(node_id)}. {html.escape(_summary(row))}</summary>'
        )
        body = ""
        if row["content"]:
            body += _pre(str(row["kind"]).replace("_", " "), str(row["content"]))
        if row.get("observation"):
            body += _pre("observation", str(row["observation"]))
        body += "".join(_call_block(c) for c in calls.get(node_id, []))
        body += "".join(block(child) for child in children.get(node_id, []))
        is_open = " open" if node_id in opened else ""
        hit = ' data-hit="1"' if node_id in hits else ""
        return (
            f'<details class="node"{is_open}{hit} style="margin:.15em 0 .15em .9em">'
            f'{summary}<div style="border-left:1px dotted #adb5bd;padding-left:.3em">{body}</div></details>'
        )

    return '<div class="episode-tree">' + "".join(block(root) for root in children.get(None, [])) + "</div>"
