"""The baseline under a tree search: it reads a diversity note in any wording, never repeats a call
the note lists, and gives up when its observations show it is stuck, so a search's next sibling
tries the next candidate."""

from __future__ import annotations

import json
from pathlib import Path

from harness.models.base import GenerateConfig
from harness.models.baseline.agent import BaselineAgent
from harness.models.baseline.note import call_key, read_note
from harness.strategies.prompts import diversity_message
from harness.toolbench.functions import build_functions
from harness.toolbench.tools import read_tool_file
from harness.types.messages import Message, ToolCall
from harness.types.query import AgentQuery, Query

CATALOG = Path(__file__).resolve().parents[2] / "tasks" / "toolenv" / "tools"
OFFERED = {"search_cities_for_citydata", "city_details_for_citydata"}


def test_our_note_pairs_each_call_with_its_arguments() -> None:
    text = diversity_message(
        [{"name": "search_cities_for_citydata", "arguments": '{"name": "Hamburg"}', "observation": '{"id": 1}'}],
        "{}",
    )
    noted = read_note(text, OFFERED)
    assert noted.pairs == {call_key("search_cities_for_citydata", {"name": "Hamburg"})}
    assert noted.covers("search_cities_for_citydata", {"name": "Hamburg"})
    assert not noted.covers("search_cities_for_citydata", {"name": "Bremen"})


def test_other_wordings_and_layouts_are_read() -> None:
    # Different prose, other key names, arguments as an object rather than a string.
    other = (
        'Previous tries from here (all failed): [{"function": "city_details_for_citydata", '
        '"args": {"city_id": "CY1"}, "results": "none"}] Do something else.'
    )
    assert read_note(other, OFFERED).covers("city_details_for_citydata", {"city_id": "CY1"})
    # Names and arguments listed apart: the arguments count against every function named.
    apart = 'You called city_details_for_citydata before, with {"city_id": "CY2"}.'
    noted = read_note(apart, OFFERED)
    assert noted.names == {"city_details_for_citydata"}
    assert noted.covers("city_details_for_citydata", {"city_id": "CY2"})
    # Broken JSON and unknown names are ignored, not errors.
    assert read_note('[{"name": "nope", "arguments": "{"}] {"x"', OFFERED).pairs == set()


def _query(text: str, tool: str) -> tuple[Query, list]:  # type: ignore[type-arg]
    apis = read_tool_file(CATALOG / tool).api_docs()
    return Query(query_id="t", text=text, api_list=apis), build_functions(apis)


def _decide(query: Query, functions: list, messages: list[Message]) -> ToolCall:  # type: ignore[type-arg]
    reply = BaselineAgent().decide(messages, functions, GenerateConfig(query=AgentQuery.of(query)))
    assert reply.tool_call is not None
    return reply.tool_call


def test_a_sibling_tries_the_next_candidate_instead_of_the_noted_call() -> None:
    query, functions = _query("Which station do trains use in Bern, and in Basel?", "Transportation/railplanner.json")
    opening = [Message(role="user", content=query.text)]
    first = _decide(query, functions, opening)
    note = Message(
        role="user",
        content=diversity_message([{"name": first.name, "arguments": first.arguments, "observation": "error"}], None),
    )
    second = _decide(query, functions, [*opening, note])
    assert second.name != "Finish"
    assert (second.name, json.loads(second.arguments)) != (first.name, json.loads(first.arguments))
    assert second.name in {f.name for f in functions}


def test_gives_up_when_a_failed_call_leaves_only_guesses_at_the_same_function() -> None:
    query, functions = _query(
        "How much do 4 second-class train tickets from Bern to Geneva cost?", "Transportation/railplanner.json"
    )
    opening = [Message(role="user", content=query.text)]
    first = _decide(query, functions, opening)
    failed = '{"error": "Message error...", "response": {"error": "No station found", "status_code": 404}}'
    history = [*opening, Message(role="assistant", content="", tool_call=first), Message(role="tool", content=failed)]
    reply = _decide(query, functions, history)
    assert reply.name == "Finish"
    assert json.loads(reply.arguments) == {"return_type": "give_up_and_restart"}
