"""ReAct and CoT@N: chains until Finish or the depth limit; CoT@N stops at the first answer."""

from __future__ import annotations

import asyncio

import pytest

from harness.models.scripted import ScriptedModel
from harness.strategies.base import Agent, EpisodeLimits
from harness.strategies.react import ChainOfThought
from harness.strategies.registry import StrategyError, load_strategy
from harness.toolbench.answers import answer_to_dict
from harness.types.messages import Message
from harness.types.trajectory import FinishType, NodeKind
from tests.strategies.scripted_world import GIVE_UP, CannedEnv, answer, call, query_with_apis

APIS = ("alpha", "beta")


def solve(strategy: ChainOfThought, script: list, **limits: object):  # type: ignore[no-untyped-def]
    model = ScriptedModel(script)
    env = CannedEnv(APIS)
    agent = Agent(model=model, env=env, limits=EpisodeLimits.model_validate(limits))
    return asyncio.run(strategy.solve(query_with_apis(*APIS), agent)), model, env


def test_cot_stops_at_the_first_answer() -> None:
    script = [call("alpha"), GIVE_UP, call("beta"), answer("42"), call("alpha")]
    traj, model, _ = solve(ChainOfThought(3), script)
    assert len(model.requests) == 4  # the third try never starts
    tries = traj.children_index()[traj.root().id]
    assert len(tries) == 2
    # Each try starts from the opening turns only.
    assert [m.role for m in model.requests[2][0]] == ["system", "user"]
    assert traj.final_answer == "42" and traj.finish_type is FinishType.GIVE_ANSWER
    data = answer_to_dict(traj)
    assert [t["win"] for t in data["trys"]] == [False, True]
    assert data["answer_generation"]["valid_data"] is True


def test_react_gives_up_once() -> None:
    traj, model, _ = solve(ChainOfThought(1), [call("alpha"), GIVE_UP, answer("never")])
    assert len(model.requests) == 2
    assert traj.finish_type is FinishType.GIVE_UP and traj.final_answer is None


def test_react_depth_limit_counts_nodes() -> None:
    thought_and_call = Message(role="assistant", content="Let me look.", tool_call=call("alpha"))
    traj, model, env = solve(ChainOfThought(1), [thought_and_call] * 5, max_depth=6)
    # thought + action + input = 3 nodes per step, so depth 6 allows exactly two steps.
    assert len(model.requests) == 2 and len(env.calls) == 2
    last = traj.node(traj.chosen_path[-1])
    assert last.pruned and last.depth == 6 and traj.finish_type is FinishType.NONE
    kinds = [traj.node(i).kind for i in traj.chosen_path[:3]]
    assert kinds == [NodeKind.THOUGHT, NodeKind.ACTION, NodeKind.ACTION_INPUT]


def test_a_plain_text_turn_is_a_thought_and_the_chain_goes_on() -> None:
    traj, model, _ = solve(ChainOfThought(1), ["I should call alpha.", call("alpha"), answer("a")])
    assert model.requests[1][0][-1] == Message(role="assistant", content="I should call alpha.")
    assert traj.final_answer == "a"


def test_parse_errors_become_observations() -> None:
    from harness.models.base import PARSE_ERROR, ModelOutput

    broken = ModelOutput(message=Message(role="assistant", content="Action: ???"), extra={PARSE_ERROR: "no Action"})
    traj, model, env = solve(ChainOfThought(1), [broken, answer("fine")])
    inputs = [n for n in traj.nodes if n.kind is NodeKind.ACTION_INPUT]
    assert inputs[0].observation_code == 2 and "could not be read" in (inputs[0].observation or "")
    assert len(env.calls) == 1  # only the Finish reached the environment
    assert model.requests[1][0][-1].role == "tool"


def test_registry_parses_names_and_arguments() -> None:
    strategy, limits = load_strategy("dfsdt", {"width": "3", "max_calls": "100"})
    assert strategy.method == "DFS_woFilter_w3" and limits.max_calls == 100 and limits.max_depth == 12
    strategy, _ = load_strategy("CoT@5", {})
    assert strategy.method == "CoT@5"
    assert load_strategy("react", {})[0].method == "CoT@1"
    with pytest.raises(StrategyError, match="unknown strategy 'bfs'"):
        load_strategy("bfs", {})
    with pytest.raises(StrategyError, match="takes no argument 'width'"):
        load_strategy("react", {"width": "2"})
    with pytest.raises(StrategyError, match="max_calls"):
        load_strategy("dfsdt", {"max_calls": "zero"})


class _TextBackend:
    """A text-completion backend that replays replies, each costing 100 prompt and 7 completion tokens."""

    def __init__(self, replies: list[str]) -> None:
        self.replies = replies

    async def complete(self, prompt: str, config: object, stop: list[str]) -> object:
        from harness.models.text_adapter import Completion

        return Completion(text=self.replies.pop(0), prompt_tokens=100, completion_tokens=7)


@pytest.mark.parametrize(
    "unreadable",
    [
        'Thought: big\nAction: alpha_for_kit\nAction Input: {"n": ' + "9" * 5000 + "}",  # past the digit limit
        "Action: alpha_for_kit\nAction Input: " + "[" * 100_000,  # nested past the recursion limit
        "Action:\nAction Input: {}",  # names no function
    ],
    ids=["huge-integer", "deep-nesting", "no-function"],
)
def test_a_reply_that_cannot_be_read_still_counts_its_tokens(unreadable: str) -> None:
    from harness.models.formats import get_format
    from harness.models.text_adapter import TextFormatAdapter

    finish = 'Action: Finish\nAction Input: {"return_type": "give_answer", "final_answer": "done"}'
    model = TextFormatAdapter(_TextBackend([unreadable, finish]), get_format("toolllama"), "text")  # type: ignore[arg-type]
    agent = Agent(model=model, env=CannedEnv(APIS))
    traj = asyncio.run(ChainOfThought(1).solve(query_with_apis(*APIS), agent))
    assert not traj.errors  # no step was taken for a failed model call
    assert traj.llm_calls == 2
    assert (traj.prompt_tokens, traj.completion_tokens) == (200, 14)
    assert traj.final_answer == "done"
