"""Shared pieces of the intent templates: a tool handle that builds steps and registers templates."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from data_builder.intent import Answer, CallStep, Intent, IntentTemplate
from data_builder.world.store import World
from harness.toolbench.naming import standardize

Make = Callable[[random.Random, World], Intent | None]
REGISTRY: list[IntentTemplate] = []


@dataclass(frozen=True)
class Tool:
    """One catalog tool, as the templates of its module refer to it."""

    category: str
    name: str

    def call(self, api: str, **arguments: Any) -> CallStep:
        return CallStep(self.category, self.name, api, dict(arguments))

    def template(self, suffix: str, api: str) -> Callable[[Make], Make]:
        """Register the decorated ``make`` as template ``<standard tool name>.<suffix>`` for ``api``."""

        def register(make: Make) -> Make:
            name = f"{standardize(self.name)}.{suffix}"
            if any(t.name == name for t in REGISTRY):
                raise ValueError(f"intent template {name} is defined twice")
            REGISTRY.append(IntentTemplate(name=name, tool_name=self.name, api_name=api, make=make))
            return make

        return register


def bound(value: Any, *context: str) -> Answer:
    """A one-value part whose value is stated with one of ``context`` next to it ("35 products")."""
    return Answer((str(value),), tuple(context))


def listed(values: Sequence[Any], *context: str) -> Answer:
    """A list part: every member must be stated."""
    return Answer(tuple(str(v) for v in values), tuple(context), many=True)


def intent(
    key: str, phrasings: Sequence[str], steps: Sequence[CallStep], facts: Callable[[Sequence[Any]], list[Any]]
) -> Intent:
    """An Intent whose relevant APIs are the APIs its steps call. Each element ``facts`` returns
    answers one part of the request: a plain value (turned into a string), or ``bound``/``listed``."""
    if len(set(phrasings)) < 3:
        raise ValueError(f"intent {key}: give at least three different phrasings")
    relevant: list[tuple[str, str]] = []
    for step in steps:
        if (step.tool_name, step.api_name) not in relevant:
            relevant.append((step.tool_name, step.api_name))

    def as_answers(responses: Sequence[Any]) -> list[Answer]:
        return [f if isinstance(f, Answer) else Answer((str(f),)) for f in facts(responses)]

    return Intent(
        key=key, phrasings=tuple(phrasings), steps=tuple(steps), relevant_apis=tuple(relevant), facts=as_answers
    )


def reply(step: CallStep) -> Any:
    """What ``step`` returns against the bundled catalog (templates use it to choose inputs that work)."""
    from data_builder.catalog import default_catalog

    return default_catalog().execute(step)


def works(step: CallStep) -> bool:
    """Whether ``step`` succeeds against the bundled catalog (for templates of flaky endpoints)."""
    reply_ = reply(step)
    return not (isinstance(reply_, dict) and ("error" in reply_ or "status_code" in reply_))


def pick(
    rng: random.Random, rows: Sequence[dict[str, Any]], where: Callable[[dict[str, Any]], bool] | None = None
) -> Any:
    """A random row satisfying ``where`` (tested in a random order, so costly checks run only as needed);
    raises LookupError when no row does, which is a template bug for the bundled world."""
    order = list(rows)
    rng.shuffle(order)
    for row in order:
        if where is None or where(row):
            return row
    raise LookupError("no row of the world satisfies the template's condition")


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
