"""The bundled intent templates declare the facts of every part they ask, so that pasting the tool
responses without an answer sentence never passes, while the gold answer always does."""

from __future__ import annotations

import random

import pytest

from data_builder.attacks import gold_observations, paste
from data_builder.bundled import load_inputs
from data_builder.gold import IntentPart, Unverifiable, derive_gold, gold_parts, part_answers
from data_builder.inputs import BuildInputs
from data_builder.intent import Answer, CallStep
from harness.eval.rule import verdict
from harness.models.oracle import answer_text
from harness.types.query import Gold
from tests.conftest import REPO

CATALOG = REPO / "tasks" / "toolenv"
# Templates whose responses hold only the answer beside the request's own words (the attack's best
# case): a thesaurus list, a factorisation, a conversion, an encoding, a yes/no the question asks.
PASTEABLE = [
    "lexicon_dictionary.synonyms",
    "lexicon_dictionary.antonyms",
    "number_facts.prime",
    "number_facts.factors",
    "unit_converter.temperature",
    "unit_converter.speed",
    "unit_converter.length",
    "unit_converter.list",
    "color_converter.contrast",
    "domain_inspector.dns",
    "domain_inspector.available",
    "mailcheck.validate",
    "mailcheck.suggest",
    "text_toolkit.reverse",
    "text_toolkit.slug",
    "phrasebook.all",
    "language_detector.supported",
    "coinwatch_crypto.history",
]


@pytest.fixture(scope="module")
def bundled() -> BuildInputs:
    return load_inputs(CATALOG)


def _golds(bundled: BuildInputs, name: str, seeds: range) -> list[tuple[str, Gold]]:
    template = next(t for t in bundled.templates if t.name == name)
    golds = []
    for seed in seeds:
        intent = template.make(random.Random(seed), bundled.world)
        if intent is not None:
            golds.append((intent.phrasings[0], derive_gold([IntentPart(name, seed, intent)], bundled.execute)))
    return golds


@pytest.mark.parametrize("name", PASTEABLE)
def test_a_pasted_response_fails_and_the_gold_answer_passes(bundled: BuildInputs, name: str) -> None:
    golds = _golds(bundled, name, range(4))
    assert golds, f"{name} made no instance"
    for text, gold in golds:
        observations = gold_observations(gold, bundled.execute)
        assert verdict(answer_text(gold), gold, text, observations)[0], (text, gold.parts)
        passed, _, _ = verdict(paste(observations), gold, text, observations)
        assert not passed, (text, paste(observations), gold.parts)


def test_every_bundled_template_makes_gold(bundled: BuildInputs) -> None:
    # A template whose facts function raises (a typo, a missing import) would silently drop out of
    # every build; each must make verifiable gold for some seed.
    broken = []
    for template in bundled.templates:
        made = 0
        for seed in range(8):
            intent = template.make(random.Random(seed), bundled.world)
            if intent is None:
                continue
            try:
                steps, answers, responses = part_answers(IntentPart(template.name, seed, intent), bundled.execute)
                gold_parts(answers, steps, responses, intent.phrasings)
                made += 1
            except Unverifiable:
                continue
        if not made:
            broken.append(template.name)
    assert broken == []


def test_a_named_context_leaves_out_the_names_the_response_echoes() -> None:
    step = CallStep("Business", "Domain Inspector", "Domain Availability", {"domain": "acme-shop.net"})
    response = {"domain": "acme-shop.net", "available": True, "price_usd_per_year": 14.99}
    phrasings = ["Is acme-shop.net free?", "Can I register acme-shop.net?", "Is acme-shop.net available?"]
    named = gold_parts([Answer(("yes",), ("available", "free"))], [step], [response], phrasings)
    # "acme-shop.net, yes" in a pasted response must not bind the yes: only the template's words do.
    assert named[0].context == ["available", "free"]
    plain = gold_parts([Answer(("yes",))], [step], [response], phrasings)
    assert "acme shop net" in plain[0].context
