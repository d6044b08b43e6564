"""ToolBench's wording read from its checkout: every message a ChatGPT-style model receives is
byte-equal to what ToolBench's own DFS builds for the same episode (system and user turns from
its rapidapi_wrapper, diversity notes from DFS.py), and the repository holds none of that text."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from harness.profiles import TOOLBENCH
from harness.strategies.base import Agent, EpisodeLimits
from harness.strategies.dfsdt import DepthFirstTree
from harness.toolbench.wording import ToolBenchWording, WordingError, read_wording
from harness.types.trajectory import Trajectory
from tests.conftest import REPO, require_shared_data
from tests.differential.policy import APIS, HarnessEnv, HarnessModel, ToolBenchLLM, fake_rapidapi_response
from tests.differential.test_loops import QUERY
from tests.differential.toolbench_code import ToolBenchCode, load_toolbench, offline_wrapper_args

SCRIPTS = 200


@pytest.fixture(scope="module")
def code() -> Any:
    loaded = load_toolbench()
    saved = loaded.rapidapi_module.get_rapidapi_response
    loaded.rapidapi_module.get_rapidapi_response = fake_rapidapi_response
    yield loaded
    loaded.rapidapi_module.get_rapidapi_response = saved


@pytest.fixture(scope="module")
def wording() -> ToolBenchWording:
    return read_wording(require_shared_data() / "toolbench" / "code")


def _toolbench_env(code: ToolBenchCode) -> Any:
    """ToolBench's rapidapi_wrapper built by its own constructor; only the two methods that read tool
    files from disk answer from the query instead."""
    wrapper = code.rapidapi_wrapper
    env = wrapper.__new__(wrapper)
    env.fetch_api_json = lambda query_json: {"api_list": query_json["api_list"]}
    env.api_json_to_openai_json = lambda api, tool: ({"name": f"{api['api_name']}_for_{tool}"}, "T", api["api_name"])
    args = offline_wrapper_args()
    query_json = {"query": QUERY.text, "api_list": [{"api_name": api} for api in APIS]}
    # The tools have no description in the query: ToolBench's tool files would give "", written "None".
    wrapper.__init__(env, query_json, [["kit", ""] for _ in APIS], None, args, process_id=1)
    return env


def test_every_request_is_byte_equal_to_toolbench_dfs(code: ToolBenchCode, wording: ToolBenchWording) -> None:
    async def ours() -> list[tuple[Trajectory, HarnessModel]]:
        done = []
        for script in range(SCRIPTS):
            model = HarnessModel(script, words=True)
            agent = Agent(model=model, env=HarnessEnv(), limits=EpisodeLimits(), profile=TOOLBENCH, wording=wording)
            done.append((await DepthFirstTree(2).solve(QUERY, agent), model))
        return done

    results = asyncio.run(ours())
    differing = []
    notes = 0
    for script in range(SCRIPTS):
        llm = ToolBenchLLM(script, words=True)
        chain = code.dfs(llm=llm, io_func=_toolbench_env(code), process_id=1)
        chain.start(single_chain_max_step=12, tree_beam_size=2, max_query_count=200, answer=1, with_filter=False)
        theirs, mine = llm.calls, results[script][1].calls
        notes += sum(1 for call in theirs for m in call[2:] if m[0] == "user")
        if theirs != mine:
            differing.append(script)
    assert not differing, f"scripts whose requests differ: {differing[:10]}"
    assert notes > 50  # the diversity notes were compared too, not only the opening turns
    first = ToolBenchLLM(0, words=True)
    code.dfs(llm=first, io_func=_toolbench_env(code), process_id=1).start(12, 2, 200, 1, False)
    assert first.calls[0][0][0] == "system" and "Finish" in first.calls[0][0][1]


def test_the_repository_ships_none_of_toolbench_s_text(wording: ToolBenchWording) -> None:
    texts = [wording.system_template, wording.user_template, wording.diversity_template, wording.task_prefix]
    lines = {line.strip() for text in texts for line in text.splitlines() if len(line.strip()) > 40}
    assert len(lines) > 5
    shipped = [p for p in (REPO / "harness").rglob("*") if p.is_file() and p.suffix in (".py", ".md", ".txt", ".yaml")]
    found = [(p.name, line[:40]) for p in shipped for line in lines if line in p.read_text(encoding="utf-8")]
    assert not found


def test_a_folder_that_is_not_a_checkout_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "toolbench").mkdir()
    with pytest.raises(WordingError, match=r"Algorithms/DFS.py is missing; pass a ToolBench checkout"):
        read_wording(tmp_path)
