"""Gold: run an instruction's reference call path against the catalog and record what a correct
answer must state. Gold always comes from the tools' own responses; a path that fails, or facts that
cannot be read from its responses, make the instruction unverifiable and it is dropped.

Two kinds of parts make up a path: an intent instantiated from a template (the template turns the
responses into facts) and a path proposed by an LLM (each fact is a named field of a response, and an
argument may take a field of an earlier response, written ``"$<call>.<field path>"``).

Gold covers the question part by part (``GoldPart``): a template returns one answer per part it asks
(``data_builder.intents.base.bound`` / ``listed`` where a plain value is not enough). A weak fact, a
bare integer of at most four digits or yes/no, means nothing alone ("35" is in any spray of numbers),
so it is bound to a context: the phrases the template names, the words of the response field it was
read from ("warranty_months" gives "warranty" and "months") and the names the request itself passes
to the tools (the product, the city). A weak fact with no context makes the path unverifiable.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from data_builder.inputs import BuildInputs, Executor
from data_builder.intent import Answer, CallStep, Intent
from harness.envs.env import DEFAULT_MAX_OBSERVATION_LENGTH, truncate
from harness.eval.observations import observation_fields
from harness.types.query import Gold, GoldPart, GoldSource
from harness.util.text import fact_text, is_weak, mentions_fact, normalize_fact

_REFERENCE = re.compile(r"^\$(\d+)\.(.+)$")
# ToolBench's default depth of 12 tree nodes leaves an agent without thoughts six steps: five calls
# and Finish. A longer reference path would make the query unsolvable under the default limits.
MAX_PATH_CALLS = 5


class Unverifiable(Exception):
    """A path whose gold cannot be established; the message says why (for build statistics)."""


@dataclass(frozen=True)
class IntentPart:
    """A template's instance; ``seed`` re-creates it (``template.make(Random(seed), world)``)."""

    template: str
    seed: int
    intent: Intent


@dataclass(frozen=True)
class ProposedPart:
    """An LLM-proposed path: ``fact_fields`` are (call index within the part, dotted field path)."""

    steps: tuple[CallStep, ...]
    fact_fields: tuple[tuple[int, str], ...]


Part = IntentPart | ProposedPart


def response_error(response: Any) -> str | None:
    """The error a response reports, if any: a non-empty ``error`` (ToolBench's ``{"error": ...,
    "response": ...}`` shape) or an HTTP error ``status_code``."""
    if isinstance(response, Mapping):
        error = response.get("error")
        if error:
            return str(error)
        status = response.get("status_code")
        if isinstance(status, int) and status >= 400:
            return f"status {status}: {response.get('message', '')}".strip()
    return None


def _as_data(response: Any) -> Any:
    """Responses may arrive as JSON text; fields are read from the parsed value."""
    if isinstance(response, str | bytes):
        try:
            return json.loads(response)
        except ValueError:
            return response
    return response


def read_field(response: Any, path: str) -> Any:
    """The value at a dotted path (``results.0.id``); raises Unverifiable when it is not there."""
    value = _as_data(response)
    for part in path.split("."):
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.lstrip("-").isdigit() and -len(value) <= int(part) < len(value):
            value = value[int(part)]
        else:
            raise Unverifiable(f"response has no field {path!r}")
    return value


def run_steps(steps: Sequence[CallStep], execute: Executor) -> tuple[list[CallStep], list[Any]]:
    """Execute ``steps`` in order, resolving ``$<call>.<path>`` arguments from earlier responses.

    Returns the concrete steps (references replaced) and their responses.
    """
    concrete: list[CallStep] = []
    responses: list[Any] = []
    for step in steps:
        arguments = {key: _resolve(value, responses) for key, value in step.arguments.items()}
        resolved = CallStep(step.category, step.tool_name, step.api_name, arguments)
        try:
            response = execute(resolved)
        except Exception as exc:  # any failure of a tool makes the path unverifiable, never the build
            raise Unverifiable(f"{step.tool_name}/{step.api_name} failed: {exc}") from exc
        error = response_error(response)
        if error is not None:
            raise Unverifiable(f"{step.tool_name}/{step.api_name} answered an error: {error}")
        concrete.append(resolved)
        responses.append(response)
    return concrete, responses


def _resolve(value: Any, responses: Sequence[Any]) -> Any:
    if isinstance(value, str) and (match := _REFERENCE.match(value)):
        index = int(match.group(1))
        if index >= len(responses):
            raise Unverifiable(f"argument {value!r} refers to a call that has not run yet")
        return read_field(responses[index], match.group(2))
    return value


def _clean_facts(raw: Sequence[str]) -> list[str]:
    facts = [normalize_fact(f) for f in raw]
    if not facts or not all(facts):
        raise Unverifiable("no facts, or an empty fact")
    return list(dict.fromkeys(facts))


# Field-name words that say nothing about what a value counts.
_PLAIN_FIELD_WORDS = frozenset(
    {"id", "is", "has", "num", "value", "result", "the", "of", "per", "a", "in", "to", "from", "and", "at", "on", "by"}
    | {"page", "pages", "limit", "offset"}
)
# A response's true/false reads as yes/no (``fact_text``); a template may have written either.
_SAME_ANSWER = {"true": "yes", "false": "no"}
# Words an answer uses for a field's value where the field's name is not one of them.
_FIELD_SYNONYMS = {
    "quantity": ("units", "stock", "available"),
    "rating": ("stars", "rated"),
    "stars": ("rating", "rated"),
    "score": ("scored", "rating"),
    "year": ("released", "founded", "since"),
    "population": ("people", "inhabitants", "residents"),
    "elevation": ("m", "above sea level"),
    "count": ("total",),
    "prime": ("is prime", "not prime"),
    "disposable": ("throwaway",),
    "minutes": ("min",),
    "min": ("minutes",),
}


def _field_words(fact: str, responses: Sequence[Any]) -> list[str]:
    words: list[str] = []
    for response in responses:
        for key, value in observation_fields(json.dumps(_as_data(response))):
            if value != _SAME_ANSWER.get(fact, fact):
                continue
            for word in normalize_fact(key).split():
                if word not in _PLAIN_FIELD_WORDS and not word.isdigit():
                    words.extend((word, *_FIELD_SYNONYMS.get(word, ())))
    return words


def _named_arguments(steps: Sequence[CallStep], phrasings: Sequence[str]) -> list[str]:
    """String arguments that the request itself says (the product, the city), not ids it looked up."""
    said = [normalize_fact(p) for p in phrasings]
    names: list[str] = []
    for step in steps:
        for value in step.arguments.values():
            name = normalize_fact(value) if isinstance(value, str) else ""
            if len(name) >= 3 and not name.replace(" ", "").isdigit() and (not said or any(name in p for p in said)):
                names.append(name)
    return names


def gold_parts(
    answers: Sequence[Answer], steps: Sequence[CallStep], responses: Sequence[Any], phrasings: Sequence[str] = ()
) -> list[GoldPart]:
    """The ``GoldPart`` of each answer: its normalised facts, and for a part with a weak fact the
    context it must be stated with (see the module doc); raises Unverifiable for a weak fact that
    nothing binds."""
    parts: list[GoldPart] = []
    for answer in answers:
        facts = _clean_facts(answer.values)
        context = [normalize_fact(c) for c in answer.context]
        weak = [f for f in facts if is_weak(f)]
        if weak:
            for fact in weak:
                context.extend(_field_words(fact, responses))
            if not answer.context:
                # A template that names the context knows what the value is said of; the request's own
                # names (echoed by the response beside the value) would let a pasted response bind it.
                context.extend(_named_arguments(steps, phrasings))
            context = [c for c in dict.fromkeys(context) if c and not is_weak(c)]
            if not context:
                raise Unverifiable(f"weak fact {weak[0]!r} has no context to be stated with")
        parts.append(GoldPart(facts=facts, context=context, many=answer.many))
    return parts


def bind_pasteable(
    parts: Sequence[GoldPart], steps: Sequence[CallStep], responses: Sequence[Any], phrasings: Sequence[str]
) -> list[GoldPart]:
    """Where the responses state nothing but the answer and the request's own values, pasting them
    would answer without saying anything; then every part is bound to its context (its fields' words,
    the request's names) so that an answer must say what each value is."""
    known = {f for p in parts for f in p.facts} | {
        normalize_fact(str(v)) for step in steps for v in step.arguments.values()
    }
    said = " ".join(normalize_fact(p) for p in phrasings)
    leaves = {v for r in responses for _, v in observation_fields(json.dumps(_as_data(r)))}
    if any(v not in known and f" {v} " not in f" {said} " for v in leaves):
        return list(parts)
    bound: list[GoldPart] = []
    for part in parts:
        if part.context:
            bound.append(part)
            continue
        context = [w for f in part.facts for w in _field_words(f, responses)]
        context.extend(_named_arguments(steps, phrasings))
        context = [c for c in dict.fromkeys(context) if c and not is_weak(c)]
        bound.append(part.model_copy(update={"context": context}) if context else part)
    return bound


def part_facts(part: Part, execute: Executor) -> tuple[list[CallStep], list[str], list[Any]]:
    """Run one part; return its concrete steps, its (raw) facts and the responses."""
    steps, answers, responses = part_answers(part, execute)
    return steps, [v for a in answers for v in a.values], responses


def part_answers(part: Part, execute: Executor) -> tuple[list[CallStep], list[Answer], list[Any]]:
    """Run one part; return its concrete steps, the answers of its parts and the responses."""
    if isinstance(part, IntentPart):
        steps, responses = run_steps(part.intent.steps, execute)
        try:
            # An Intent made without ``intents.base.intent`` may return plain values: one part each.
            answers = [f if isinstance(f, Answer) else Answer((str(f),)) for f in part.intent.facts(responses)]
        except Exception as exc:  # a facts function that cannot read the responses means no gold
            raise Unverifiable(f"template {part.template} could not read its facts: {exc}") from exc
        return steps, answers, responses
    steps, responses = run_steps(part.steps, execute)
    facts = []
    for index, path in part.fact_fields:
        if not 0 <= index < len(responses):
            raise Unverifiable(f"a fact names call {index}, but the path has {len(responses)} calls")
        value = read_field(responses[index], path)
        if isinstance(value, Mapping | list) or value is None or value == "":
            raise Unverifiable(f"field {path!r} is not a plain value")
        facts.append(fact_text(value))
    return steps, [Answer((f,)) for f in facts], responses


def _phrasings(part: Part) -> tuple[str, ...]:
    return part.intent.phrasings if isinstance(part, IntentPart) else ()


def step_record(step: CallStep) -> dict[str, object]:
    """A call as recorded in ``Gold.call_path``."""
    return {
        "category": step.category,
        "tool_name": step.tool_name,
        "api_name": step.api_name,
        "arguments": dict(step.arguments),
    }


def derive_gold(parts: Sequence[Part], execute: Executor) -> Gold:
    """The gold of an instruction made of ``parts``; raises Unverifiable."""
    path: list[dict[str, object]] = []
    facts: list[str] = []
    sources: list[GoldSource] = []
    responses: list[Any] = []
    covered: list[GoldPart] = []
    for part in parts:
        steps, answers, part_responses = part_answers(part, execute)
        made = gold_parts(answers, steps, part_responses, _phrasings(part))
        covered.extend(bind_pasteable(made, steps, part_responses, _phrasings(part)))
        facts.extend(v for a in answers for v in a.values)
        responses.extend(part_responses)
        path.extend(step_record(s) for s in steps)
        if isinstance(part, IntentPart):
            sources.append(GoldSource(steps=len(steps), template=part.template, seed=part.seed))
        else:
            sources.append(GoldSource(steps=len(steps), fact_fields=list(part.fact_fields)))
    if len(path) > MAX_PATH_CALLS:
        raise Unverifiable(f"the path needs {len(path)} calls; at most {MAX_PATH_CALLS} fit the default depth")
    cleaned = _clean_facts(facts)
    _check_visible(cleaned, responses)
    return Gold(facts=cleaned, call_path=path, sources=sources, parts=covered)


def _observation(response: Any) -> tuple[str, str]:
    """(the whole answer, what an agent sees of it) as the harness's tool environment renders it."""
    text = json.dumps({"error": "", "response": response})
    return text, truncate(text, DEFAULT_MAX_OBSERVATION_LENGTH)


def _check_visible(facts: Sequence[str], responses: Sequence[Any]) -> None:
    """A fact that a response states only beyond the observation cut can be stated by no agent."""
    seen = [_observation(r) for r in responses]
    for fact in facts:
        in_full = any(mentions_fact(full, fact) for full, _ in seen)
        if in_full and not any(mentions_fact(shown, fact) for _, shown in seen):
            raise Unverifiable(f"fact {fact!r} appears only past the {DEFAULT_MAX_OBSERVATION_LENGTH}-character cut")


def _as_json(steps: Sequence[CallStep]) -> str:
    return json.dumps([step_record(s) for s in steps], sort_keys=True)


def _recorded_step(record: Mapping[str, object]) -> CallStep:
    arguments = record.get("arguments")
    return CallStep(
        str(record["category"]),
        str(record["tool_name"]),
        str(record["api_name"]),
        dict(arguments) if isinstance(arguments, Mapping) else {},
    )


def recheck_gold(gold: Gold, inputs: BuildInputs) -> list[str]:
    """Re-execute ``gold``'s recorded path and re-derive its facts; the problems found (none when the
    gold reproduces)."""
    templates = {t.name: t for t in inputs.templates}
    recorded = [_recorded_step(s) for s in gold.call_path]
    if not gold.sources or sum(s.steps for s in gold.sources) != len(recorded):
        return ["gold sources do not cover the call path"]
    problems: list[str] = []
    facts: list[str] = []
    covered: list[GoldPart] = []
    start = 0
    for source in gold.sources:
        steps = recorded[start : start + source.steps]
        start += source.steps
        try:
            if source.template is not None:
                template = templates.get(source.template)
                if template is None or source.seed is None:
                    problems.append(f"unknown template {source.template!r}")
                    continue
                intent = template.make(random.Random(source.seed), inputs.world)
                if intent is None or _as_json(intent.steps) != _as_json(steps):
                    problems.append(f"template {source.template} no longer makes the recorded path")
                    continue
                part: Part = IntentPart(source.template, source.seed, intent)
            else:
                part = ProposedPart(tuple(steps), tuple((i, p) for i, p in source.fact_fields or []))
            done, answers, responses = part_answers(part, inputs.execute)
            facts.extend(v for a in answers for v in a.values)
            made = gold_parts(answers, done, responses, _phrasings(part))
            covered.extend(bind_pasteable(made, done, responses, _phrasings(part)))
        except Unverifiable as exc:
            problems.append(str(exc))
    if not problems:
        try:
            again = _clean_facts(facts)
        except Unverifiable as exc:
            return [str(exc)]
        if again != gold.facts:
            problems.append(f"facts differ: recorded {gold.facts}, re-derived {again}")
        elif gold.parts is not None and covered != gold.parts:
            problems.append("the parts (facts per question part, contexts) differ from the recorded ones")
    return problems
