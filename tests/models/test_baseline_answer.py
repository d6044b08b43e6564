"""The baseline's final answer states what each request asks for, beside what it is, and passes the
rule judge's grounding checks (no dump, no rival value, weak facts bound) where a paste of the
responses fails them. The worlds here are written for these tests (no suite data)."""

from __future__ import annotations

import json
from typing import Any

from harness.eval.grounding import check_grounding
from harness.models.baseline.answer import Served, compose
from harness.types.query import Gold, GoldPart

RESTAURANTS = {
    "city": "Seattle",
    "country": "United States",
    "restaurants": [
        {"restaurant_id": "R1", "name": "Golden Lotus Spanish Kitchen", "cuisine": "Spanish", "rating": 4.8},
        {"restaurant_id": "R2", "name": "Casa Verde Spanish Kitchen", "cuisine": "Spanish", "rating": 4.1},
        {"restaurant_id": "R3", "name": "Golden Lotus French Kitchen", "cuisine": "French", "rating": 4.9},
    ],
}
EMERGENCY = {"country": "Morocco", "calling_code": "+212", "ambulance": "119", "fire": "150", "police": "190"}


def _raw(data: Any) -> str:
    return json.dumps({"error": "", "response": data})


def test_the_best_of_the_named_records_and_nothing_else() -> None:
    question = "Find the best-rated Spanish restaurant in Seattle."
    answer = compose([Served("search_restaurants", {"city": "Seattle"}, RESTAURANTS)], [question])
    assert "Golden Lotus Spanish Kitchen" in answer and "4.8" in answer
    # Neither the other Spanish place nor the better-rated French one, nor any id.
    assert "Casa Verde" not in answer and "French" not in answer and "R1" not in answer
    gold = Gold(facts=["golden lotus spanish kitchen"], parts=[GoldPart(facts=["golden lotus spanish kitchen"])])
    assert check_grounding(answer, gold, question, [_raw(RESTAURANTS)]).problems == []


def test_a_weak_fact_binds_to_its_field_and_not_to_the_one_before() -> None:
    question = "What number do I call for an ambulance in Morocco?"
    answer = compose([Served("emergency_numbers", {"country": "Morocco"}, EMERGENCY)], [question])
    assert "119" in answer and "190" not in answer and "150" not in answer
    gold = Gold(facts=["119"], parts=[GoldPart(facts=["119"], context=["ambulance"])])
    findings = check_grounding(answer, gold, question, [_raw(EMERGENCY)])
    assert findings.problems == [], findings.problems


def test_the_old_paste_is_judged_a_dump_and_the_answer_is_not() -> None:
    question = "What language is 'Quanto custa?'"
    data = {"language": "pt", "name": "Portuguese", "confidence": 0.67, "alternatives": ["es", "gl"]}
    gold = Gold(facts=["portuguese"], parts=[GoldPart(facts=["portuguese"])])
    paste = "Here is what the tools returned. language: pt; name: Portuguese; confidence: 0.67; alternatives: es | gl"
    assert any("dump" in p for p in check_grounding(paste, gold, question, [_raw(data)]).problems)
    answer = compose([Served("detect_language", {"text": "Quanto custa?"}, data)], [question])
    assert "Portuguese" in answer and "0.67" not in answer
    assert check_grounding(answer, gold, question, [_raw(data)]).problems == []


def test_each_request_gets_its_own_values_and_echoes_are_left_out() -> None:
    requests = ["Which weekday falls on 2046-12-03?", "Separately: what date is 30 days after 2025-11-10?"]
    results = [
        Served("day_of_week", {"date": "2046-12-03"}, {"date": "2046-12-03", "weekday": "Monday"}),
        Served(
            "add_days", {"date": "2025-11-10", "days": 30}, {"date": "2025-11-10", "days": 30, "result": "2025-12-10"}
        ),
    ]
    answer = compose(results, requests)
    assert "weekday: Monday" in answer and "result: 2025-12-10" in answer
    assert "days: 30" not in answer  # the call's own argument repeated says nothing


def test_long_lists_name_their_field_again() -> None:
    data = {"level": 2, "countries": ["Argentina", "Australia", "China", "Switzerland", "Vietnam"]}
    question = "List all countries with advisory level 2."
    answer = compose([Served("countries_by_level", {"level": 2}, data)], [question])
    # Every member within three words of "countries", as the judge binds list members.
    assert "countries: Argentina, Australia, China, countries: Switzerland, Vietnam" in answer
    parts = [GoldPart(facts=[c.lower()], context=["countries"]) for c in data["countries"]]  # type: ignore[union-attr]
    gold = Gold(facts=[p.facts[0] for p in parts], parts=parts)
    assert check_grounding(answer, gold, question, [_raw(data)]).problems == []


def test_nothing_asked_found_is_no_answer() -> None:
    # The responses hold only paging and an unrelated list: the agent gives up rather than paste them.
    data = {"total": 0, "page": 1, "limit": 10, "jobs": []}
    answer = compose([Served("search_jobs", {"title": "Accountant"}, data)], ["What do Accountant jobs pay?"])
    assert answer == ""
