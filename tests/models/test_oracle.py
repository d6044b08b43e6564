"""The oracle on the committed sandbox suite: it replays gold paths through the real local tools
and answers with exactly the gold facts the responses contain."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from harness.envs.factory import EnvConfig, build_env
from harness.models.base import GenerateConfig
from harness.models.oracle import OracleAgent, gold_call
from harness.models.registry import load_model
from harness.strategies.base import Agent, EpisodeLimits
from harness.strategies.react import ChainOfThought
from harness.toolbench.functions import build_functions
from harness.toolbench.queries import read_query_file
from harness.types.messages import Message
from harness.types.query import AgentQuery, Gold, Query, gold_book
from harness.types.trajectory import FinishType
from harness.util.text import mentions_fact

REPO = Path(__file__).resolve().parents[2]
SUITE = REPO / "tasks" / "sandbox" / "test_instruction"
CATALOG = REPO / "tasks" / "toolenv" / "tools"


def sandbox(group: str, count: int) -> list[Query]:
    path = SUITE / f"{group}.json"
    if not path.is_file():
        pytest.skip(f"the sandbox suite is not built at {path}")
    return read_query_file(path, group=group)[:count]


@pytest.mark.parametrize("group", ["G1_instruction", "G3_instruction"])
def test_oracle_passes_on_the_world_it_checks(group: str) -> None:
    env = build_env(EnvConfig(catalog=CATALOG))
    queries = sandbox(group, 8)
    model = load_model("oracle", {}, gold=gold_book(queries))

    async def solve_all() -> list[tuple[Query, str, FinishType]]:
        out = []
        for query in queries:
            agent = Agent(model=model, env=env, config=GenerateConfig(), limits=EpisodeLimits(max_depth=30))
            trajectory = await ChainOfThought(1).solve(query, agent)
            out.append((query, trajectory.final_answer or "", trajectory.finish_type))
        return out

    for query, answer, finish in asyncio.run(solve_all()):
        assert query.gold is not None
        assert finish == FinishType.GIVE_ANSWER, query.text
        assert all(mentions_fact(answer, fact) for fact in query.gold.facts), (query.text, answer)


def test_gold_steps_become_toolbench_calls() -> None:
    call = gold_call(
        {"category": "Jokes", "tool_name": "Manatee Jokes", "api_name": "Get by id", "arguments": {"id": "7"}}
    )
    assert call.name == "get_by_id_for_manatee_jokes"
    assert json.loads(call.arguments) == {"is_id": "7"}  # ToolBench renames the reserved parameter


def test_facts_no_response_states_are_stated_but_listed_as_unconfirmed() -> None:
    step = {"category": "Tools", "tool_name": "Date Calculator", "api_name": "Day of Week", "arguments": {"x": 1}}
    query = Query(query_id="q", text="t", gold=Gold(facts=["wednesday", "1 0"], call_path=[step]))
    called = gold_call(step)
    history = [
        Message(role="user", content="t"),
        Message(role="assistant", content="", tool_call=called),
        Message(role="tool", name=called.name, content='{"error": "", "response": {"weekday": "Wednesday"}}'),
    ]
    output = asyncio.run(
        OracleAgent(gold_book([query])).generate(history, [], GenerateConfig(query=AgentQuery.of(query)))
    )
    reply = output.message
    assert reply.tool_call is not None and reply.tool_call.name == "Finish"
    assert json.loads(reply.tool_call.arguments) == {"return_type": "give_answer", "final_answer": "wednesday; 1 0"}
    assert output.extra["unconfirmed_facts"] == ["1 0"]


def test_a_failing_gold_call_makes_it_give_up() -> None:
    step = {"category": "Tools", "tool_name": "Date Calculator", "api_name": "Day of Week", "arguments": {"x": 1}}
    query = Query(query_id="q", text="t", gold=Gold(facts=["wednesday"], call_path=[step]))
    called = gold_call(step)
    history = [
        Message(role="assistant", content="", tool_call=called),
        Message(role="tool", name=called.name, content='{"error": "API not working error...", "response": ""}'),
    ]
    reply, _ = OracleAgent(gold_book([query])).decide(history, GenerateConfig(query=AgentQuery.of(query)))
    assert reply.tool_call is not None
    assert json.loads(reply.tool_call.arguments) == {"return_type": "give_up_and_restart"}


def test_escaped_responses_are_read_as_text() -> None:
    step = {"category": "Travel", "tool_name": "Phrasebook", "api_name": "List Phrases", "arguments": {}}
    query = Query(query_id="q", text="t", gold=Gold(facts=["buenos dias", "2.5"], call_path=[step]))
    called = gold_call(step)
    raw = json.dumps({"error": "", "response": {"phrases": ["Buenos d\u00edas"], "rate": 2.4999}})
    assert "\\u00ed" in raw
    history = [
        Message(role="assistant", content="", tool_call=called),
        Message(role="tool", name=called.name, content=raw),
    ]
    reply, unconfirmed = OracleAgent(gold_book([query])).decide(history, GenerateConfig(query=AgentQuery.of(query)))
    assert reply.tool_call is not None
    assert json.loads(reply.tool_call.arguments)["final_answer"] == "buenos dias; 2.5"
    assert unconfirmed == []  # the escaped and the long decimal are both read


def test_without_gold_it_gives_up() -> None:
    functions = build_functions([])
    config = GenerateConfig(query=AgentQuery(query_id="q", text="t"))
    reply = asyncio.run(OracleAgent({}).generate([], functions, config))
    assert reply.message.tool_call is not None
    assert json.loads(reply.message.tool_call.arguments) == {"return_type": "give_up_and_restart"}
