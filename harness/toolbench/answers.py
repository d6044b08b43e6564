"""ToolBench answer files (``<query_id>_<method>.json``), in both of their layouts.

* DFS layout (``DFS_woFilter_w2`` and friends): ``{win, tree: {size, max_length, tree}, forward_args,
  compare_candidates, answer_generation}``, the tree being nested ``children``.
* CoT layout (``CoT@N``): ``{win, try_count, trys: [{chain, win}], compare_candidates, forward_args,
  answer_generation}``, each try a flat chain.

Reading gives a ``Trajectory``; writing a ``Trajectory`` gives the same dict back, so a real file
survives a round trip unchanged. Fields that only ToolBench uses are kept in ``Trajectory.extra``
(``toolbench`` key) and in ``TrajectoryNode.extra``; for our own runs they get ToolBench's defaults.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from harness.toolbench.finish import parse_finish_arguments
from harness.toolbench.functions import function_dicts
from harness.toolbench.messages import MessageFormatError, message_from_toolbench, messages_to_toolbench
from harness.types.messages import Function
from harness.types.trajectory import FinishType, NodeKind, Trajectory, TrajectoryNode
from harness.util.errors import one_line
from harness.util.files import write_text_atomic

_KIND_FROM_TYPE = {
    "Thought": NodeKind.THOUGHT,
    "Action": NodeKind.ACTION,
    "Action Input": NodeKind.ACTION_INPUT,
}
_TYPE_FROM_KIND = {
    NodeKind.ROOT: "Action Input",
    NodeKind.THOUGHT: "Thought",
    NodeKind.ACTION: "Action",
    NodeKind.ACTION_INPUT: "Action Input",
}
_CORE_NODE_KEYS = {
    "is_terminal",
    "pruned",
    "finished",
    "depth",
    "node_type",
    "description",
    "observation",
    "observation_code",
    "children",
}


class AnswerFileError(ValueError):
    """An answer file that cannot be read; the message names the file and the problem."""


# The widest integers the store's columns hold: counts of calls, depths and codes are INTEGER,
# token counts BIGINT. A file's value outside them is the file's problem, found before any write.
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1


# A JSON escape of a UTF-16 surrogate: paired ones spell an emoji, a lone one decodes to a string
# that cannot be written as UTF-8 (the store would fail on it).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def load_json_text(text: str) -> Any:
    """``text`` as JSON whose every string can be written back as UTF-8. Raises ValueError (not
    JSON, an integer past Python's digit limit, a lone surrogate) or RecursionError (deep nesting)."""
    data = json.loads(text)
    if _SURROGATE_ESCAPE.search(text):
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("holds a lone UTF-16 surrogate escape (\\ud800-\\udfff), which is not text") from None
    return data


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 24 else text[:20] + "..."


def whole_number(value: Any, where: str, limit: int) -> int:
    """``value`` (an int, a whole float or a numeric string, as ToolBench's files hold) as an int
    within +-``limit``; anything else raises ValueError naming ``where``."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{where} is {value}, not a number")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{where} is {_shown(value)}, not a whole number") from None
    if not -limit - 1 <= number <= limit:
        raise ValueError(f"{where} is {_shown(value)}, out of range (at most {limit})")
    return number


def split_answer_filename(name: str) -> tuple[str, str]:
    """``"10_ChatGPT_DFS_woFilter_w2.json"`` -> ``("10", "ChatGPT_DFS_woFilter_w2")``."""
    stem = name[:-5] if name.endswith(".json") else name
    query_id, sep, method = stem.partition("_")
    if not sep or not query_id or not method:
        raise ValueError("answer file names look like <query_id>_<method>.json")
    return query_id, method


def is_cot_method(method: str) -> bool:
    """CoT@N files use the flat ``trys`` layout; every other method uses the tree layout."""
    return "cot" in method.lower()


# ---------------------------------------------------------------- reading


class _TreeReader:
    """Collects nodes in pre-order, giving each a sequential id."""

    def __init__(self) -> None:
        self.nodes: list[TrajectoryNode] = []

    def add(self, raw: dict[str, Any], parent_id: int | None, *, root: bool = False) -> int:
        if not isinstance(raw, dict) or "node_type" not in raw:
            raise ValueError("a tree node is not an object with a 'node_type'")
        node_type = raw["node_type"]
        if node_type not in _KIND_FROM_TYPE or (root and node_type != "Action Input"):
            raise ValueError(f"unknown node_type {node_type!r}")
        node = TrajectoryNode(
            id=len(self.nodes),
            parent_id=parent_id,
            kind=NodeKind.ROOT if root else _KIND_FROM_TYPE[node_type],
            depth=raw.get("depth", 0),
            content=raw.get("description", ""),
            observation=raw.get("observation"),
            observation_code=raw.get("observation_code"),
            pruned=raw.get("pruned", False),
            is_terminal=raw.get("is_terminal", False),
            finished=raw.get("finished", False),
            # Keys starting with "_" are the harness's own, never written to a file: one that a
            # file holds is not trusted (it would land in typed columns such as latency).
            extra={k: v for k, v in raw.items() if k not in _CORE_NODE_KEYS and not k.startswith("_")},
        )
        for name, value in (("depth", node.depth), ("observation_code", node.observation_code)):
            if value is not None and not -INT32_MAX - 1 <= value <= INT32_MAX:
                raise ValueError(f"a node's {name} is {_shown(value)}, out of range")
        if "observation" in raw and raw["observation"] is None:
            node.extra["_observation_null"] = True
        order = list(raw)
        if order != list(_node_dict(node, [] if "children" in raw else None)):
            node.extra["_key_order"] = order  # some files order a node's keys otherwise; a round trip keeps it
        self.nodes.append(node)
        return node.id

    def add_tree(self, raw: dict[str, Any], parent_id: int | None = None, *, root: bool = False) -> int:
        node_id = self.add(raw, parent_id, root=root)
        for child in raw.get("children") or []:
            self.add_tree(child, node_id)
        return node_id


def _node_dict(node: TrajectoryNode, children: list[dict[str, Any]] | None) -> dict[str, Any]:
    """A node as ToolBench's ``to_json`` writes it, keys in ToolBench's order."""
    # Keys starting with "_" are the harness's own (call latency, visit order ...), never written.
    internal = {k: v for k, v in node.extra.items() if k.startswith("_")}
    extra = {k: v for k, v in node.extra.items() if not k.startswith("_")}
    if not extra and not internal.get("_observation_null"):
        extra = _default_node_extra(node, children, internal)
    observation_null = internal.get("_observation_null", False)
    out: dict[str, Any] = {
        "is_terminal": node.is_terminal,
        "pruned": node.pruned,
        "finished": node.finished,
        "depth": node.depth,
        "node_type": _TYPE_FROM_KIND[node.kind],
        "description": node.content,
        "Elo": extra.pop("Elo", 1000.0),
    }
    if node.observation is not None or observation_null:
        out["observation"] = node.observation
        out["observation_code"] = node.observation_code
    for key in ("child_count", "expand_num", "io_state", "matching_time"):
        if key in extra:
            out[key] = extra.pop(key)
    out.update(extra)
    if children is not None:
        out["children"] = children
    order = internal.get("_key_order")
    if isinstance(order, list) and set(order) == set(out):
        out = {key: out[key] for key in order}
    return out


def _default_node_extra(
    node: TrajectoryNode, children: list[dict[str, Any]] | None, internal: dict[str, Any]
) -> dict[str, Any]:
    extra: dict[str, Any] = {
        "Elo": 1000.0,
        "child_count": len(children or []),
        "expand_num": internal.get("_expand_num", 0),
    }
    if node.kind in (NodeKind.ROOT, NodeKind.ACTION_INPUT):
        extra["io_state"] = {}
    return extra


def _match_candidates(raw_candidates: list[Any], nodes: list[TrajectoryNode], root_id: int) -> list[list[int]] | None:
    """Map each compare-candidate chain onto node ids, or None if any does not match the tree."""
    children: dict[int | None, list[TrajectoryNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    result = []
    for chain in raw_candidates:
        if not isinstance(chain, list):
            return None
        current, path = root_id, []
        for element in chain:
            # Compared as written text: a copy whose keys come in another order is kept as read.
            text = json.dumps(element)
            found = next((c for c in children.get(current, []) if json.dumps(_node_dict(c, None)) == text), None)
            if found is None:
                return None
            path.append(found.id)
            current = found.id
        result.append(path)
    return result


def _finish_node_path(traj: Trajectory) -> list[int]:
    """The path (root excluded) to the Finish call whose arguments are the recorded final answer."""
    if not traj.finish_arguments:
        return []
    by_id = traj.nodes_by_id()
    for node in traj.nodes:
        parent = by_id.get(node.parent_id) if node.parent_id is not None else None
        if (
            node.kind is NodeKind.ACTION_INPUT
            and node.content == traj.finish_arguments
            and parent is not None
            and parent.content == "Finish"
        ):
            path = []
            current: TrajectoryNode | None = node
            while current is not None and current.kind is not NodeKind.ROOT:
                path.append(current.id)
                current = by_id.get(current.parent_id) if current.parent_id is not None else None
            return path[::-1]
    return []


def _finish_type(generation: dict[str, Any], finish_arguments: str) -> FinishType:
    # ToolBench writes finish_type "give_answer" even when no answer exists; valid_data says which.
    if not generation.get("valid_data", True):
        return FinishType.NONE
    literal = generation.get("finish_type")
    if literal == "give_answer":
        return FinishType.GIVE_ANSWER
    if literal == "give_up":
        return FinishType.GIVE_UP
    return_type, _ = parse_finish_arguments(finish_arguments)
    if return_type == "give_answer":
        return FinishType.GIVE_ANSWER
    if return_type == "give_up_and_restart":
        return FinishType.GIVE_UP
    return FinishType.NONE


def answer_from_dict(data: dict[str, Any], query_id: str, method: str) -> Trajectory:
    """A ``Trajectory`` from a parsed answer file; raises ValueError naming the problem."""
    if not isinstance(data, dict):
        raise ValueError("the file is not a JSON object")
    generation = data.get("answer_generation")
    if not isinstance(generation, dict):
        raise ValueError("missing 'answer_generation' object")
    reader = _TreeReader()
    cot = "trys" in data
    if cot:
        root_id = reader.add({"node_type": "Action Input", "depth": 0}, None, root=True)
        reader.nodes[root_id].extra = {"_synthetic_root": True}
        for attempt in data["trys"]:
            parent = root_id
            for raw in attempt.get("chain", []):
                if "children" in raw:
                    raise ValueError("a CoT chain node has 'children'")
                parent = reader.add(raw, parent)
    elif isinstance(data.get("tree"), dict) and isinstance(data["tree"].get("tree"), dict):
        root_id = reader.add_tree(data["tree"]["tree"], root=True)
    else:
        raise ValueError("neither a 'tree' (DFS layout) nor 'trys' (CoT layout)")

    try:
        functions = [Function(**f) for f in generation.get("function", [])]
        transcripts = [[message_from_toolbench(m) for m in chain] for chain in generation.get("train_messages", [])]
    except (TypeError, MessageFormatError) as exc:
        raise ValueError(f"answer_generation: {exc}") from exc

    finish_arguments = generation.get("final_answer", "") or ""
    finish_type = _finish_type(generation, finish_arguments)
    _, answer_text = parse_finish_arguments(finish_arguments)
    candidates = _match_candidates(data.get("compare_candidates", []), reader.nodes, root_id)
    toolbench: dict[str, Any] = {
        "layout": "cot" if cot else "dfs",
        "win": data.get("win"),
        "valid_data": generation.get("valid_data"),
        "chain": generation.get("chain", []),
        "generation_keys": list(generation),
        "top_keys": list(data),
    }
    if "finish_type" in generation:
        toolbench["finish_type"] = generation["finish_type"]
    if candidates is None:
        toolbench["compare_candidates"] = data.get("compare_candidates", [])
    if cot:
        toolbench["try_wins"] = [attempt.get("win") for attempt in data["trys"]]
        toolbench["try_count"] = data.get("try_count")
    else:
        toolbench["tree_size"] = data["tree"].get("size")
        toolbench["tree_max_length"] = data["tree"].get("max_length")
    traj = Trajectory(
        query_id=query_id,
        query=generation.get("query", ""),
        method=method,
        functions=functions,
        nodes=reader.nodes,
        finish_arguments=finish_arguments,
        final_answer=answer_text if finish_type is FinishType.GIVE_ANSWER else None,
        finish_type=finish_type,
        llm_calls=whole_number(generation.get("query_count", 0) or 0, "answer_generation.query_count", INT32_MAX),
        total_tokens=whole_number(generation.get("total_tokens", 0) or 0, "answer_generation.total_tokens", INT64_MAX),
        transcripts=transcripts,
        candidates=candidates or [],
        strategy_args=data.get("forward_args") or {},
        extra={"toolbench": toolbench},
    )
    traj.chosen_path = _finish_node_path(traj)
    return traj


def read_answer_file(path: Path) -> Trajectory:
    """Read one answer file; any problem raises ``AnswerFileError`` naming the file."""
    try:
        query_id, method = split_answer_filename(path.name)
        text = path.read_bytes().decode("utf-8")  # read_text would turn CRLF into LF unseen
        traj = answer_from_dict(load_json_text(text), query_id, method)
        if "\r\n" in text:  # some of ToolBench's data_example files; a round trip keeps them so
            traj.extra.setdefault("toolbench", {})["line_ending"] = "\r\n"
        return traj
    except json.JSONDecodeError as exc:
        raise AnswerFileError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    except RecursionError as exc:
        raise AnswerFileError(f"{path}: nested too deeply to read") from exc
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as exc:
        raise AnswerFileError(f"{path}: {one_line(exc)}") from exc
    except OSError as exc:
        raise AnswerFileError(f"{path}: cannot read ({exc.strerror})") from exc


# ---------------------------------------------------------------- writing


def _tree_dict(traj: Trajectory, node: TrajectoryNode, kids: dict[int, list[TrajectoryNode]]) -> dict[str, Any]:
    children = [_tree_dict(traj, child, kids) for child in kids.get(node.id, [])]
    return _node_dict(node, children)


def _chains(traj: Trajectory, kids: dict[int, list[TrajectoryNode]]) -> list[list[TrajectoryNode]]:
    """Each try of a CoT trajectory: the linear chain under one child of the root."""
    return [[first, *traj.first_child_walk(first, kids)] for first in kids.get(traj.root().id, [])]


def is_valid_data(traj: Trajectory) -> bool:
    """ToolBench's ``valid_data``: as recorded for imported files, else whether a Finish came."""
    return bool(traj.extra.get("toolbench", {}).get("valid_data", traj.finish_type is not FinishType.NONE))


def _generation(traj: Trajectory, tb: dict[str, Any]) -> dict[str, Any]:
    valid = is_valid_data(traj)
    literal = tb.get("finish_type", "give_up" if traj.finish_type is FinishType.GIVE_UP else "give_answer")
    values: dict[str, Any] = {
        "valid_data": valid,
        "query_count": traj.llm_calls,
        "total_tokens": traj.total_tokens,
        "final_answer": traj.finish_arguments,
        "finish_type": literal,
        "function": function_dicts(traj.functions),
        "chain": tb.get("chain", []),
        "train_messages": [messages_to_toolbench(chain) for chain in traj.transcripts],
        "query": traj.query,
    }
    keys = tb.get("generation_keys") or (
        [k for k in values if k != "train_messages"] + (["train_messages"] if valid else [])
    )
    return {k: values[k] for k in keys if k in values}


def answer_to_dict(traj: Trajectory) -> dict[str, Any]:
    """The answer-file dict for a trajectory, in its layout (CoT for CoT@N, else DFS)."""
    tb: dict[str, Any] = dict(traj.extra.get("toolbench", {}))
    kids = traj.children_index()
    cot = tb.get("layout") == "cot" if "layout" in tb else is_cot_method(traj.method)
    by_id = traj.nodes_by_id()
    if "compare_candidates" in tb:
        candidates = tb["compare_candidates"]
    else:
        candidates = [[_node_dict(by_id[i], None) for i in path] for path in traj.candidates]
    values: dict[str, Any] = {
        "win": tb.get("win", traj.finish_type is FinishType.GIVE_ANSWER),
        "forward_args": traj.strategy_args,
        "compare_candidates": candidates,
        "answer_generation": _generation(traj, tb),
    }
    if cot:
        chains = _chains(traj, kids)
        wins = tb.get("try_wins") or [None] * len(chains)
        values["trys"] = [
            {"chain": [_node_dict(n, None) for n in chain], "win": win if win is not None else False}
            for chain, win in zip(chains, wins, strict=True)
        ]
        values["try_count"] = tb.get("try_count", len(chains))
        default_keys = ["win", "try_count", "trys", "compare_candidates", "forward_args", "answer_generation"]
    else:
        root = traj.root()
        depths = [n.depth for n in traj.nodes]
        values["tree"] = {
            "size": tb.get("tree_size", len(traj.nodes)),
            "max_length": tb.get("tree_max_length", max(depths) + 1 if depths else 0),
            "tree": _tree_dict(traj, root, kids),
        }
        default_keys = ["win", "tree", "forward_args", "compare_candidates", "answer_generation"]
    keys = tb.get("top_keys") or default_keys
    return {k: values[k] for k in keys if k in values}


def answer_filename(traj: Trajectory) -> str:
    """``<query_id>_<method>.json``."""
    return f"{traj.query_id}_{traj.method}.json"


def write_answer_file(traj: Trajectory, directory: Path) -> Path:
    """Write the trajectory's answer file into ``directory`` atomically; returns its path."""
    path = directory / answer_filename(traj)
    text = json.dumps(answer_to_dict(traj), indent=2)  # ToolBench's layout: ASCII escapes, no final newline
    line_ending = traj.extra.get("toolbench", {}).get("line_ending")
    write_text_atomic(path, text.replace("\n", line_ending) if line_ending == "\r\n" else text)
    return path
