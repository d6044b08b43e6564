"""``baseline``: an agent with no language model.

Each turn it reads the episode so far from the conversation (the instruction, the calls made and
what they returned) and decides the next call:

1. The instruction is cut into requests (sentences and "also ..." parts).
2. For the first request not yet served, the offered function most similar to it (BM25 over the
   function docs: names, descriptions, parameters, response fields) is the target.
3. If the target's required arguments can be filled (from the request's quoted strings, names,
   numbers, dates, ids ..., or from fields of earlier responses such as a ``store_id``), it is
   called; if that exact call was made already, the request is served. If they cannot be filled,
   the most similar function that can be called is called first, preferring one whose response
   carries a missing argument (a lookup).
4. When every request is served (or nothing new can be called), it calls Finish with the results.
5. Under a search: a note about earlier attempts (DFSDT's diversity note, read by ``note.py``
   whatever its wording) lists calls it must not repeat, so a sibling takes the next candidate;
   and it gives up (``give_up_and_restart``) when its observations show it is stuck: the last call
   failed and the best idea left is the same function with guessed arguments, or a request's target
   was called and only failed. A single chain then stops; a search backs up and tries again.

At temperature 0 it takes the best action; above, it samples among its best few (seeded by the
request), so tree searches can explore. It only ever calls functions it was offered.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
from dataclasses import dataclass
from typing import Any

from harness.models.base import GenerateConfig, ModelOutput
from harness.models.baseline.answer import Served, compose
from harness.models.baseline.apis import ApiProfile, Similarity, build_profiles
from harness.models.baseline.note import NotedCalls, call_key, read_note
from harness.models.baseline.text import terms
from harness.models.baseline.values import (
    Mention,
    Seen,
    as_number,
    default_value,
    instruction_candidates,
    mentions,
    observation_candidates,
    param_kind,
)
from harness.models.history import Result, read_history
from harness.toolbench.naming import FINISH_FUNCTION_NAME
from harness.types.messages import Function, Message, ToolCall

_SENTENCE = re.compile(r"(?<=[.?!])\s+|\s*;\s+|\n+")
TOP_K = 3  # candidates sampled among at temperature > 0
LOOKUP_BONUS = 3.0  # a lookup whose response carries a missing argument outranks mere similarity
NOTED_PENALTY = 0.25  # functions a diversity note lists as already tried
RELEVANT_SHARE = 0.5  # other functions this close to the target's score are alternatives too
TARGET_BONUS = 1.0  # the most similar function goes first when it can be called
FILLED_BONUS = 0.1  # similarity credit for a function whose arguments can all be filled
MAX_VALUES = 3  # values tried per parameter
MAX_COMBOS = 4  # argument sets tried per function and request


@dataclass(frozen=True)
class Request:
    """One part of the instruction."""

    text: str
    terms: list[str]
    mentions: list[Mention]


@dataclass(frozen=True)
class Action:
    score: float
    function: str
    arguments: dict[str, Any]


def _sentences(text: str) -> list[str]:
    """``text`` cut at sentence ends, never inside quotes."""
    quoted = [m.span() for m in re.finditer(r'"[^"\n]*"|“[^”\n]*”', text)]
    parts, start = [], 0
    for match in _SENTENCE.finditer(text):
        if any(a < match.start() < b for a, b in quoted):
            continue
        parts.append(text[start : match.start()])
        start = match.end()
    parts.append(text[start:])
    return parts


def split_requests(instruction: str) -> list[Request]:
    """The instruction's sentences that ask for something (those with content words)."""
    requests = []
    for part in _sentences(instruction):
        part = part.strip()
        words = terms(part)
        if words:
            requests.append(Request(part, words, mentions(part)))
    return requests


_key = call_key


def _coerce(value: Any, param_type: str) -> Any:
    if param_type in ("integer", "number") and isinstance(value, str):
        try:
            return as_number(value)
        except ValueError:
            return value
    return value


class BaselineAgent:
    """The offline agent (see the module docstring). ``max_calls`` bounds one chain's calls."""

    def __init__(self, name: str = "baseline", max_calls: int = 5) -> None:
        self.name = name
        self.max_calls = max_calls

    async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        return ModelOutput(message=self.decide(messages, functions, config))

    def decide(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> Message:
        """The next assistant turn: one call of an offered function, or Finish."""
        instruction = config.query.text if config.query is not None else _first_user_text(messages)
        profiles = build_profiles(functions, config.query)
        results, notes = read_history(messages)
        offered = {p.name for p in profiles}
        noted = NotedCalls()
        for note in notes:
            read = read_note(note, offered)
            noted.pairs |= read.pairs
            noted.names |= read.names
            noted.arguments += read.arguments
        episode = Episode(
            observations=[
                Seen(r.data, tuple(str(v) for v in (r.call.parsed_arguments() or {}).values()))
                for r in results
                if r.ok and r.data is not None
            ],
            tried={_key(r.call.name, r.call.parsed_arguments() or {}) for r in results},
            succeeded={_key(r.call.name, r.call.parsed_arguments() or {}) for r in results if r.ok},
            noted=noted,
        )
        requests = split_requests(instruction)
        similarity = Similarity(profiles) if profiles else None
        actions: list[Action] = []
        served = similarity is not None
        for request in requests:
            if similarity is None:
                break
            plan = _actions(request, profiles, similarity, episode)
            served = served and plan.served
            if plan.actions and len(results) < self.max_calls:
                actions = plan.actions
                break
        if not actions:
            # An answer that leaves a request unserved is a wrong answer; giving up lets a search
            # try again from an earlier point.
            return _finish(results, [r.text for r in requests], give_up=not served)
        chosen = _pick(actions, config, messages)
        if results and not results[-1].ok and results[-1].call.name == chosen.function:
            # Stuck: the last call failed and the best idea left here is the same function with
            # guessed arguments. A restart (a search's next sibling) is the better place to try them.
            return _finish(results, [r.text for r in requests], give_up=True)
        arguments = json.dumps(chosen.arguments, ensure_ascii=False)
        return Message(role="assistant", content="", tool_call=ToolCall(name=chosen.function, arguments=arguments))


@dataclass
class Episode:
    """What the conversation so far says: data returned, calls tried and calls that worked."""

    observations: list[Seen]
    tried: set[str]
    succeeded: set[str]
    noted: NotedCalls

    def open(self, name: str, arguments: dict[str, Any]) -> bool:
        """Whether a call is still worth making: not made on this path, nor listed by a note."""
        return _key(name, arguments) not in self.tried and not self.noted.covers(name, arguments)


@dataclass(frozen=True)
class Plan:
    """What could serve a request next, best first, and whether it is served already."""

    actions: list[Action]
    served: bool


def _actions(request: Request, profiles: list[ApiProfile], similarity: Similarity, episode: Episode) -> Plan:
    """What could serve ``request`` next, best first; no actions once it is served or nothing is left.

    The target is the most similar function; it serves the request once a call of it built from
    this request has worked. Until then the candidates are its next untried arguments, lookups
    whose responses carry an argument it lacks, and functions nearly as similar.
    """
    fills = {p.name: _combos(p, request, episode.observations) for p in profiles}
    options = {name: fill.combos for name, fill in fills.items()}
    # Between equally similar functions, one the request itself can fill is the likelier target.
    scored = sorted(
        (
            (similarity.score(request.terms, p) + (FILLED_BONUS if options[p.name] else 0.0), i, p)
            for i, p in enumerate(profiles)
        ),
        key=lambda t: (-t[0], t[1]),
    )
    top = scored[0][0] if scored[0][0] > FILLED_BONUS else 0.0
    target = scored[0][2] if top > 0 else None
    if target is not None and any(_key(target.name, c) in episode.succeeded for c in options[target.name]):
        return Plan([], served=True)
    missing = {x.name for x in target.required} if target is not None and not options[target.name] else set()
    actions: list[Action] = []
    for score, _, profile in scored:
        untried = [c for c in options[profile.name] if episode.open(profile.name, c)]
        if not untried:
            continue
        is_target = profile is target
        if not is_target and any(_key(profile.name, c) in episode.succeeded for c in options[profile.name]):
            continue  # its data is already in hand
        provides = any(_provides(profile, name) for name in missing)
        # With no similarity at all, only a call the request itself fills is a reasonable guess.
        guess = top == 0 and not fills[profile.name].defaulted
        if not (is_target or provides or (top > 0 and score >= RELEVANT_SHARE * top) or guess):
            continue
        bonus = (LOOKUP_BONUS if provides else 0.0) + (TARGET_BONUS if is_target else 0.0)
        penalty = NOTED_PENALTY if profile.name in episode.noted.names else 1.0
        actions.append(Action((score + bonus) * penalty, profile.name, untried[0]))
    if not actions and target is not None and not options[target.name]:
        # Nothing relevant can be called: settle for any callable function that shares a word.
        for score, _, profile in scored:
            untried = [c for c in options[profile.name] if episode.open(profile.name, c)]
            done = any(_key(profile.name, c) in episode.succeeded for c in options[profile.name])
            if score > 0 and untried and not done:
                actions.append(Action(score, profile.name, untried[0]))
    # Only a target whose every call failed blocks an answer: a request no function resembles asks
    # for nothing a tool gives, and one whose target cannot be filled is served by what was found.
    blocked = target is not None and bool(options[target.name])
    return Plan(sorted(actions, key=lambda a: -a.score), served=not blocked)


def _provides(profile: ApiProfile, parameter: str) -> bool:
    """Whether ``profile``'s response has a field that can fill ``parameter``."""
    return parameter in profile.response_keys or (parameter.endswith("_id") and "id" in profile.response_keys)


@dataclass(frozen=True)
class Options:
    """Argument sets for one function and request, and whether they lean on documented defaults."""

    combos: list[dict[str, Any]]
    defaulted: bool = False


def _combos(profile: ApiProfile, request: Request, observations: list[Seen]) -> Options:
    """Argument sets for the required parameters, best first (the best values, then each parameter's
    next values in turn); none when a parameter has no value at all."""
    required = profile.required
    from_text = instruction_candidates(required, request.text, request.mentions)
    request_terms = set(request.terms)
    choices: list[list[Any]] = []
    defaulted = False
    for param in required:
        seen = observation_candidates(param, observations, request.text, request_terms)
        written = from_text.get(param.name, [])
        ordered = [*seen, *written] if param_kind(param) == "id" else [*written, *seen]
        if not ordered and (default := default_value(param)) is not None:
            ordered, defaulted = [default], True
        values = [_coerce(v, param.type) for v in ordered][:MAX_VALUES]
        if not values:
            return Options([])
        choices.append(values)
    combos = [{p.name: values[0] for p, values in zip(required, choices, strict=True)}]
    for param, values in zip(required, choices, strict=True):
        for value in values[1:]:
            combos.append({**combos[0], param.name: value})
    return Options(combos[:MAX_COMBOS], defaulted)


def _pick(actions: list[Action], config: GenerateConfig, messages: list[Message]) -> Action:
    if config.temperature <= 0 or len(actions) == 1:
        return actions[0]
    top = actions[:TOP_K]
    best = top[0].score
    weights = [math.exp((a.score - best) / max(config.temperature, 1e-6)) for a in top]
    # Seeded by the request itself: the same conversation and seed always sample the same action.
    digest = hashlib.sha256(
        json.dumps([config.seed, [m.model_dump(mode="json") for m in messages]], sort_keys=True).encode()
    ).hexdigest()
    return random.Random(digest).choices(top, weights=weights, k=1)[0]


def _first_user_text(messages: list[Message]) -> str:
    return next((m.content or "" for m in messages if m.role == "user"), "")


def _finish(results: list[Result], requests: list[str], give_up: bool = False) -> Message:
    useful = [
        Served(r.call.name, r.call.parsed_arguments() or {}, r.data if r.data is not None else r.raw)
        for r in results
        if r.ok
    ]
    answer = compose(useful, requests) if useful and not give_up else ""
    if answer:
        arguments = {"return_type": "give_answer", "final_answer": answer}
    else:
        # Nothing the request asks for was found: a search backs up and tries another way.
        arguments = {"return_type": "give_up_and_restart"}
    call = ToolCall(name=FINISH_FUNCTION_NAME, arguments=json.dumps(arguments, ensure_ascii=False))
    return Message(role="assistant", content="", tool_call=call)
