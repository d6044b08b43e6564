"""The text-to-tool-call parser: never raises, reads well-formed steps back exactly, and tolerates
what models actually write."""

from __future__ import annotations

import json
import os
import string
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.models.formats import read_reply
from harness.models.formats.react import parse_arguments, parse_react, render_react

# PARSER_EXAMPLES=5000 for a deeper search than the default run.
FAST = settings(
    max_examples=int(os.environ.get("PARSER_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

names = st.text(alphabet=string.ascii_letters + string.digits + "_", min_size=1, max_size=40).filter(
    lambda s: s[0].isalpha()
)
# Thoughts are free text that does not itself contain the format's markers or turn tags.
thoughts = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="{}`*") | st.just("\n"),
    max_size=120,
).filter(
    lambda s: (
        not any(
            marker in s.lower()
            for marker in (
                "action",
                "thought",
                "observation",
                "function",
                "user",
                "system",
                "assistant",
                "human",
                "###",
            )
        )
        and "<|" not in s
        and "</s>" not in s
    )
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
arguments = st.dictionaries(st.text(max_size=12), json_values, max_size=4)


@FAST
@given(st.text(max_size=400))
def test_never_raises_on_any_text(text: str) -> None:
    parsed = parse_react(text)
    message, extra = read_reply(text)
    assert message.role == "assistant"
    assert (message.tool_call is None) == (parsed.tool_call is None) == ("parse_error" in extra)


@FAST
@given(
    st.lists(
        st.sampled_from(
            ["Thought:", "Action:", "Action Input:", "{", "}", '"', "'", "\n", "```", "</s>", "x", ",", " "]
        ),
        max_size=60,
    )
)
def test_never_raises_on_marker_soup(pieces: list[str]) -> None:
    parse_react("".join(pieces))
    parse_arguments("".join(pieces))


@FAST
@given(thoughts, names, arguments, st.sampled_from([None, 2]))
def test_well_formed_steps_round_trip(thought: str, name: str, args: dict[str, Any], indent: int | None) -> None:
    raw = json.dumps(args, indent=indent, ensure_ascii=False)
    parsed = parse_react(render_react(thought, name, raw))
    assert parsed.tool_call is not None
    assert parsed.thought == thought.strip()
    assert parsed.tool_call.name == name
    assert parsed.tool_call.arguments == raw  # valid JSON is kept exactly as written
    assert json.loads(parsed.tool_call.arguments) == args


@FAST
@given(thoughts, names, arguments)
def test_round_trip_survives_toolllama_decoration(thought: str, name: str, args: dict[str, Any]) -> None:
    raw = json.dumps(args)
    text = "\n" + render_react(thought, name, raw) + "</s>\nFunction: {}\nAssistant: more"
    parsed = parse_react(text)
    assert parsed.tool_call is not None and parsed.tool_call.name == name
    assert json.loads(parsed.tool_call.arguments) == args


@pytest.mark.parametrize(
    ("text", "name", "args"),
    [
        # no Thought at all
        ('Action: get_weather\nAction Input: {"city": "Paris"}', "get_weather", {"city": "Paris"}),
        # code fence around the input, chatter after it
        (
            'Thought: go\nAction: get_weather\nAction Input: ```json\n{"city": "Oslo"}\n```\nDone!',
            "get_weather",
            {"city": "Oslo"},
        ),
        # single quotes and Python literals
        ("Action: f\nAction Input: {'a': 'b', 'ok': True, 'none': None}", "f", {"a": "b", "ok": True, "none": None}),
        # a trailing comma
        ('Action: f\nAction Input: {"a": 1, "b": [1, 2,],}', "f", {"a": 1, "b": [1, 2]}),
        # a cut-off object
        ('Action: f\nAction Input: {"q": "iPhone 14", "page": {"n": 1', "f", {"q": "iPhone 14", "page": {"n": 1}}),
        # raw newlines inside a string (common in Finish answers)
        (
            'Action: Finish\nAction Input: {"return_type": "give_answer", "final_answer": "a\nb"}',
            "Finish",
            {"return_type": "give_answer", "final_answer": "a\nb"},
        ),
        # a made-up observation after the call
        ('Thought: t\nAction: f\nAction Input: {"x": 1}\nObservation: {"y": 2}', "f", {"x": 1}),
        # markdown bold markers and a namespace prefix
        (
            '**Thought:** hm\n**Action:** functions.search_for_books\n**Action Input:** {"t": "Dune"}',
            "search_for_books",
            {"t": "Dune"},
        ),
        # call syntax on the Action line
        ('Action: lookup_for_city({"name": "Rome"})', "lookup_for_city", {"name": "Rome"}),
        # empty input means no arguments
        ("Thought: list them\nAction: list_all_for_x\nAction Input:", "list_all_for_x", {}),
        # a chat-template JSON call (Hermes / Qwen style)
        (
            '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Rome"}}\n</tool_call>',
            "get_weather",
            {"city": "Rome"},
        ),
    ],
)
def test_tolerated_deviations(text: str, name: str, args: dict[str, Any]) -> None:
    parsed = parse_react(text)
    assert parsed.tool_call is not None, parsed.problem
    assert parsed.tool_call.name == name
    assert json.loads(parsed.tool_call.arguments) == args


def test_thought_is_kept_without_its_marker() -> None:
    parsed = parse_react("Thought: I need the weather first.\nAction: w\nAction Input: {}")
    assert parsed.thought == "I need the weather first."
    assert parse_react("I will just call it.\nAction: w\nAction Input: {}").thought == "I will just call it."


def test_arguments_that_are_not_json_stay_raw() -> None:
    parsed = parse_react("Action: f\nAction Input: Paris, France\nmore text")
    assert parsed.tool_call is not None and parsed.tool_call.arguments == "Paris, France"
    assert parsed.tool_call.parsed_arguments() is None  # the environment answers code 2, as ToolBench does
    broken = parse_react('Action: f\nAction Input: {"a": undefined_thing}')
    assert broken.tool_call is not None and broken.tool_call.arguments == '{"a": undefined_thing}'


def test_text_without_action_becomes_content() -> None:
    message, extra = read_reply("Thought: The answer is 42, no tools needed.")
    assert message.tool_call is None
    assert message.content == "The answer is 42, no tools needed."
    assert extra["parse_error"] == "no 'Action:' in the reply"
    message, extra = read_reply("Action:   \nAction Input: {}")
    assert message.tool_call is None and "names no function" in extra["parse_error"]
    # A JSON object that merely has a "name" is an answer, not a call.
    message, _ = read_reply('The person is {"name": "Ada", "born": 1815}.')
    assert message.tool_call is None


# Hostile pieces: integers past Python's 4,300-digit limit, nesting deeper than the recursion
# limit, NUL, lone surrogates, and megabyte runs of braces, quotes and blank lines.
HUGE_INT = "9" * 5000
hostile = st.sampled_from(
    [
        HUGE_INT,
        "-" + HUGE_INT + ".5e1",
        "[" * 100_000,
        '{"a": ' * 20_000,
        "{" * 200_000,
        "}" * 1000,
        "{}" * 100_000,
        '"' * 1000,
        "'",
        "\\",
        "\x00",
        "\ud800",
        "\udfff",
        "\n" * 200_000,
        " " * 200_000,
        "Infinity",
        "NaN",
        "1e999",
    ]
)
hostile_replies = st.lists(
    hostile
    | st.sampled_from(["Thought: t\n", "Action: f\n", "Action Input: ", "{", "}", '"', ",", ":", "\n", "</s>"])
    | st.sampled_from(['{"name": "f", "arguments": ', '{"a": ', "'a': ", "<tool_call>", "```json\n", "\nUser:"])
    | st.text(max_size=20),
    max_size=12,
).map("".join)
HOSTILE = settings(max_examples=int(os.environ.get("PARSER_EXAMPLES", "60")), deadline=None, database=None)


@HOSTILE
@given(hostile_replies)
def test_hostile_replies_never_raise(text: str) -> None:
    parsed = parse_react(text)
    message, extra = read_reply(text)
    assert (message.tool_call is None) == (parsed.tool_call is None) == ("parse_error" in extra)
    if parsed.tool_call is not None:
        assert isinstance(parsed.tool_call.arguments, str)
        parsed.tool_call.parsed_arguments()  # what the tool environment does next must not raise either
    parse_arguments(text)


def test_a_huge_integer_in_the_action_input_is_kept_raw_for_the_environment_to_refuse() -> None:
    text = 'Thought: big\nAction: f\nAction Input: {"n": ' + HUGE_INT + "}"
    parsed = parse_react(text)
    assert parsed.tool_call is not None and parsed.tool_call.name == "f"
    assert parsed.tool_call.arguments == '{"n": ' + HUGE_INT + "}"
    assert parsed.tool_call.parsed_arguments() is None  # not an object Python can read: code 2 follows
    json_call = parse_react('<tool_call>{"name": "f", "arguments": {"n": ' + HUGE_INT + "}}</tool_call>")
    assert json_call.tool_call is None  # unreadable, so not taken for a call
    assert parse_react("Action: f\nAction Input: {'n': " + HUGE_INT + "}").tool_call is not None


LARGE = 1_000_000
LARGE_REPLIES = {
    "open braces": "{" * LARGE,
    "brace pairs": "{}" * (LARGE // 2),
    "Action Input of open braces": "Action: f\nAction Input: " + "{" * LARGE,
    "cut-off Action Input": 'Action: f\nAction Input: {"a": [' + '"x", ' * (LARGE // 5),
    "blank lines": "\n" * LARGE,
    "blank lines after a tag": "User" + "\n" * LARGE,
    "a JSON call after prose": "word " * (LARGE // 5) + '{"name": "f", "arguments": {}}',
}


@pytest.mark.parametrize("name", list(LARGE_REPLIES))
def test_a_megabyte_reply_is_read_in_linear_time(name: str) -> None:
    # Generous bound (~30 ms is typical): the old parser took seconds on braces and hours on blank lines.
    text = LARGE_REPLIES[name]
    began = time.process_time()
    parse_react(text)
    assert time.process_time() - began < 1.0


def test_a_broken_object_too_large_to_walk_is_kept_raw() -> None:
    # Repairs walk at most a bounded number of braces and strings; past that the text stays raw.
    broken = "{'a': [" + "{'b': 1}, " * 20_000 + "]"
    parsed = parse_react("Action: f\nAction Input: " + broken)
    assert parsed.tool_call is not None and parsed.tool_call.arguments == broken
    small = "{'a': [" + "{'b': 1}, " * 10 + "]"
    repaired = parse_react("Action: f\nAction Input: " + small).tool_call
    assert repaired is not None and json.loads(repaired.arguments) == {"a": [{"b": 1}] * 10}


def test_read_reply_turns_a_parser_failure_into_a_parse_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever goes wrong while reading, the reply is returned (and its tokens counted), not raised.
    def broken(text: str) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("harness.models.formats.base.parse_react", broken)
    message, extra = read_reply("Action: f\nAction Input: {}")
    assert message.tool_call is None and message.content == "Action: f\nAction Input: {}"
    assert "RecursionError" in extra["parse_error"]
