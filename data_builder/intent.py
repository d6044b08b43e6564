"""The contract between the tool world (which knows what each API can answer) and the builder
(which samples APIs, writes instructions and records gold).

An ``IntentTemplate`` belongs to one API of the bundled catalog. Given a seeded RNG and the world, it
instantiates one concrete request: several natural phrasings, the reference call path that answers
it (lookups first), and a function that turns that path's responses into the facts a correct final
answer must state. The builder executes the path against the catalog to get the responses, so gold
always comes from the tools themselves.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CallStep:
    """One API call of a reference path; names are the catalog's (ToolBench doc) names."""

    category: str
    tool_name: str
    api_name: str
    arguments: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    """The facts that answer one part of a request.

    ``context`` names what a weak value counts or belongs to ("products", the category's name); the
    builder adds the field's own words, so templates give it only where those do not say it.
    ``many`` marks a list (every member a fact); otherwise the part asks for one value per fact.
    """

    values: tuple[str, ...]
    context: tuple[str, ...] = ()
    many: bool = False


@dataclass(frozen=True)
class Intent:
    """One instantiated request.

    ``phrasings`` are complete, self-contained requests in different wordings (the builder picks one
    and may join several intents into a multi-part I2/I3 instruction). ``relevant_apis`` lists
    (tool_name, api_name) pairs the path uses. ``facts`` maps the responses of ``steps``, in order,
    to the answers of the request's parts: the short strings a correct answer must state.
    """

    key: str
    phrasings: tuple[str, ...]
    steps: tuple[CallStep, ...]
    relevant_apis: tuple[tuple[str, str], ...]
    facts: Callable[[Sequence[Any]], list[Answer]]


@dataclass(frozen=True)
class IntentTemplate:
    """A way to ask something of ``(tool_name, api_name)``; ``make`` returns None when the world
    offers no suitable instance for the RNG's draw (the builder then draws again)."""

    name: str  # unique and stable across builds, recorded in the gold so it can be re-checked
    tool_name: str
    api_name: str
    make: Callable[[random.Random, Any], Intent | None]
