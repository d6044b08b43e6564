"""``harness import converted``: ToolEval's converted predictions as a run, one episode per query.

A converted entry holds one chain of steps (system, user, then thoughts and tool calls, Finish
last when the episode finished), so the trajectory is that chain; converting it back with
``to_converted`` gives the entry again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness import __version__
from harness.importer import ImportReport, import_run_id, store_episode
from harness.store import StoreWriter
from harness.toolbench.converted import ConvertedAnswer, read_converted
from harness.toolbench.finish import parse_finish_arguments
from harness.toolbench.naming import FINISH_FUNCTION_NAME
from harness.types.messages import Function
from harness.types.trajectory import FinishType, NodeKind, Trajectory, TrajectoryNode


def _chain(details: list[dict[str, Any]]) -> list[dict[str, Any]]:
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

    for step in _chain(entry.answer.answer_details):
        role, message = step.get("role"), step.get("message")
        if role == "assistant":
            add(NodeKind.THOUGHT, message if isinstance(message, str) else json.dumps(message))
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
    if finish is not None:
        return_type, answer = parse_finish_arguments(finish[1].content)
        finish[1].is_terminal = True
        if return_type == "give_answer":
            traj.finish_type, traj.final_answer = FinishType.GIVE_ANSWER, answer or ""
        else:
            traj.finish_type = FinishType.GIVE_UP
    return traj


def import_converted_file(path: Path, name: str, group: str, writer: StoreWriter) -> ImportReport:
    """Import every entry of a converted file into run ``name`` under ``group``. A bad entry is
    reported and skipped; entries already imported are recognised and skipped."""
    entries = read_converted(path)
    run_id = import_run_id(name)
    spec = {"source": "toolbench-converted", "file": str(path.resolve()), "group": group}
    writer.ensure_run(run_id, name, "import", spec, __version__)
    report = ImportReport(run_id=run_id)
    with writer.batch():
        for query_id, entry in entries.items():
            try:
                traj = trajectory_from_converted(query_id, entry)
            except ValueError as exc:
                report.problems.append(f"{path}: query {query_id}: {exc}")
                continue
            store_episode(writer, report, traj, group, str(path))
    return report
