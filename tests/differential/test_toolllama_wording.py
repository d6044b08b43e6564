"""ToolLLaMA under ToolBench's wording: every prompt our ToolLLaMA format renders is byte-equal to
the prompt ToolBench's own ToolLLaMA class (tool_llama_model.py with process_system_message from
toolbench/utils.py) builds for the same DFSDT episode, function list included, and the pieces of
that wording are read from the checkout, not shipped."""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

import pytest

from harness.models.base import GenerateConfig
from harness.models.formats.toolllama import ToolLLaMAFormat
from harness.models.text_adapter import Completion, TextFormatAdapter
from harness.profiles import TOOLBENCH
from harness.strategies.base import Agent, EpisodeLimits
from harness.strategies.dfsdt import DepthFirstTree
from harness.toolbench.toolllama_wording import read_toolllama_wording
from harness.toolbench.wording import ToolBenchWording, read_wording
from harness.types.docs import ApiDoc, Parameter
from harness.types.query import AgentQuery, Query
from tests.conftest import require_shared_data
from tests.differential.policy import APIS, HarnessEnv, fake_rapidapi_response, reply
from tests.differential.toolbench_code import (
    ToolBenchCode,
    ToolLLaMACode,
    load_toolbench,
    load_toolllama,
    offline_wrapper_args,
)

SCRIPTS = 200
QUERY = AgentQuery.of(
    Query(
        query_id="q1",
        text="Find things, then report them.",
        api_list=[
            ApiDoc(
                category_name="Tests",
                tool_name="kit",
                api_name=api,
                api_description=f"Does {api} with 'quotes'.",
                required_parameters=[Parameter(name="value", type="NUMBER", description="how many")],
                optional_parameters=[Parameter(name="note", description="free text", default="x")],
            )
            for api in APIS
        ],
    )
)


def reply_text(script: int, k: int) -> str:
    """The policy's reply ``k`` as ToolLLaMA writes it; a reply that calls nothing calls a made-up
    function instead (ToolBench's react_parser reads any text as a call, ours would not)."""
    message = reply(script, k)
    call = message.get("function_call") or {"name": "delta_for_kit", "arguments": "{}"}
    return f"Thought: {message['content'] or ''}\nAction: {call['name']}\nAction Input: {call['arguments']}"


@pytest.fixture(scope="module")
def code() -> Any:
    loaded, toolllama = load_toolbench(), load_toolllama()
    module = loaded.rapidapi_module
    saved = {name: getattr(module, name) for name in ("get_rapidapi_response", "standardize", "change_name")}
    # ToolBench's own function building (api_json_to_openai_json) needs these two of its utils.
    module.get_rapidapi_response = fake_rapidapi_response
    module.standardize, module.change_name = toolllama.utils["standardize"], toolllama.utils["change_name"]
    yield loaded, toolllama
    for name, value in saved.items():
        setattr(module, name, value)


@pytest.fixture(scope="module")
def wording() -> ToolBenchWording:
    return read_wording(require_shared_data() / "toolbench" / "code")


def _toolbench_env(code: ToolBenchCode) -> Any:
    """ToolBench's rapidapi_wrapper built by its own constructor, function dicts by its own
    api_json_to_openai_json; only the tool-file read answers from the query."""
    wrapper = code.rapidapi_wrapper
    env = wrapper.__new__(wrapper)
    apis = [api.model_dump() for api in QUERY.api_list]
    env.fetch_api_json = lambda query_json: {"api_list": apis}
    args = offline_wrapper_args()
    query_json = {"query": QUERY.text, "api_list": apis}
    wrapper.__init__(env, query_json, [["kit", ""] for _ in APIS], None, args, process_id=1)
    return env


def _toolbench_prompts(code: ToolBenchCode, toolllama: ToolLLaMACode, script: int) -> list[str]:
    """The prompts ToolBench's ToolLLaMA builds in one DFSDT episode; only generation is scripted."""
    prompts: list[str] = []

    def prediction(prompt: str, stop: Any = None) -> str:
        prompts.append(prompt)
        return reply_text(script, len(prompts) - 1)

    llm = toolllama.tool_llama.__new__(toolllama.tool_llama)
    llm.template, llm.prediction, llm.tokenizer = "tool-llama-single-round", prediction, lambda text: [0]
    chain = code.dfs(llm=llm, io_func=_toolbench_env(code), process_id=1)
    chain.start(single_chain_max_step=12, tree_beam_size=2, max_query_count=200, answer=1, with_filter=False)
    return prompts


class ScriptedBackend:
    """A text backend that records each prompt and continues it from the script."""

    def __init__(self, script: int) -> None:
        self.script = script
        self.prompts: list[str] = []

    async def complete(self, prompt: str, config: GenerateConfig, stop: list[str]) -> Completion:
        self.prompts.append(prompt)
        return Completion(text=reply_text(self.script, len(self.prompts) - 1))


def _our_prompts(wording: ToolBenchWording | None, script: int) -> list[str]:
    backend = ScriptedBackend(script)
    model = TextFormatAdapter(backend, ToolLLaMAFormat("toolbench"), "toolllama")
    agent = Agent(model=model, env=HarnessEnv(), limits=EpisodeLimits(), profile=TOOLBENCH, wording=wording)
    asyncio.run(DepthFirstTree(2).solve(QUERY, agent))
    return backend.prompts


def test_every_toolllama_prompt_is_byte_equal_to_toolbench_s(code: Any, wording: ToolBenchWording) -> None:
    loaded, toolllama = code
    differing, prompts, notes = [], 0, 0
    for script in range(SCRIPTS):
        theirs = _toolbench_prompts(loaded, toolllama, script)
        if theirs != _our_prompts(wording, script):
            differing.append(script)
        prompts += len(theirs)
        notes += sum(p.count("\nUser: ") > 1 for p in theirs)
    assert not differing, f"scripts whose ToolLLaMA prompts differ: {differing[:10]}"
    assert prompts > SCRIPTS * 3 and notes > 50  # deep episodes, diversity notes rendered too


def test_the_prompt_carries_toolbench_s_function_dicts(code: Any, wording: ToolBenchWording) -> None:
    loaded, toolllama = code
    first = _toolbench_prompts(loaded, toolllama, 0)[0]
    functions = _toolbench_env(loaded).functions
    assert first.endswith("Assistant:\n") and str(functions) in first
    assert "'example_value': 'x'" in first and functions[-1]["name"] == "Finish"
    assert _our_prompts(wording, 0)[0] == first


def test_the_system_rewrite_is_read_from_the_checkout(code: Any, wording: ToolBenchWording, tmp_path: Any) -> None:
    """A checkout whose process_system_message says other words changes our prompt the same way,
    so the words come from the checkout; without the ToolLLaMA files there is no ToolLLaMA wording."""
    source = require_shared_data() / "toolbench" / "code"
    assert wording.toolllama is not None
    changed = tmp_path / "toolbench" / "inference" / "LLM"
    changed.mkdir(parents=True)
    (changed / "tool_llama_model.py").write_text(
        (source / "toolbench/inference/LLM/tool_llama_model.py").read_text(encoding="utf-8")
    )
    utils = (source / "toolbench/utils.py").read_text(encoding="utf-8")
    lead = wording.toolllama.functions_lead
    (tmp_path / "toolbench" / "utils.py").write_text(utils.replace(json.dumps(lead)[1:-1], "\\nAPIS: ", 1))
    other = read_toolllama_wording(tmp_path)
    assert other is not None and other.functions_lead == "\nAPIS: " and other.anchor == wording.toolllama.anchor
    mine = _our_prompts(wording.model_copy(update={"toolllama": other}), 1)[0]
    assert "\nAPIS: [{'name'" in mine and lead not in mine
    assert read_toolllama_wording(tmp_path / "nothing") is None
    assert random.Random(0).random() < 1  # the module's scripted replies stay importable without torch
