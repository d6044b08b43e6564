"""ToolBench's naming rules."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.toolbench.naming import function_name, parameter_name, standardize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Get Weather", "get_weather"),
        ("3D Models", "get_3d_models"),  # leading digit
        ("123", "get_123"),
        ("天气 查询", "天气_查询"),  # CJK kept
        ("Café Menu", "caf_menu"),  # other letters are not kept
        ("a -- b!!c", "a_b_c"),  # punctuation runs collapse to one underscore
        ("__Leading and trailing__", "leading_and_trailing"),
        ("Kick.com API | Kick API", "kick_com_api_kick_api"),
        ("a^b", "a^b"),  # ToolBench's character class keeps a literal caret
        ("!!!", ""),
        ("", ""),
    ],
)
def test_standardize(raw: str, expected: str) -> None:
    assert standardize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("id", "is_id"),
        ("ID", "is_id"),
        ("from", "is_from"),
        ("class", "is_class"),
        ("and", "is_and"),
        ("True", "is_true"),
        ("return", "is_return"),
        ("false", "is_false"),
        ("identity", "identity"),
        ("user id", "user_id"),
    ],
)
def test_reserved_words_are_renamed_after_standardizing(raw: str, expected: str) -> None:
    assert parameter_name(raw) == expected


def test_function_name_joins_api_and_tool() -> None:
    assert function_name("Get Channel Links", "kick_com_api_kick_api") == "get_channel_links_for_kick_com_api_kick_api"
    assert function_name("ID", "users") == "is_id_for_users"


def test_function_name_over_64_characters_keeps_the_end() -> None:
    tool = "a_really_long_standardized_tool_name_that_goes_on"
    name = function_name("Retrieve The Complete List Of Everything", tool)
    full = "retrieve_the_complete_list_of_everything_for_" + tool
    assert len(full) > 64
    assert name == full[-64:]
    assert len(name) == 64
    assert name.endswith("_for_" + tool)


_ALLOWED = re.compile("^[\u4e00-\u9fa5^a-z0-9_]*$")


# "İ" lowercases to two code points, one outside the allowed set; ToolBench lowercases last, so
# its output (and ours) keeps that combining dot. Every other character obeys the properties below.
@given(st.text(alphabet=st.characters(exclude_characters="\u0130"), max_size=40))
def test_standardize_output_is_clean_and_idempotent(raw: str) -> None:
    out = standardize(raw)
    assert _ALLOWED.match(out), out
    assert "__" not in out
    assert not out.startswith("_") and not out.endswith("_")
    assert not out[:1].isdigit()
    assert standardize(out) == out
