"""Gold comes from executing the reference path; unverifiable paths are refused; gold re-checks."""

from __future__ import annotations

import random

import pytest

from data_builder.gold import IntentPart, ProposedPart, Unverifiable, derive_gold, recheck_gold
from data_builder.inputs import BuildInputs
from data_builder.intent import CallStep
from tests.data_builder.world import CITIES, execute


def _template(world: BuildInputs, name: str) -> IntentPart:
    template = next(t for t in world.templates if t.name == name)
    intent = template.make(random.Random(5), world.world)
    assert intent is not None
    return IntentPart(template.name, 5, intent)


def test_intent_gold_is_read_from_the_responses(world: BuildInputs) -> None:
    part = _template(world, "sky_report.current_weather")
    gold = derive_gold([part], execute)
    city_id = part.intent.steps[1].arguments["city_id"]
    assert gold.facts == [str(CITIES[city_id][2]).removesuffix(".0")]
    assert [s["api_name"] for s in gold.call_path] == ["search_city", "current_weather"]
    assert gold.sources is not None and gold.sources[0].template == "sky_report.current_weather"
    assert recheck_gold(gold, world) == []


def test_two_parts_concatenate_paths_and_facts(world: BuildInputs) -> None:
    parts = [_template(world, "sky_report.current_weather"), _template(world, "film_base.film_year")]
    gold = derive_gold(parts, execute)
    assert len(gold.call_path) == 3 and len(gold.facts) == 2
    assert [s.steps for s in gold.sources or []] == [2, 1]
    assert recheck_gold(gold, world) == []


def test_an_error_response_leaves_no_gold() -> None:
    bad = ProposedPart((CallStep("Weather", "Sky Report", "current_weather", {"city_id": "nowhere"}),), ((0, "city"),))
    with pytest.raises(Unverifiable, match="answered an error"):
        derive_gold([bad], execute)
    crash = ProposedPart((CallStep("Weather", "Sky Report", "current_weather", {"wrong": "x"}),), ((0, "city"),))
    with pytest.raises(Unverifiable, match="failed"):
        derive_gold([crash], execute)


def test_proposed_paths_resolve_references_and_read_fields(world: BuildInputs) -> None:
    steps = (
        CallStep("Weather", "Sky Report", "search_city", {"name": "Oslo"}),
        CallStep("Weather", "Sky Report", "current_weather", {"city_id": "$0.results.0.id"}),
    )
    gold = derive_gold([ProposedPart(steps, ((1, "temperature_c"), (0, "results.0.country")))], execute)
    assert gold.facts == ["4", "norway"]
    assert gold.call_path[1]["arguments"] == {"city_id": "c2"}  # recorded concrete, not as a reference
    assert recheck_gold(gold, world) == []
    for fields in (((1, "humidity"),), ((0, "results"),), ((5, "city"),)):
        with pytest.raises(Unverifiable):
            derive_gold([ProposedPart(steps, fields)], execute)


def test_recheck_catches_a_gold_that_no_longer_holds(world: BuildInputs) -> None:
    gold = derive_gold([_template(world, "coin_rates.convert")], execute)
    tampered = gold.model_copy(update={"facts": ["999999"]})
    assert any("facts differ" in p for p in recheck_gold(tampered, world))
    moved = gold.model_copy(deep=True)
    moved.call_path[0]["arguments"] = {**moved.call_path[0]["arguments"], "amount": 1}  # type: ignore[dict-item]
    assert any("no longer makes the recorded path" in p for p in recheck_gold(moved, world))
