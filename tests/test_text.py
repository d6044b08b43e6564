"""Fact normalisation: the builder and the rule judge must agree on it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.util.text import fact_text, mentions_fact, normalize_fact


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("São Paulo", "sao paulo"),
        ("1,234.50 USD", "1234.5 usd"),
        ("-3.0°C", "-3 c"),
        ("12.05", "12.05"),
        ("2024-05-01", "2024 05 01"),
        ("rock_and_roll", "rock and roll"),
        ("  Hotel   Lima\tCentral ", "hotel lima central"),
        ("3, 4", "3 4"),
    ],
)
def test_normal_forms(raw: str, normal: str) -> None:
    assert normalize_fact(raw) == normal


@given(st.text())
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalize_fact(text)
    assert normalize_fact(once) == once


def test_a_fact_is_found_as_whole_words_only() -> None:
    answer = "The flight FX505 leaves at 10:30; the fare is 1,200.00 EUR and it's -3°C in Oslo."
    for fact in ("fx505", "1200", "-3", "10:30", "Oslo", "1200 eur"):
        assert mentions_fact(answer, fact), fact
    for fact in ("12", "fx50", "3000", "", "Bergen"):
        assert not mentions_fact(answer, fact), fact


def test_fact_text_of_response_values() -> None:
    assert [fact_text(v) for v in (True, 3.0, 2.456, 17, "Lima")] == ["yes", "3", "2.46", "17", "Lima"]
