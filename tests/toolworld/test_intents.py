"""Every intent template instantiates into a request whose reference path works and yields its facts."""

from __future__ import annotations

import json
import random

import pytest

from data_builder.intent import IntentTemplate
from data_builder.intents import all_templates, load_world
from tests.toolworld.helpers import all_apis, catalog, toolbench_status

TEMPLATES = all_templates()
WORLD = load_world()
ID_ARGUMENTS = ("_id", "location_key")


def test_every_api_has_a_template_and_names_are_unique() -> None:
    covered = {(t.tool_name, t.api_name) for t in TEMPLATES}
    assert [a.key for a in all_apis() if a.key not in covered] == []
    assert len({t.name for t in TEMPLATES}) == len(TEMPLATES)


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
def test_template_instantiates_into_an_answerable_intent(template: IntentTemplate) -> None:
    for seed in (0, 1, 2):
        intent = template.make(random.Random(seed), WORLD)
        assert intent is not None
        assert len(set(intent.phrasings)) >= 3
        assert (template.tool_name, template.api_name) in intent.relevant_apis
        assert intent.relevant_apis == tuple(dict.fromkeys((s.tool_name, s.api_name) for s in intent.steps))
        replies = [catalog().execute(step) for step in intent.steps]
        assert [toolbench_status(r) for r in replies] == [0] * len(replies), replies
        answers = intent.facts(replies)
        text = json.dumps(replies, ensure_ascii=False)
        assert answers and all(value for answer in answers for value in answer.values), answers
        for answer in answers:
            if "than" in answer.context:
                continue  # a comparison the template computes from response values ("warmer than 2 C")
            for fact in answer.values:
                # A yes/no is a response's true/false as an answer says it.
                said = ("true" in text or "false" in text) if fact in ("yes", "no") else fact in text
                assert said, (fact, answer)
        # Requests name entities, never the ids the tools hand out: those must be looked up.
        for step in intent.steps:
            for key, value in step.arguments.items():
                if key.endswith(ID_ARGUMENTS) and len(str(value)) > 3:
                    assert all(str(value) not in p for p in intent.phrasings), (key, value)


def test_instantiation_is_deterministic_and_varies_with_the_seed() -> None:
    template = next(t for t in TEMPLATES if t.api_name == "Search Hotels")
    a, b = template.make(random.Random(5), WORLD), template.make(random.Random(5), WORLD)
    assert a is not None and b is not None and (a.key, a.phrasings, a.steps) == (b.key, b.phrasings, b.steps)
    keys = {template.make(random.Random(seed), WORLD).key for seed in range(10)}  # type: ignore[union-attr]
    assert len(keys) > 5


def test_many_templates_need_lookups_first() -> None:
    multi = [t for t in TEMPLATES if len(t.make(random.Random(0), WORLD).steps) >= 2]  # type: ignore[union-attr]
    assert len(multi) >= 60
    assert any(len(t.make(random.Random(0), WORLD).steps) >= 3 for t in TEMPLATES)  # type: ignore[union-attr]
