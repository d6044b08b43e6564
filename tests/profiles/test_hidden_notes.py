"""ToolBench's ToolLLaMA renders every message, DFSDT's spent diversity notes included; its ChatGPT
client drops them. The toolbench profile does the same for text-format models only."""

from __future__ import annotations

import asyncio

from harness.models.base import GenerateConfig
from harness.models.formats import get_format
from harness.models.text_adapter import Completion, TextFormatAdapter
from harness.profiles import HARNESS, TOOLBENCH, Profile
from harness.strategies.base import Agent, EpisodeLimits
from harness.strategies.dfsdt import DepthFirstTree
from harness.types.query import AgentQuery
from tests.strategies.scripted_world import CannedEnv, query_with_apis

# A give-up under the first child makes DFSDT show a diversity note before the root's second child;
# the next request (under that child) is where the spent note is either rendered or not.
REPLIES = [
    'Thought: try alpha\nAction: alpha_for_kit\nAction Input: {"value": "1"}',
    'Thought: stuck\nAction: Finish\nAction Input: {"return_type": "give_up_and_restart"}',
    'Thought: try beta\nAction: beta_for_kit\nAction Input: {"value": "2"}',
    'Thought: done\nAction: Finish\nAction Input: {"return_type": "give_answer", "final_answer": "ok"}',
]


class Recorder:
    def __init__(self) -> None:
        self.prompts: list[str] = []

    async def complete(self, prompt: str, config: GenerateConfig, stop: list[str]) -> Completion:
        self.prompts.append(prompt)
        return Completion(text=REPLIES[min(len(self.prompts) - 1, len(REPLIES) - 1)])


def _prompts(profile: Profile) -> list[str]:
    backend = Recorder()
    model = TextFormatAdapter(backend, get_format("toolllama"), "toolllama")
    agent = Agent(model=model, env=CannedEnv(("alpha", "beta")), limits=EpisodeLimits(), profile=profile)
    asyncio.run(DepthFirstTree(2).solve(AgentQuery.of(query_with_apis("alpha", "beta")), agent))
    return backend.prompts


def test_text_models_see_spent_notes_under_the_toolbench_profile_only() -> None:
    ours, toolbench = _prompts(HARNESS), _prompts(TOOLBENCH)
    assert len(ours) == len(toolbench) >= 4
    # Request 2 carries the note; request 3 is made under the new child: the note is gone for us and
    # for every format under our profile, still rendered for ToolLLaMA under ToolBench's.
    note = ours[2].split("User: ")[-1].split("\nAssistant:")[0]
    assert note and note in toolbench[2] and note not in ours[1]
    assert note not in ours[3]
    assert note in toolbench[3]
