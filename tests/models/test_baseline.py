"""The offline baseline agent: reading values from instructions, choosing calls, chaining lookups
through the bundled catalog's real tools, sampling, and never calling what was not offered."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.envs.factory import EnvConfig, build_env
from harness.models.base import GenerateConfig
from harness.models.baseline.agent import BaselineAgent, split_requests
from harness.models.baseline.apis import Param
from harness.models.baseline.values import instruction_candidates, mentions, options
from harness.models.registry import load_model
from harness.strategies.base import Agent, EpisodeLimits
from harness.strategies.react import ChainOfThought
from harness.toolbench.functions import build_functions
from harness.toolbench.tools import read_tool_file
from harness.types.docs import ApiDoc
from harness.types.messages import Function, Message, ToolCall
from harness.types.query import AgentQuery, Query

CATALOG = Path(__file__).resolve().parents[2] / "tasks" / "toolenv" / "tools"


def tool_apis(relative: str) -> list[ApiDoc]:
    return read_tool_file(CATALOG / relative).api_docs()


def param(name: str, type_: str = "string", description: str = "", example: object = None) -> Param:
    return Param(name, type_, description, example, True)


def test_mentions_find_values_of_each_kind() -> None:
    text = (
        "What's Vera Lindqvist's role in \"Island and Storm\" on 2025-06-18? Mail ana@iclod.com, "
        "check trashbox.io, track AE9887813782, colour #4CE1F9, values 3, 5, 8 and 61 kg."
    )
    found = {(m.text, m.kind) for m in mentions(text)}
    assert {
        ("Vera Lindqvist", "proper"),
        ("Island and Storm", "quoted"),
        ("2025-06-18", "date"),
        ("ana@iclod.com", "email"),
        ("trashbox.io", "domain"),
        ("AE9887813782", "id"),
        ("#4CE1F9", "hex"),
        ("3, 5, 8", "numbers"),
        ("61", "number"),
    } <= found
    assert not any(m.text.startswith("What") for m in mentions(text))


def test_options_are_read_from_descriptions() -> None:
    assert options("Italian, Mexican, Japanese or Thai.") == ["Italian", "Mexican", "Japanese", "Thai"]
    assert options('Equipment such as "Body weight", "Barbell" or "any".') == ["Body weight", "Barbell", "any"]
    assert options("C, F or K.") == ["C", "F", "K"]
    assert options("The text to convert.") == []


def test_arguments_follow_cues_units_and_order() -> None:
    segment = "How many calories does a 20-year-old female, 61 kg, 184 cm need?"
    params = [
        param("weight_kg", "integer"),
        param("height_cm", "integer"),
        param("age", "integer"),
        param("sex", description="male or female."),
    ]
    values = instruction_candidates(params, segment, mentions(segment))
    assert [values[p.name][0] for p in params] == [61, 184, 20, "female"]
    trip = "Driving time from Lagos to Abuja for the Grand Tour?"
    places = instruction_candidates([param("origin"), param("destination")], trip, mentions(trip))
    assert (places["origin"][0], places["destination"][0]) == ("Lagos", "Abuja")
    venue = "Phone number of Chez Fig Indian Kitchen in Seoul?"
    assert instruction_candidates([param("city")], venue, mentions(venue))["city"][0] == "Seoul"


def test_requests_are_split_outside_quotes() -> None:
    parts = [
        r.text for r in split_requests('Quick questions for you. Rate "A. B. C." please. Also, list stores in Rome.')
    ]
    assert parts == ['Rate "A. B. C." please.', "Also, list stores in Rome."]


def _episode(text: str, apis: list[ApiDoc]) -> tuple[Query, list[Function]]:
    query = Query(query_id="t1", text=text, api_list=apis)
    return query, build_functions(apis)


def run_react(model: object, query: Query) -> tuple[list[ToolCall], str]:
    env = build_env(EnvConfig(catalog=CATALOG))
    agent = Agent(model=model, env=env, config=GenerateConfig(), limits=EpisodeLimits())  # type: ignore[arg-type]
    trajectory = asyncio.run(ChainOfThought(1).solve(query, agent))
    calls = []
    for transcript in trajectory.transcripts[-1:]:
        calls = [m.tool_call for m in transcript if m.role == "assistant" and m.tool_call is not None]
    return calls, trajectory.final_answer or ""


def test_lookup_then_details_on_the_bundled_catalog() -> None:
    query, _ = _episode("Give me the coordinates and population of Seville.", tool_apis("Data/citydata.json"))
    calls, answer = run_react(load_model("baseline", {}), query)
    names = [c.name for c in calls]
    assert names == ["search_cities_for_citydata", "city_details_for_citydata", "Finish"]
    assert json.loads(calls[0].arguments) == {"name": "Seville"}
    city_id = json.loads(calls[1].arguments)["city_id"]
    assert city_id.startswith("CY")
    # The answer states what the details call returned (its population among them).
    env = build_env(EnvConfig(catalog=CATALOG))
    details = asyncio.run(env.call(calls[1], query))
    population = json.loads(details.text)["response"]["population"]
    assert f"{population}" in answer and "Seville" in answer


def test_two_requests_are_served_in_order() -> None:
    text = "Which weekday falls on 2046-12-03? Separately: what date is 30 days after 2025-11-10?"
    query, _ = _episode(text, tool_apis("Tools/date_calculator.json"))
    calls, answer = run_react(load_model("baseline", {}), query)
    assert [(c.name, json.loads(c.arguments)) for c in calls[:2]] == [
        ("day_of_week_for_date_calculator", {"date": "2046-12-03"}),
        ("add_days_for_date_calculator", {"date": "2025-11-10", "days": 30}),
    ]
    assert "2025-12-10" in answer


def test_query_text_is_preferred_over_the_prompt() -> None:
    apis = tool_apis("Tools/date_calculator.json")
    query, functions = _episode("Which weekday falls on 2046-12-03?", apis)
    prompt = [Message(role="system", content="tools"), Message(role="user", content="something else on 1999-01-01")]
    agent = BaselineAgent()
    with_query = agent.decide(prompt, functions, GenerateConfig(query=AgentQuery.of(query)))
    without = agent.decide(prompt, functions, GenerateConfig())
    assert with_query.tool_call is not None and json.loads(with_query.tool_call.arguments) == {"date": "2046-12-03"}
    assert without.tool_call is not None and "1999-01-01" in without.tool_call.arguments


def test_sampling_is_seeded_and_explores() -> None:
    apis = [*tool_apis("Data/citydata.json"), *tool_apis("Location/geolocate.json")]
    query, functions = _episode("Where is Hamburg, and what cities are near it?", apis)
    agent = BaselineAgent()
    messages = [Message(role="user", content=query.text)]

    def pick(seed: int) -> str:
        reply = agent.decide(
            messages, functions, GenerateConfig(query=AgentQuery.of(query), temperature=1.0, seed=seed)
        )
        assert reply.tool_call is not None
        return reply.tool_call.name + reply.tool_call.arguments

    assert pick(5) == pick(5)
    assert len({pick(seed) for seed in range(12)}) > 1
    greedy = {
        agent.decide(messages, functions, GenerateConfig(query=AgentQuery.of(query), seed=s)).tool_call.name
        for s in range(5)
    }  # type: ignore[union-attr]
    assert len(greedy) == 1


def test_a_note_about_earlier_attempts_steers_away() -> None:
    apis = [*tool_apis("Data/citydata.json"), *tool_apis("Location/geolocate.json")]
    query, functions = _episode("Where is Hamburg, and what cities are near it?", apis)
    agent = BaselineAgent()
    first = agent.decide(
        [Message(role="user", content=query.text)], functions, GenerateConfig(query=AgentQuery.of(query))
    )
    assert first.tool_call is not None
    note = Message(role="user", content=json.dumps([{"name": first.tool_call.name, "arguments": "{}"}]))
    second = agent.decide(
        [Message(role="user", content=query.text), note], functions, GenerateConfig(query=AgentQuery.of(query))
    )
    assert second.tool_call is not None and second.tool_call.name != first.tool_call.name


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200), st.sets(st.sampled_from(range(7)), min_size=0, max_size=7))
def test_never_calls_a_function_that_was_not_offered(text: str, chosen: set[int]) -> None:
    apis = [*tool_apis("Tools/date_calculator.json"), *tool_apis("Data/citydata.json")]
    offered = [apis[i] for i in sorted(chosen) if i < len(apis)]
    query, functions = _episode(text or "x", offered)
    reply = BaselineAgent().decide(
        [Message(role="user", content=text)], functions, GenerateConfig(query=AgentQuery.of(query))
    )
    assert reply.tool_call is not None
    assert reply.tool_call.name in {f.name for f in functions}


def test_gives_up_when_nothing_can_be_called() -> None:
    query, functions = _episode("Tell me something nice.", tool_apis("Data/citydata.json"))
    reply = BaselineAgent().decide(
        [Message(role="user", content=query.text)], functions, GenerateConfig(query=AgentQuery.of(query))
    )
    assert reply.tool_call is not None and reply.tool_call.name == "Finish"
    assert json.loads(reply.tool_call.arguments) == {"return_type": "give_up_and_restart"}


def test_registry_entry_checks_its_arguments() -> None:
    with pytest.raises(Exception, match="does not take -M model"):
        load_model("baseline", {"model": "x"})
