"""Gold: run an instruction's reference call path against the catalog and record what a correct
answer must state. Gold always comes from the tools' own responses; a path that fails, or facts that
cannot be read from its responses, make the instruction unverifiable and it is dropped.

Two kinds of parts make up a path: an intent instantiated from a template (the template turns the
responses into facts) and a path proposed by an LLM (each fact is a named field of a response, and an
argument may take a field of an earlier response, written ``"$<call>.<field path>"``).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from data_builder.inputs import BuildInputs, Executor
from data_builder.intent import CallStep, Intent
from harness.types.query import Gold, GoldSource
from harness.util.text import fact_text, normalize_fact

_REFERENCE = re.compile(r"^\$(\d+)\.(.+)$")


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


def part_facts(part: Part, execute: Executor) -> tuple[list[CallStep], list[str]]:
    """Run one part; return its concrete steps and its (raw) facts."""
    if isinstance(part, IntentPart):
        steps, responses = run_steps(part.intent.steps, execute)
        try:
            facts = [str(f) for f in part.intent.facts(responses)]
        except Exception as exc:  # a facts function that cannot read the responses means no gold
            raise Unverifiable(f"template {part.template} could not read its facts: {exc}") from exc
        return steps, facts
    steps, responses = run_steps(part.steps, execute)
    facts = []
    for index, path in part.fact_fields:
        if not 0 <= index < len(responses):
            raise Unverifiable(f"a fact names call {index}, but the path has {len(responses)} calls")
        value = read_field(responses[index], path)
        if isinstance(value, Mapping | list) or value is None or value == "":
            raise Unverifiable(f"field {path!r} is not a plain value")
        facts.append(fact_text(value))
    return steps, facts


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
    for part in parts:
        steps, part_raw = part_facts(part, execute)
        facts.extend(part_raw)
        path.extend(step_record(s) for s in steps)
        if isinstance(part, IntentPart):
            sources.append(GoldSource(steps=len(steps), template=part.template, seed=part.seed))
        else:
            sources.append(GoldSource(steps=len(steps), fact_fields=list(part.fact_fields)))
    return Gold(facts=_clean_facts(facts), call_path=path, sources=sources)


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
            facts.extend(part_facts(part, inputs.execute)[1])
        except Unverifiable as exc:
            problems.append(str(exc))
    if not problems:
        try:
            again = _clean_facts(facts)
        except Unverifiable as exc:
            return [str(exc)]
        if again != gold.facts:
            problems.append(f"facts differ: recorded {gold.facts}, re-derived {again}")
    return problems
