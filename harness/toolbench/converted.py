"""ToolEval's "converted" answer format: ``{query_id: {query, available_tools, answer}}``.

ToolBench's ``convert_to_answer_format.py`` turns answer files into this format before scoring.
``answer.answer_details`` is a nested chain of ``{role, message, next}`` nodes: system, user, then
``tool`` nodes (``{name, arguments, response}``; Finish has an empty response) and ``assistant``
nodes (a thought without a call). ``total_steps`` counts the chain's nodes, system and user included.

For episodes without a valid answer ToolBench picks a random try (CoT) or a random walk down the tree
(DFS); we take the first try and the first child at every level instead, so that the same episode
always converts to the same chain.

Reading an entry back (``trajectory_from_converted``) gives the chain as a trajectory, one node per
step, so that converting it again gives the entry again.

ToolBench's released predictions (``tooleval/results/default_evalset``) were written by an older
converter: a tool step's ``message`` is the ``str()`` of its ``{name, arguments, response}`` dict and
every step's text (the user step holds the query) is cut to 100 characters. Such steps are read as
far as the cut allows, kept verbatim and marked ``_cut``; the full answer comes from ``final_answer``.
Both converters write the file with ``json.dump`` and its default separators, which
``write_converted`` reproduces byte for byte.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel

from harness.toolbench.answers import is_valid_data, load_json_text
from harness.toolbench.finish import parse_finish_arguments
from harness.toolbench.functions import function_dicts
from harness.toolbench.naming import FINISH_FUNCTION_NAME
from harness.types.messages import Function, Message
from harness.types.trajectory import FinishType, NodeKind, Trajectory, TrajectoryNode
from harness.util.errors import one_line
from harness.util.files import write_text_atomic

# The older converter's cut, and the keys its ``str(dict)`` tool steps hold (repr quotes each value
# with ' unless the text itself holds a ' and no ").
LEGACY_CUT = 100
_LEGACY_FIELD = re.compile(r"""'(name|arguments|response)':\s*(['"])""")


class ConvertedAnswerBody(BaseModel):
    """``answer`` of one converted entry."""

    model_config = ConfigDict(extra="allow")

    method: str
    total_steps: int
    final_answer: str
    answer_details: list[dict[str, Any]]


class ConvertedAnswer(BaseModel):
    """One query's entry in a converted file."""

    model_config = ConfigDict(extra="allow")

    query: str
    available_tools: list[dict[str, Any]] = Field(default_factory=list)
    answer: ConvertedAnswerBody


class ConvertedFile(RootModel[dict[str, ConvertedAnswer]]):
    """A whole converted file, keyed by query id (a string)."""


def read_converted(path: Path) -> dict[str, ConvertedAnswer]:
    """Read a converted file; raises ValueError naming the file and the problem."""
    try:
        return ConvertedFile.model_validate(load_json_text(path.read_text(encoding="utf-8"))).root
    except RecursionError as exc:
        raise ValueError(f"{path}: not a ToolEval converted file (nested too deeply to read)") from exc
    except (OSError, ValueError) as exc:  # ValueError: JSON errors and integers past the digit limit too
        raise ValueError(f"{path}: not a ToolEval converted file ({one_line(exc)})") from exc


def converted_text(entries: dict[str, ConvertedAnswer]) -> str:
    """A converted file's text exactly as ToolBench's converter writes it (``json.dump``, default
    separators, ASCII escapes, no final newline), entries in the order given."""
    return json.dumps({qid: entry.model_dump(mode="json") for qid, entry in entries.items()})


def write_converted(entries: dict[str, ConvertedAnswer], path: Path) -> None:
    """Write a converted file atomically, in ToolBench's layout (``converted_text``)."""
    write_text_atomic(path, converted_text(entries))


def _chain(steps: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    """Nest ``[(role, message), ...]`` into ToolEval's ``{role, message, next}`` chain."""
    node: dict[str, Any] | None = None
    for role, message in reversed(steps):
        node = {"role": role, "message": message, "next": [node] if node is not None else []}
    return [node] if node is not None else []


def _steps_from_transcript(traj: Trajectory) -> list[tuple[str, Any]]:
    conversation = traj.transcripts[-1]
    steps: list[tuple[str, Any]] = []
    for index, message in enumerate(conversation[2:], start=2):
        if message.role != "assistant":
            continue
        if message.more_calls:
            steps += _parallel_steps(message, conversation[index + 1 :])
        elif message.tool_call is not None:
            call = message.tool_call
            response = ""
            if call.name != FINISH_FUNCTION_NAME and index + 1 < len(conversation):
                response = conversation[index + 1].content or ""
            steps.append(("tool", {"name": call.name, "arguments": call.arguments, "response": response}))
        else:
            steps.append(("assistant", message.content))
    return steps


def _parallel_steps(message: Message, later: list[Message]) -> list[tuple[str, Any]]:
    """A multi-call turn as StableToolBench's converter writes it: a step per call whose result
    (found by its call id) is in the transcript, up to and including a Finish, which ends the turn."""
    steps: list[tuple[str, Any]] = []
    for call in message.calls:
        if call.name == FINISH_FUNCTION_NAME:
            steps.append(("tool", {"name": call.name, "arguments": call.arguments, "response": ""}))
            break
        result = next((m for m in later if m.role == "tool" and m.tool_call_id == call.id), None)
        if result is not None:
            steps.append(("tool", {"name": call.name, "arguments": call.arguments, "response": result.content}))
    return steps


def _steps_from_nodes(nodes: list[TrajectoryNode], kids: dict[int, list[TrajectoryNode]]) -> list[tuple[str, Any]]:
    steps: list[tuple[str, Any]] = []
    for node in nodes:
        if node.kind is NodeKind.THOUGHT:
            steps.append(("assistant", node.content))
        elif node.kind is NodeKind.ACTION and "_converted_message" in node.extra:
            steps.append(("tool", node.extra["_converted_message"]))
        elif node.kind is NodeKind.ACTION:
            inputs = [c for c in kids.get(node.id, []) if c.kind is NodeKind.ACTION_INPUT]
            arguments = inputs[0].content if inputs else ""
            response = inputs[0].observation if inputs else ""
            steps.append(("tool", {"name": node.content, "arguments": arguments, "response": response}))
    return steps


def to_converted(traj: Trajectory) -> ConvertedAnswer:
    """Convert one trajectory as ToolBench's converter would (deterministically; see module doc)."""
    if is_valid_data(traj) and traj.transcripts:
        steps = _steps_from_transcript(traj)
    else:
        kids = traj.children_index()
        steps = _steps_from_nodes(traj.first_child_walk(traj.root(), kids), kids)
    head = traj.extra.get("converted_head", {})
    chain = _chain([("system", head.get("system", "")), ("user", head.get("user", "")), *steps])
    return ConvertedAnswer(
        query=traj.query,
        available_tools=function_dicts(traj.functions),
        answer=ConvertedAnswerBody(
            method=traj.method,
            total_steps=len(steps) + 2,
            final_answer=traj.finish_arguments,
            answer_details=chain,
        ),
    )


def _flatten_chain(details: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ToolEval's nested ``{role, message, next}`` chain as a flat list of its steps."""
    steps: list[dict[str, Any]] = []
    nodes = details
    while nodes:
        node = nodes[0]
        if not isinstance(node, dict):
            raise ValueError("answer_details holds a step that is not an object")
        steps.append(node)
        nodes = node.get("next") or []
    return steps


def _function(raw: dict[str, Any]) -> Function:
    return Function.model_validate(raw.get("function", raw))


def trajectory_from_converted(query_id: str, entry: ConvertedAnswer) -> Trajectory:
    """The episode a converted entry describes; raises ValueError on a malformed chain."""
    nodes = [TrajectoryNode(id=0, parent_id=None, kind=NodeKind.ROOT)]
    finish: tuple[str, TrajectoryNode] | None = None

    def add(kind: NodeKind, content: str, observation: str | None = None) -> TrajectoryNode:
        node = TrajectoryNode(
            id=len(nodes), parent_id=nodes[-1].id, kind=kind, depth=nodes[-1].depth + 1, content=content
        )
        node.observation = observation
        nodes.append(node)
        return node

    head: dict[str, str] = {}
    legacy = _is_legacy(entry)
    for step in _flatten_chain(entry.answer.answer_details):
        role, message = step.get("role"), step.get("message")
        if role in ("system", "user") and isinstance(message, str) and message:
            head[role] = message  # the older converter's cut query; ours writes ""
        elif role == "assistant":
            thought = add(NodeKind.THOUGHT, message if isinstance(message, str) else json.dumps(message))
            if legacy and len(thought.content) >= LEGACY_CUT:
                thought.extra["_cut"] = True
        elif role == "tool" and isinstance(message, str):
            name, arguments, response = _legacy_tool_step(query_id, message)
            action = add(NodeKind.ACTION, name)
            action.extra["_converted_message"] = message
            if name == FINISH_FUNCTION_NAME and entry.answer.final_answer:
                arguments = entry.answer.final_answer  # the whole Finish call the cut step began
            call = add(NodeKind.ACTION_INPUT, arguments, response)
            if len(message) >= LEGACY_CUT:
                action.extra["_cut"] = call.extra["_cut"] = True
            finish = (name, call) if name == FINISH_FUNCTION_NAME else None
        elif role == "tool":
            if not isinstance(message, dict) or not isinstance(message.get("name"), str):
                raise ValueError(f"query {query_id}: a tool step has no function name")
            arguments = message.get("arguments", "")
            arguments = arguments if isinstance(arguments, str) else json.dumps(arguments)
            response = message.get("response", "")
            response = response if isinstance(response, str) else json.dumps(response)
            add(NodeKind.ACTION, message["name"])
            call = add(NodeKind.ACTION_INPUT, arguments, response)
            finish = (message["name"], call) if message["name"] == FINISH_FUNCTION_NAME else None
    traj = Trajectory(
        query_id=query_id,
        query=entry.query,
        method=entry.answer.method,
        functions=[_function(t) for t in entry.available_tools],
        nodes=nodes,
        chosen_path=[n.id for n in nodes[1:]],
        finish_arguments=entry.answer.final_answer,
    )
    if head:
        traj.extra["converted_head"] = head
    if finish is not None:
        return_type, answer = parse_finish_arguments(finish[1].content)
        finish[1].is_terminal = True
        if return_type == "give_answer":
            traj.finish_type, traj.final_answer = FinishType.GIVE_ANSWER, answer or ""
        else:
            traj.finish_type = FinishType.GIVE_UP
    return traj


def _is_legacy(entry: ConvertedAnswer) -> bool:
    """Whether the older converter (string tool steps, cut text) wrote this entry."""
    steps = _flatten_chain(entry.answer.answer_details)
    return any(s.get("role") == "tool" and isinstance(s.get("message"), str) for s in steps)


def _unrepr(text: str, quote: str) -> str:
    """The string a cut Python ``repr`` body stood for, as far as it goes."""
    for end in range(len(text), max(len(text) - 4, -1), -1):  # a cut may split an escape
        try:
            value = ast.literal_eval(quote + text[:end] + quote)
        except (SyntaxError, ValueError):
            continue
        if isinstance(value, str):
            return value
    return text


def _legacy_tool_step(query_id: str, message: str) -> tuple[str, str, str]:
    """(name, arguments, response) of an older converter's ``str(dict)`` tool step, each read as far
    as the cut allows; raises ValueError when not even the name can be read."""
    fields = list(_LEGACY_FIELD.finditer(message))
    values: dict[str, str] = {}
    for index, found in enumerate(fields):
        key, quote = found.group(1), found.group(2)
        end = len(message)
        if index + 1 < len(fields):
            # the value ends at its closing quote, just before ", '<next key>':"
            end = message.rfind(quote, found.end(), fields[index + 1].start())
        values[key] = _unrepr(message[found.end() : end], quote)
    if "name" not in values or not values["name"] or ("arguments" not in values and len(message) < LEGACY_CUT):
        raise ValueError(f"query {query_id}: a tool step names no function: {message[:60]!r}")
    return values["name"], values.get("arguments", ""), values.get("response", "")
