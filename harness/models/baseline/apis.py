"""What the baseline knows about each offered function: its words, its parameters, what its
response contains, and how similar it is to a piece of the instruction (BM25 over the offered
functions)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from harness.models.baseline.text import terms
from harness.toolbench.naming import FINISH_FUNCTION_NAME, function_name, standardize
from harness.types.docs import ApiDoc
from harness.types.messages import Function
from harness.types.query import AgentQuery

_K1, _B = 1.2, 0.75


@dataclass(frozen=True)
class Param:
    """One parameter as the function schema names it."""

    name: str
    type: str
    description: str
    example: Any
    required: bool


@dataclass
class ApiProfile:
    """One offered function (never Finish) with its doc."""

    function: Function
    api: ApiDoc | None
    params: list[Param]
    response_keys: set[str]
    bag: Counter[str] = field(default_factory=Counter)

    @property
    def name(self) -> str:
        return self.function.name

    @property
    def required(self) -> list[Param]:
        return [p for p in self.params if p.required]


def _keys(value: Any, into: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if not str(key).startswith("_"):
                into.add(str(key))
            _keys(inner, into)
    elif isinstance(value, list):
        for inner in value:
            _keys(inner, into)
    return into


def _params(function: Function) -> list[Param]:
    schema = function.parameters or {}
    properties = schema.get("properties") or {}
    required = set(schema.get("required") or [])
    return [
        Param(
            name=name,
            type=str(spec.get("type", "string")),
            description=str(spec.get("description", "")),
            example=spec.get("example_value"),
            required=name in required,
        )
        for name, spec in properties.items()
        if isinstance(spec, dict)
    ]


def build_profiles(functions: list[Function], query: AgentQuery | None) -> list[ApiProfile]:
    """A profile per offered function; the query's ``api_list`` supplies the docs (descriptions,
    response templates) that the function schema leaves out."""
    docs: dict[str, ApiDoc] = {}
    for doc in query.api_list if query is not None else []:
        docs[function_name(doc.api_name, standardize(doc.tool_name))] = doc
    profiles = []
    for function in functions:
        if function.name == FINISH_FUNCTION_NAME:
            continue
        api = docs.get(function.name)
        response_keys = _keys(api.template_response, set()) if api is not None else set()
        params = _params(function)
        if api is not None:
            text_parts = [api.tool_name, api.api_name, api.api_name, api.api_description]
        else:
            text_parts = [function.name.replace("_for_", " "), function.name, function.description]
        text_parts += [" ".join(sorted(response_keys))] + [f"{p.name} {p.description}" for p in params]
        profile = ApiProfile(function, api, params, response_keys)
        profile.bag = Counter(terms(" ".join(text_parts)))
        profiles.append(profile)
    return profiles


class Similarity:
    """BM25 of a text against each profile, with document frequencies over the offered functions
    (so words every function shares, such as the tool's name, count for little)."""

    def __init__(self, profiles: list[ApiProfile]) -> None:
        self.profiles = profiles
        count = len(profiles) or 1
        frequency: Counter[str] = Counter()
        for profile in profiles:
            frequency.update(set(profile.bag))
        self._idf = {t: math.log(1 + (count - n + 0.5) / (n + 0.5)) for t, n in frequency.items()}
        self._avg_length = sum(sum(p.bag.values()) for p in profiles) / count or 1.0

    def score(self, text_terms: list[str], profile: ApiProfile) -> float:
        """How well ``text_terms`` describe what ``profile`` does."""
        length = sum(profile.bag.values())
        total = 0.0
        for term in set(text_terms):
            tf = profile.bag.get(term, 0)
            if tf:
                norm = tf * (_K1 + 1) / (tf + _K1 * (1 - _B + _B * length / self._avg_length))
                total += self._idf.get(term, 0.0) * norm
        return total
