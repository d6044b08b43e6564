"""What a judge sees of an episode: the final answer, the chain of steps, the tools offered.

The chain is ToolEval's converted form (``harness.toolbench.converted``), so an LLM judge reads a
harness run and an imported ToolBench run the same way. Long tool responses are cut so that one
runaway observation cannot push a judge request past its context.
"""

from __future__ import annotations

import json
from typing import Any

from harness.toolbench.converted import to_converted
from harness.toolbench.finish import parse_finish_arguments
from harness.types.trajectory import FinishType, Trajectory

FINAL_ANSWER_CHARS = 2000
RESPONSE_CHARS = 1500
DESCRIPTION_CHARS = 300
GIVE_UP_MARKER = "give_up_and_restart"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + f" ...[{len(text) - limit} more characters]"


def final_answer(traj: Trajectory) -> str:
    """The answer text the user would see ('' when there is none)."""
    if traj.final_answer is not None:
        return traj.final_answer
    return parse_finish_arguments(traj.finish_arguments)[1] or ""


def has_finish(traj: Trajectory) -> bool:
    """Whether the episode ended with a Finish call (ToolEval fails the others without asking)."""
    return traj.finish_type is not FinishType.NONE


def is_empty_or_give_up(traj: Trajectory) -> bool:
    """ToolEval's "Unsolved without asking": an empty answer, or giving up."""
    return (
        traj.finish_type is FinishType.GIVE_UP
        or GIVE_UP_MARKER in traj.finish_arguments
        or not final_answer(traj).strip()
    )


def _cut_chain(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cut = []
    for node in nodes:
        message = node.get("message")
        if isinstance(message, dict) and isinstance(message.get("response"), str):
            message = {**message, "response": _cut(message["response"], RESPONSE_CHARS)}
        elif isinstance(message, str):
            message = _cut(message, RESPONSE_CHARS)
        cut.append({**node, "message": message, "next": _cut_chain(node.get("next", []))})
    return cut


def answer_record(traj: Trajectory) -> dict[str, Any]:
    """The answer as ToolEval shows it to its judge: final answer, step count and the step chain."""
    converted = to_converted(traj).answer
    return {
        "final_answer": _cut(final_answer(traj), FINAL_ANSWER_CHARS),
        "total_steps": converted.total_steps,
        "answer_details": _cut_chain(converted.answer_details),
    }


def answer_json(traj: Trajectory) -> str:
    """``answer_record`` as compact JSON."""
    return json.dumps(answer_record(traj), ensure_ascii=False)


def tools_json(traj: Trajectory) -> str:
    """The tools the agent was offered: names and (cut) descriptions."""
    tools = [{"name": f.name, "description": _cut(f.description, DESCRIPTION_CHARS)} for f in traj.functions]
    return json.dumps(tools, ensure_ascii=False)


def same_answers(a: Trajectory, b: Trajectory) -> bool:
    """Whether two episodes gave the same final answer through the same steps."""
    return answer_record(a) == answer_record(b)
