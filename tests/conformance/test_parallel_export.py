"""Multi-call turns in the answer-file and converted exports, as StableToolBench writes them, and
read back unchanged."""

from __future__ import annotations

import asyncio
import importlib.util
import json
from pathlib import Path
from typing import Any

from harness.models.base import GenerateConfig, ModelOutput
from harness.profiles import STABLETOOLBENCH
from harness.strategies.base import Agent, EpisodeLimits
from harness.strategies.dfsdt import DepthFirstTree
from harness.toolbench.answers import answer_to_dict, read_answer_file, write_answer_file
from harness.toolbench.converted import to_converted
from harness.toolbench.messages import message_from_toolbench, messages_to_toolbench
from harness.types.messages import Function, Message, ToolCall
from harness.types.query import AgentQuery
from harness.types.trajectory import FinishType, Trajectory
from tests.conftest import require_shared_data
from tests.differential.toolbench_code import functions_from_source
from tests.strategies.scripted_world import CannedEnv, query_with_apis

ANSWER = json.dumps({"return_type": "give_answer", "final_answer": "done"})
TURNS = [
    ("Look both up.", [("alpha_for_kit", '{"x": 1}', "a0"), ("beta_for_kit", '{"x": 2}', "a1")]),
    (None, [("gamma_for_kit", '{"x": 3}', "b0"), ("Finish", ANSWER, "b1")]),
]


class TwoTurns:
    name = "two-turns"

    async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        content, made = TURNS[sum(m.role == "assistant" for m in messages)]
        calls = [ToolCall(name=n, arguments=a, id=i) for n, a, i in made]
        return ModelOutput(message=Message(role="assistant", content=content, tool_call=calls[0], more_calls=calls[1:]))


def _episode() -> Trajectory:
    query = AgentQuery.of(query_with_apis("alpha", "beta", "gamma"))
    env = CannedEnv(("alpha", "beta", "gamma"))
    agent = Agent(model=TwoTurns(), env=env, limits=EpisodeLimits(max_depth=12), profile=STABLETOOLBENCH)
    traj = asyncio.run(DepthFirstTree(2).solve(query, agent))
    assert traj.finish_type is FinishType.GIVE_ANSWER and traj.final_answer == "done"
    return traj


def test_answer_file_writes_every_call_and_reads_it_back(tmp_path: Path) -> None:
    traj = _episode()
    written = answer_to_dict(traj)
    last = written["answer_generation"]["train_messages"][-1]
    first_turn, *results = last[2:5]
    assert [c["function"]["name"] for c in first_turn["tool_calls"]] == ["alpha_for_kit", "beta_for_kit"]
    assert [(r["role"], r["name"], r["tool_call_id"]) for r in results] == [
        ("tool", "alpha_for_kit", "a0"),
        ("tool", "beta_for_kit", "a1"),
    ]
    assert [c["id"] for c in last[-1]["tool_calls"]] == ["b0", "b1"]
    # Four Action / Action Input pairs in one chain: every call is a node.
    nodes = [n.kind.value for n in traj.nodes]
    assert nodes.count("action_input") == 4

    path = write_answer_file(traj, tmp_path)
    again = read_answer_file(path)
    assert answer_to_dict(again) == written
    other = tmp_path / "again"
    other.mkdir()
    assert write_answer_file(again, other).read_text() == path.read_text()
    assert to_converted(again) == to_converted(traj)


def test_read_stabletoolbench_turns_are_written_back_as_read() -> None:
    raw = [
        {
            "content": None,
            "role": "assistant",
            "tool_calls": [{"id": "x", "function": {"arguments": "{}", "name": "a"}, "type": "function"}],
        },
        {"role": "tool", "name": "a", "content": "ok", "tool_call_id": "x"},
        {"role": "assistant", "content": "t", "function_call": None, "tool_calls": None},
    ]
    messages = [message_from_toolbench(m) for m in raw]
    assert messages[0].tool_call is not None and messages[0].tool_call.id == "x"
    assert messages[1].tool_call_id == "x"
    assert messages_to_toolbench(messages) == raw
    assert [list(m) for m in messages_to_toolbench(messages)] == [list(m) for m in raw]


def test_converted_export_equals_stabletoolbench_converter() -> None:
    """StableToolBench's convert_to_answer_format.py, run on our answer file, gives our converted
    steps: a step per call with a result in the transcript, the Finish ending its turn."""
    tooleval = require_shared_data() / "stabletoolbench" / "code" / "toolbench" / "tooleval"
    spec = importlib.util.spec_from_file_location(
        "stabletoolbench_eval_dataclass", tooleval / "evaluation" / "dataclass.py"
    )
    assert spec is not None and spec.loader is not None
    dataclass = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dataclass)
    converter = functions_from_source(
        tooleval / "convert_to_answer_format.py",
        ("generate_init_message_node", "process_valid_data"),
        ExecutionGraph=dataclass.ExecutionGraph,
        ExecutionNode=dataclass.ExecutionNode,
    )
    traj = _episode()
    generation = json.loads(json.dumps(answer_to_dict(traj)))["answer_generation"]
    theirs: dict[str, Any] = converter["process_valid_data"](traj.method, generation)
    ours = to_converted(traj).model_dump(mode="json")
    assert theirs["answer"]["total_steps"] == ours["answer"]["total_steps"] == 5
    assert theirs["answer"]["final_answer"] == ours["answer"]["final_answer"]
    steps = theirs["answer"]["answer_details"][0]["next"][0]["next"]
    assert steps == ours["answer"]["answer_details"][0]["next"][0]["next"]
    names = []
    while steps:
        names.append(steps[0]["message"]["name"])
        steps = steps[0]["next"]
    # gamma's result comes after the last assistant turn, which the transcript ends with.
    assert names == ["alpha_for_kit", "beta_for_kit", "Finish"]
