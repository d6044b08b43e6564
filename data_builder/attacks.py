"""Answers an adversary would try against a suite's rule judge, and how many of them pass.

Every attack is judged by ``harness.eval.rule.verdict`` with the observations of the query's gold
path (as the local tool environment renders them), so grounding cannot fail an attack merely because
it made no call: the adversary is given every response a correct agent sees.

- ``number_spray``: every integer 0-2000 and "yes no true false";
- ``boolean_spray``: "Yes. No. True. False.";
- ``query_copy``: the query itself;
- ``other_gold``: the gold answer of another query (the next one in the group from other templates);
- ``not_found``: a polite "could not find it";
- ``paste``: every value of every response of the path, comma-separated, with no answer sentence;
- ``contradiction``: the gold answer, then the gold answer again with one fact given another value
  (the next integer, a tenth more, the next day or hour, the opposite yes/no, or another value of the
  same response field); a query passes when any of its variants does.

A sound suite and judge pass 0 of each, and the gold answer (what the oracle says) passes every query.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from data_builder.gold import _recorded_step, response_error
from data_builder.intent import CallStep
from harness.envs.env import DEFAULT_MAX_OBSERVATION_LENGTH, truncate
from harness.eval.matching import Clock, Day, Num, fact_readings
from harness.eval.observations import observation_fields
from harness.eval.rule import verdict
from harness.models.oracle import answer_text
from harness.types.query import Gold, Query
from harness.util.text import YES_NO, normalize_fact

ATTACKS = (
    "number_spray",
    "boolean_spray",
    "query_copy",
    "other_gold",
    "not_found",
    "paste",
    "contradiction",
)
NUMBER_SPRAY = " ".join(str(n) for n in range(2001)) + " yes no true false"
NOT_FOUND = "I'm sorry, I could not find that information: not found."
_OPPOSITE = {"yes": "no", "no": "yes", "true": "false", "false": "true"}


def render(response: Any) -> str:
    """A response as the local tool environment shows it to an agent."""
    text = json.dumps({"error": response_error(response) or "", "response": response}, ensure_ascii=False)
    return truncate(text, DEFAULT_MAX_OBSERVATION_LENGTH)


def gold_observations(gold: Gold, execute: Callable[[CallStep], Any]) -> list[str]:
    """The observations of ``gold``'s call path, run with ``execute``."""
    return [render(execute(_recorded_step(step))) for step in gold.call_path]


def _values(observation: str) -> list[str]:
    return [value for _, value in observation_fields(observation)]


def paste(observations: Sequence[str]) -> str:
    """Every value of every observation, comma-separated."""
    return ", ".join(dict.fromkeys(v for o in observations for v in _values(o)))


def _numbers(num: Num) -> Iterator[str]:
    if not num.decimals:
        value = int(num.value)
        yield from (str(value + 1), str(value - 1), str(value + 2))
        return
    step = 10.0**-num.decimals
    for wrong in (num.value * 1.1, num.value * 0.9, num.value + step, num.value - step):
        yield f"{round(wrong, num.decimals):.{num.decimals}f}"


def _other_value(fact: str, gold: Gold, observations: Sequence[str], query: str = "") -> str | None:
    """A plausible wrong value for ``fact`` (see the module doc), or None when there is none. A value
    the episode states elsewhere (in the query or a response) is not a claim about this fact."""
    if fact in _OPPOSITE:
        return _OPPOSITE[fact]
    said = " " + " ".join(normalize_fact(t) for t in [query, *observations]) + " "
    readings = fact_readings(fact)
    tokens = readings[-1] if readings else []
    if len(tokens) == 1 and isinstance(tokens[0], Num) and tokens[0].scale == 1:
        return next((w for w in _numbers(tokens[0]) if f" {w} " not in said and w != fact), None)
    if len(tokens) == 1 and isinstance(tokens[0], Day):
        day = min(tokens[0].options)
        days = ((day + timedelta(days=n)).isoformat() for n in (1, -1, 2, 3))
        return next((d for d in days if f" {normalize_fact(d)} " not in said), None)
    if len(tokens) == 1 and isinstance(tokens[0], Clock):
        times = ((tokens[0].minutes + n) % (24 * 60) for n in (60, -60, 120, 30))
        return next((f"{m // 60:02d}:{m % 60:02d}" for m in times if f" {m // 60:02d} {m % 60:02d} " not in said), None)
    for observation in observations:
        leaves = observation_fields(observation)
        keys = {key for key, value in leaves if value == fact}
        for key, value in leaves:
            if key in keys and value != fact and value not in gold.facts and f" {value} " not in said:
                return value
    return None


def contradictions(gold: Gold, observations: Sequence[str], query: str = "") -> Iterator[str]:
    """The gold answer followed by itself with one fact replaced, one answer per fact that has a rival."""
    right = answer_text(gold)
    for fact in gold.facts:
        wrong_value = _other_value(fact, gold, observations, query)
        if wrong_value is None:
            continue
        wrong = gold.model_copy(deep=True)
        wrong.facts = [wrong_value if f == fact else f for f in gold.facts]
        for part in wrong.parts or []:
            part.facts = [wrong_value if f == fact else f for f in part.facts]
        yield f"{right}. {answer_text(wrong)}"


@dataclass(frozen=True)
class Case:
    """One query with what its attacks need."""

    group: str
    query: Query
    gold: Gold
    observations: list[str]


def attack_answers(case: Case, other: Gold | None) -> dict[str, list[str]]:
    """Each attack's answers for ``case`` (``other``: another query's gold)."""
    return {
        "number_spray": [NUMBER_SPRAY],
        "boolean_spray": ["Yes. No. True. False."],
        "query_copy": [case.query.text],
        "other_gold": [answer_text(other)] if other is not None else [],
        "not_found": [NOT_FOUND],
        "paste": [paste(case.observations)],
        "contradiction": list(contradictions(case.gold, case.observations, case.query.text)),
    }


def _other(cases: Sequence[Case], at: int) -> Gold | None:
    """The gold of the next query (cyclically) that shares no template and no fact set with ``at``."""
    mine = cases[at].gold
    templates = {s.template for s in mine.sources or []}
    for step in range(1, len(cases)):
        gold = cases[(at + step) % len(cases)].gold
        if not templates & {s.template for s in gold.sources or []} and set(gold.facts) != set(mine.facts):
            return gold
    return None


@dataclass
class AttackResult:
    """Per attack, the queries whose attack answer passed; and the gold answers that failed."""

    passed: dict[str, list[str]]
    tried: dict[str, int]
    oracle_failed: list[str]


def run_attacks(cases: Sequence[Case]) -> AttackResult:
    """Judge every attack on every case, and the gold answer itself."""
    passed: dict[str, list[str]] = {name: [] for name in ATTACKS}
    tried = dict.fromkeys(ATTACKS, 0)
    oracle_failed: list[str] = []
    for at, case in enumerate(cases):
        label = f"{case.group}/{case.query.query_id}"
        ok, reason, _ = verdict(answer_text(case.gold), case.gold, case.query.text, case.observations)
        if not ok:
            oracle_failed.append(f"{label}: {reason}")
        for name, answers in attack_answers(case, _other(cases, at)).items():
            if not answers:
                continue
            tried[name] += 1
            if any(verdict(a, case.gold, case.query.text, case.observations, quick=True)[0] for a in answers):
                passed[name].append(label)
    return AttackResult(passed, tried, oracle_failed)


__all__ = ["ATTACKS", "YES_NO", "AttackResult", "Case", "attack_answers", "gold_observations", "run_attacks"]
