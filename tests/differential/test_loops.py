"""ToolBench's DFS.py and single_chain.py against our dfsdt and cot@N under one scripted policy.

Both sides answer from the same script (tests/differential/policy.py) through their own call
semantics: ToolBench's real rapidapi_wrapper.step (Finish parsing, ends-with function lookup) and
ours under the ``toolbench`` profile. Per episode they must agree on the number of LLM calls, the
visible messages at every call, the finish type and the chosen Finish arguments.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from harness.profiles import HARNESS, TOOLBENCH, Profile
from harness.strategies.base import Agent, EpisodeLimits
from harness.strategies.dfsdt import DepthFirstTree
from harness.strategies.react import ChainOfThought
from harness.toolbench.functions import build_functions
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
from tests.differential.toolbench_code import ToolBenchCode, load_toolbench
from tests.strategies.scripted_world import query_with_apis

SCRIPTS = 300
QUERY = AgentQuery.of(query_with_apis(*APIS))
# ToolBench's loop reads only the names; its tree deep-copies the list at every node, so it stays small.
FUNCTIONS = [{"name": f.name} for f in build_functions(QUERY.api_list)]


@pytest.fixture(scope="module")
def code() -> Any:
    loaded = load_toolbench()
    saved = loaded.rapidapi_module.get_rapidapi_response
    loaded.rapidapi_module.get_rapidapi_response = fake_rapidapi_response
    yield loaded
    loaded.rapidapi_module.get_rapidapi_response = saved


Episode = tuple[Any, int, EpisodeLimits]  # strategy, script, limits


def _ours(episodes: list[Episode], profile: Profile) -> list[tuple[Trajectory, HarnessModel]]:
    """Our side of every episode, in one event loop."""

    async def solve_all() -> list[tuple[Trajectory, HarnessModel]]:
        done = []
        for strategy, script, limits in episodes:
            model = HarnessModel(script)
            agent = Agent(model=model, env=HarnessEnv(), limits=limits, profile=profile)
            done.append((await strategy.solve(QUERY, agent), model))
        return done

    return asyncio.run(solve_all())


def _chosen(traj: Trajectory) -> tuple[str, str | None]:
    return traj.finish_type.value, traj.finish_arguments if traj.finish_type is not FinishType.NONE else None


def _dfs_toolbench(code: ToolBenchCode, script: int, depth: int, budget: int) -> tuple[Any, ToolBenchLLM]:
    llm = ToolBenchLLM(script)
    chain = code.dfs(llm=llm, io_func=toolbench_env(code.rapidapi_wrapper, FUNCTIONS), process_id=1)
    chain.start(single_chain_max_step=depth, tree_beam_size=2, max_query_count=budget, answer=1, with_filter=False)
    return chain, llm


def _dfs_outcome(chain: Any) -> tuple[str, str | None]:
    # ToolBench draws the exported give-up at random; the first found is the one we keep.
    if chain.terminal_node:
        return "give_answer", chain.terminal_node[0].description
    if chain.give_up_node:
        return "give_up", chain.give_up_node[0].description
    return "none", None


def _differences(pairs: list[tuple[str, Any, Any]]) -> list[str]:
    return [f"{what}: toolbench {theirs!r} != harness {ours!r}" for what, theirs, ours in pairs if theirs != ours]


@pytest.mark.parametrize("budget", [200, 7])
def test_dfsdt_matches_toolbench_dfs(code: ToolBenchCode, budget: int) -> None:
    differing: list[str] = []
    depths = [(6, 9, 12)[script % 3] for script in range(SCRIPTS)]
    episodes = [(DepthFirstTree(2), s, EpisodeLimits(max_depth=d, max_calls=budget)) for s, d in enumerate(depths)]
    ours = _ours(episodes, TOOLBENCH)
    for script, depth in enumerate(depths):
        chain, llm = _dfs_toolbench(code, script, depth, budget)
        traj, model = ours[script]
        found = _differences(
            [
                ("calls", chain.query_count, traj.llm_calls),
                ("visible messages", llm.calls, model.calls),
                ("outcome", _dfs_outcome(chain), _chosen(traj)),
            ]
        )
        differing += [f"script {script} depth {depth}: {d}" for d in found]
    assert not differing, f"{len(differing)} differences, first: {differing[0][:2000]}"


def _cot_outcome(chain: Any) -> tuple[str, str | None]:
    for node in chain.terminal_node:
        if not node.pruned:
            return "give_answer", node.description
    gave_up = [n for n in chain.terminal_node if n.observation_code == 4]
    if gave_up:
        return "give_up", gave_up[0].description
    return "none", None


@pytest.mark.parametrize("tries", [1, 3])
def test_cot_matches_toolbench_single_chain(code: ToolBenchCode, tries: int) -> None:
    differing: list[str] = []
    depths = [(6, 9, 12)[script % 3] for script in range(SCRIPTS)]
    # A budget below the calls a script makes shows that the toolbench profile leaves CoT unbounded.
    episodes = [(ChainOfThought(tries), s, EpisodeLimits(max_depth=d, max_calls=3)) for s, d in enumerate(depths)]
    ours = _ours(episodes, TOOLBENCH)
    for script, depth in enumerate(depths):
        llm = ToolBenchLLM(script)
        chain = code.single_chain(llm=llm, io_func=toolbench_env(code.rapidapi_wrapper, FUNCTIONS), process_id=1)
        chain.start(single_chain_max_step=depth, pass_at=tries, answer=1)
        traj, model = ours[script]
        found = _differences(
            [
                ("calls", chain.query_count, traj.llm_calls),
                ("visible messages", llm.calls, model.calls),
                ("outcome", _cot_outcome(chain), _chosen(traj)),
            ]
        )
        differing += [f"script {script} depth {depth}: {d}" for d in found]
    assert not differing, f"{len(differing)} differences, first: {differing[0][:2000]}"


def test_the_harness_profile_is_a_different_loop(code: ToolBenchCode) -> None:
    """The knobs matter: under our defaults ("" makes no thought, exact names, Finish null is code 2)
    some of the same episodes come out differently, so the test above would catch a lost switch."""
    scripts = range(60)
    ours = _ours([(DepthFirstTree(2), s, EpisodeLimits(max_depth=12, max_calls=200)) for s in scripts], HARNESS)
    differing = sum(_dfs_toolbench(code, s, 12, 200)[1].calls != ours[s][1].calls for s in scripts)
    assert differing > 0
