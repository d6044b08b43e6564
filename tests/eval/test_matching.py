"""Fact matching for the rule judge: edge cases, and properties over many generated values."""

from __future__ import annotations

import string
from datetime import date, timedelta
from urllib.parse import quote

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from harness.eval.matching import MatchOptions, missing_facts, states_fact
from harness.util.text import fact_text, normalize_fact


@pytest.mark.parametrize(
    ("answer", "fact", "stated"),
    [
        ("There are 100 rooms.", "10", False),
        ("There are 10 rooms.", "100", False),
        ("Room 10.", "10", True),
        ("It costs $3.50.", "3.5", True),
        ("It costs 3.5 dollars.", "3.50", True),
        ("It costs 3.51 dollars.", "3.5", False),
        ("Rounded: 12.4", "12.35", True),
        ("Rounded away: 21", "21.37", False),
        ("About 1.23 million people", "1234567", True),
        ("About 1 million people", "1234567", False),
        ("Revenue was $12.4 billion.", "12.4", True),
        ("Revenue was 12,400,000,000 USD.", "12.4 billion", True),
        ("1,234,567 visitors", "1234567", True),
        ("It is -3 °C", "-3", True),
        ("It is 3 °C", "-3", False),
        ("It is −3 °C", "-3 c", True),
        ("21.4 degrees Celsius and partly cloudy", "21.4 c", True),
        ("Temperature 21.4°F", "21.4 c", False),
        ("Growth of 3.2% this year", "3.2 percent", True),
        ("Distance: 15 kilometres", "15 km", True),
        ("Distance: 15 miles", "15 km", False),
        ("Top speed 60 miles per hour", "60 mph", True),
        ("We meet in São Paulo!", "sao paulo", True),
        ("Partly-Cloudy skies", "partly cloudy", True),
        ("Partly sunny, then cloudy", "partly cloudy", False),
        ("Due on May 3rd, 2024.", "2024 05 03", True),
        ("Due on 3 May 2024.", "2024-05-03", True),
        ("Due on 2024/05/03.", "2024 05 03", True),
        ("Due on 05/03/2024.", "2024 05 03", True),
        ("Due on May 4, 2024.", "2024 05 03", False),
        ("Due on May 3, 2023.", "2024 05 03", False),
        ("Opens 8:00 AM to 10 PM", "08 00 22 00", True),
        ("Opens 8:00 to 21:00", "08 00 22 00", False),
        ("The call is at 2:30 p.m.", "14 30", True),
        ("Filed on 2024-05-03T14:00:00Z", "2024 05 03", True),
        ("model mp3 costs 3", "3", True),
        ("model mp3 costs 4", "3", False),
        ("the 10th floor", "10", True),
        ("", "anything", False),
    ],
)
def test_edge_cases(answer: str, fact: str, stated: bool) -> None:
    assert states_fact(answer, fact) is stated


def test_missing_facts_keeps_order_and_names_each() -> None:
    answer = "Paris is sunny with 21 c today."
    assert missing_facts(answer, ["paris", "18", "sunny", "humid"]) == ["18", "humid"]
    assert missing_facts(answer, ["paris", "21", "sunny"]) == []


def test_tolerances_loosen_only_what_they_say() -> None:
    assert not states_fact("about 101", "100")
    assert states_fact("about 101", "100", MatchOptions(abs_tol=1))
    assert states_fact("about 101", "100", MatchOptions(rel_tol=0.01))
    assert not states_fact("about 102", "100", MatchOptions(rel_tol=0.01))


def test_connectors_are_limited() -> None:
    assert states_fact("from 9:00 until 17:00", "09 00 17 00")
    assert not states_fact("new and the of york", "new york")  # three connecting words is too many


@given(st.integers(min_value=1, max_value=10**7), st.integers(min_value=0, max_value=9))
def test_an_integer_never_matches_a_longer_one(value: int, extra_digit: int) -> None:
    longer = value * 10 + extra_digit
    assert not states_fact(f"The answer is {longer}.", str(value))
    assert not states_fact(f"The answer is {value}.", str(longer))
    assert states_fact(f"The answer is {value}.", str(value))


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=0, max_value=3), st.booleans())
def test_a_number_matches_however_it_is_written(cents: int, extra_zeros: int, dollar: bool) -> None:
    value = cents / 100
    fact = f"{value:.2f}".rstrip("0").rstrip(".")  # how the builder normalises "12.50" -> "12.5"
    written = f"{value:,.{2 + extra_zeros}f}"
    answer = f"It comes to ${written}." if dollar else f"It comes to {written} USD."
    if value < 0:
        answer = answer.replace("$-", "-$")
    assert states_fact(answer, fact)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_a_different_integer_is_never_stated(value: int, offset: int) -> None:
    assert not states_fact(f"I found {value + offset} results.", str(value))


_DATE_FORMATS = ("%B {day}, %Y", "{day} %B %Y", "%Y-%m-%d", "%b. {day}, %Y", "%A, %B {day}{suffix}, %Y", "%m/%d/%Y")


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
    st.sampled_from(_DATE_FORMATS),
    st.booleans(),
)
@settings(max_examples=150)
def test_a_date_matches_in_the_formats_people_write(day: date, template: str, normalised: bool) -> None:
    suffix = "th" if 11 <= day.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10, "th")
    written = day.strftime(template.format(day=day.day, suffix=suffix))
    fact = day.strftime("%Y %m %d") if normalised else day.isoformat()
    assert states_fact(f"It happened on {written}.", fact)
    other = day + timedelta(days=1)
    other_written = other.strftime(f"%B {other.day}, %Y")
    assert not states_fact(f"It happened on {other_written}.", fact)


@given(st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_a_time_matches_in_twelve_and_twenty_four_hour_forms(hour: int, minute: int) -> None:
    fact = f"{hour:02d} {minute:02d}"  # the builder's normalised "HH:MM"
    twelve = f"{(hour % 12) or 12}:{minute:02d} {'PM' if hour >= 12 else 'AM'}"
    assert states_fact(f"It starts at {hour}:{minute:02d}.", fact)
    assert states_fact(f"It starts at {twelve}.", fact)
    assert not states_fact(f"It starts at {(hour + 1) % 24}:{minute:02d}.", fact)


_WORDS = st.lists(st.text(alphabet=string.ascii_letters, min_size=2, max_size=8), min_size=1, max_size=4)


@given(_WORDS, st.lists(st.sampled_from([" ", "  ", ", ", "-", " / ", "!\n"]), min_size=4, max_size=4), st.data())
def test_words_match_whatever_the_case_spacing_and_punctuation(
    words: list[str], separators: list[str], data: st.DataObject
) -> None:
    cased = [data.draw(st.sampled_from([w.upper(), w.lower(), w.capitalize()])) for w in words]
    written = "".join(w + separators[i % len(separators)] for i, w in enumerate(cased)).strip()
    fact = " ".join(w.lower() for w in words)
    assert states_fact(f"Result: {written}", fact)
    assert not states_fact(f"Result: {written}", fact + " zzqx")


_BUILDER_VALUES = st.one_of(
    st.floats(min_value=-1e7, max_value=1e7, allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.booleans(),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 1, 1)).map(date.isoformat),
    st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"{t[0]:02d}:{t[1]:02d}"),
    st.text(alphabet=string.ascii_letters + "çãéü &-'#/.,", min_size=1, max_size=24),
    st.text(alphabet=string.ascii_letters + string.digits + " &/?=", min_size=1, max_size=16).map(quote),
    st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda x: f"{x:,.2f} USD"),
)


@given(_BUILDER_VALUES)
@settings(max_examples=300)
def test_a_builder_fact_is_stated_by_an_answer_quoting_its_value(value: object) -> None:
    """The data builder stores ``normalize_fact(fact_text(value))``; an answer that quotes the value
    as the tool returned it must state that fact."""
    raw = fact_text(value)
    fact = normalize_fact(raw)
    assume(fact)
    assert states_fact(f"Here is what I found: {raw}.", fact)
    assert states_fact(f"{raw}", fact)


def test_builder_facts_of_the_sandbox_kinds() -> None:
    url = "Eggplant%20Orzo%20%26%20wine%20%2F%203%20people"
    assert states_fact(f"Encoded: {url}", normalize_fact(url))
    assert states_fact("It is QmFuZ2tvaw== in base64.", normalize_fact("QmFuZ2tvaw=="))
    assert states_fact("Open from 8 AM until 10 PM.", normalize_fact("08:00-22:00"))
    assert states_fact("Due 2024-05-03T14:00:00Z.", normalize_fact("2024-05-03T14:00:00Z"))
    assert states_fact("5% off", "5 percent") and not states_fact("%20", "20 percent")
