"""StableToolBench's DFS.py and single_chain.py against our dfsdt and cot@N under the
``stabletoolbench`` profile, with a scripted policy whose replies make 1 to 3 tool calls.

Both sides answer from the same script (``parallel_reply`` in tests/differential/policy.py) through
their own call semantics: StableToolBench's real rapidapi_wrapper.step and ours. Per episode they
must agree on the calls made (names, arguments, order), the number of LLM calls, the visible
messages at every call (call ids included), the finish type and the chosen Finish arguments.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from harness.models.base import GenerateConfig, ModelOutput
from harness.profiles import STABLETOOLBENCH, TOOLBENCH, Profile
from harness.strategies.base import Agent, EpisodeLimits
from harness.strategies.dfsdt import DepthFirstTree
from harness.strategies.react import ChainOfThought
from harness.toolbench.functions import build_functions
from harness.toolbench.naming import FINISH_FUNCTION_NAME
from harness.types.messages import Function, Message, ToolCall
from harness.types.observation import Observation
from harness.types.query import AgentQuery
from harness.types.trajectory import FinishType, Trajectory
from tests.differential.policy import (
    APIS,
    HarnessEnv,
    HarnessModel,
    ToolBenchLLM,
    fake_rapidapi_response,
    toolbench_env,
)
from tests.differential.toolbench_code import ToolBenchCode, load_stabletoolbench
from tests.strategies.scripted_world import query_with_apis

SCRIPTS = 300
QUERY = AgentQuery.of(query_with_apis(*APIS))
# StableToolBench's env reads OpenAI tool dicts; its loop only passes them on.
TOOLS = [{"type": "function", "function": {"name": f.name}} for f in build_functions(QUERY.api_list)]

# (called name, raw arguments) of every call that reached the tools (not Finish), in order
Made = list[tuple[str, str]]


class RecordingEnv(HarnessEnv):
    """Our env, noting every call it is asked to make."""

    def __init__(self) -> None:
        self.made: Made = []

    async def call(self, tool_call: ToolCall, query: AgentQuery) -> Observation:
        if tool_call.name != FINISH_FUNCTION_NAME:
            self.made.append((tool_call.name, tool_call.arguments))
        return await super().call(tool_call, query)


@pytest.fixture(scope="module")
def code() -> Any:
    loaded = load_stabletoolbench()
    made: Made = []
    saved_step = loaded.rapidapi_wrapper._step
    saved_response = loaded.rapidapi_module.get_rapidapi_response

    def step(env: Any, action_name: str = "", action_input: str = "") -> tuple[str, int]:
        text, status = saved_step(env, action_name=action_name, action_input=action_input)
        if action_name != FINISH_FUNCTION_NAME:
            # The env resolved the name by ends-with; note the function it reached, as our env sees it.
            reached = [f["function"]["name"] for f in env.functions if f["function"]["name"].endswith(action_name)]
            made.append((reached[0] if status != 1 else action_name, action_input))
        return text, status

    loaded.rapidapi_wrapper._step = step
    loaded.rapidapi_module.get_rapidapi_response = fake_rapidapi_response
    yield loaded, made
    loaded.rapidapi_wrapper._step = saved_step
    loaded.rapidapi_module.get_rapidapi_response = saved_response


def _ours(strategy: Any, script: int, limits: EpisodeLimits, profile: Profile) -> tuple[Trajectory, HarnessModel, Made]:
    model = HarnessModel(script, parallel=True)
    env = RecordingEnv()
    agent = Agent(model=model, env=env, limits=limits, profile=profile)
    return asyncio.run(strategy.solve(QUERY, agent)), model, env.made


def _chosen(traj: Trajectory) -> tuple[str, str | None]:
    return traj.finish_type.value, traj.finish_arguments if traj.finish_type is not FinishType.NONE else None


def _dfs_outcome(chain: Any) -> tuple[str, str | None]:
    # As DFS.py's to_json reads it: the first unpruned terminal node, else a give-up (drawn at
    # random there; the first found is the one we keep).
    answered = [node for node in chain.terminal_node if not node.pruned]
    if answered:
        return "give_answer", answered[0].description
    if chain.give_up_node:
        return "give_up", chain.give_up_node[0].description
    return "none", None


def _cot_outcome(chain: Any) -> tuple[str, str | None]:
    for node in chain.terminal_node:
        if not node.pruned:
            return "give_answer", node.description
    gave_up = [n for n in chain.terminal_node if n.observation_code == 4]
    if gave_up:
        return "give_up", gave_up[0].description
    return "none", None


def _differences(script: int, pairs: list[tuple[str, Any, Any]]) -> list[str]:
    return [
        f"script {script}: {what}: stabletoolbench {theirs!r} != harness {ours!r}"
        for what, theirs, ours in pairs
        if theirs != ours
    ]


def _dfs_theirs(
    code: tuple[ToolBenchCode, Made], script: int, depth: int, budget: int
) -> tuple[Any, ToolBenchLLM, Made]:
    loaded, made = code
    made.clear()
    llm = ToolBenchLLM(script, parallel=True)
    chain = loaded.dfs(llm=llm, io_func=toolbench_env(loaded.rapidapi_wrapper, TOOLS), process_id=1)
    chain.start(single_chain_max_step=depth, tree_beam_size=2, max_query_count=budget, answer=1, with_filter=False)
    return chain, llm, list(made)


@pytest.mark.parametrize("budget", [200, 7])
def test_dfsdt_matches_stabletoolbench_dfs(code: tuple[ToolBenchCode, Made], budget: int) -> None:
    differing: list[str] = []
    multi = 0
    for script in range(SCRIPTS):
        depth = (6, 9, 12)[script % 3]
        chain, llm, made = _dfs_theirs(code, script, depth, budget)
        traj, model, ours_made = _ours(
            DepthFirstTree(2), script, EpisodeLimits(max_depth=depth, max_calls=budget), STABLETOOLBENCH
        )
        multi += any(len(view) > 5 for turns in llm.calls for view in turns if view[0] == "assistant")
        differing += _differences(
            script,
            [
                ("calls made", made, ours_made),
                ("llm calls", chain.query_count, traj.llm_calls),
                ("visible messages", llm.calls, model.calls),
                ("outcome", _dfs_outcome(chain), _chosen(traj)),
            ],
        )
    assert not differing, f"{len(differing)} differences, first: {differing[0][:2000]}"
    # The scripts exercise what the test is about: many episodes send a multi-call turn back.
    assert multi > SCRIPTS // 3


@pytest.mark.parametrize("tries", [1, 3])
def test_cot_matches_stabletoolbench_single_chain(code: tuple[ToolBenchCode, Made], tries: int) -> None:
    loaded, made = code
    differing: list[str] = []
    for script in range(SCRIPTS):
        depth = (6, 9, 12)[script % 3]
        made.clear()
        llm = ToolBenchLLM(script, parallel=True)
        chain = loaded.single_chain(llm=llm, io_func=toolbench_env(loaded.rapidapi_wrapper, TOOLS), process_id=1)
        chain.start(single_chain_max_step=depth, pass_at=tries, answer=1)
        traj, model, ours_made = _ours(
            ChainOfThought(tries), script, EpisodeLimits(max_depth=depth, max_calls=3), STABLETOOLBENCH
        )
        differing += _differences(
            script,
            [
                ("calls made", list(made), ours_made),
                ("llm calls", chain.query_count, traj.llm_calls),
                ("visible messages", llm.calls, model.calls),
                ("outcome", _cot_outcome(chain), _chosen(traj)),
            ],
        )
    assert not differing, f"{len(differing)} differences, first: {differing[0][:2000]}"


def test_a_later_call_of_a_turn_is_run() -> None:
    """A reply that looks something up and answers in one turn: the answer is its second call. Kept
    to its first call (the toolbench profile, and the harness before parallel calls) the episode
    has no answer; StableToolBench's DFS.py answers, and so does the stabletoolbench profile."""
    lookup = json.dumps({"value": 1})
    answer = json.dumps({"return_type": "give_answer", "final_answer": "42"})
    replies = [
        [("alpha_for_kit", lookup), ("Finish", answer)],
        [("Finish", json.dumps({"return_type": "give_up_and_restart"}))],
    ]

    class TwoCalls(HarnessModel):
        async def generate(
            self, messages: list[Message], functions: list[Function], config: GenerateConfig
        ) -> ModelOutput:
            turn = replies[min(len(self.calls), len(replies) - 1)]
            self.calls.append([])
            calls = [ToolCall(name=n, arguments=a, id=f"c{i}") for i, (n, a) in enumerate(turn)]
            return ModelOutput(message=Message(role="assistant", tool_call=calls[0], more_calls=calls[1:]))

    def solve(profile: Profile) -> tuple[Trajectory, Made]:
        env = RecordingEnv()
        agent = Agent(model=TwoCalls(0), env=env, limits=EpisodeLimits(max_depth=12, max_calls=4), profile=profile)
        return asyncio.run(DepthFirstTree(2).solve(QUERY, agent)), env.made

    traj, made = solve(STABLETOOLBENCH)
    assert traj.finish_type is FinishType.GIVE_ANSWER and traj.final_answer == "42"
    assert made == [("alpha_for_kit", lookup)]
    # The next request answers both calls, each by its own id.
    conversation = traj.transcripts[-1]
    assert [c.id for c in conversation[2].calls] == ["c0", "c1"]
    first, _ = solve(TOOLBENCH)
    assert first.finish_type is not FinishType.GIVE_ANSWER
