"""Canned generations for the LLM generator's tests: what a model could answer to its prompt.

Given the messages of one request (OpenAI wire format), it reads the API docs shown in the prompt and
answers with proposals for the APIs it knows, varied by the request's seed, plus proposals a careless
model would make: an API that does not exist, a tool outside the sample, an answer field that the
response does not have, and an entry that is not a proposal at all.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

from tests.data_builder.world import CITIES, CITY_NAMES, FILMS, RATES, SONGS, STOCKS

Proposal = dict[str, Any]


def _weather(rng: random.Random) -> Proposal:
    name = rng.choice(sorted(v[0] for v in CITIES.values()))
    return {
        "query": f"I'm packing for {name}: how warm is it there now? (ref {rng.randint(0, 10**6)})",
        "related_apis": [["Sky Report", "search_city"], ["Sky Report", "current_weather"]],
        "calls": [
            {"tool": "Sky Report", "api": "search_city", "arguments": {"name": name}},
            {"tool": "Sky Report", "api": "current_weather", "arguments": {"city_id": "$0.results.0.id"}},
        ],
        "answer_fields": [[1, "temperature_c"]],
    }


def _single(tool: str, api: str, argument: str, values: list[str], field: str, ask: str) -> Callable[..., Proposal]:
    def make(rng: random.Random) -> Proposal:
        value = rng.choice(values)
        return {
            "query": ask.format(v=value) + f" (ref {rng.randint(0, 10**6)})",
            "related_apis": [[tool, api]],
            "calls": [{"tool": tool, "api": api, "arguments": {argument: value}}],
            "answer_fields": [[0, field]],
        }

    return make


def _route(tool: str, api: str, field: str, ask: str) -> Callable[..., Proposal]:
    def make(rng: random.Random) -> Proposal:
        origin, destination = rng.sample(CITY_NAMES, 2)
        return {
            "query": ask.format(o=origin, d=destination),
            "related_apis": [[tool, api]],
            "calls": [{"tool": tool, "api": api, "arguments": {"origin": origin, "destination": destination}}],
            "answer_fields": [[0, field]],
        }

    return make


def _convert(rng: random.Random) -> Proposal:
    source, target = rng.sample(sorted(RATES), 2)
    amount = rng.randint(5, 900)
    return {
        "query": f"My invoice says {amount} {source}; what is that in {target}?",
        "related_apis": [["Coin Rates", "convert"]],
        "calls": [
            {
                "tool": "Coin Rates",
                "api": "convert",
                "arguments": {"amount": amount, "source": source, "target": target},
            }
        ],
        "answer_fields": [[0, "result"]],
    }


def _vat(rng: random.Random) -> Proposal:
    amount, rate = rng.randint(10, 999), rng.choice([7, 19, 21])
    return {
        "query": f"What do I pay for a {amount} item with {rate}% VAT on top?",
        "related_apis": [["Tax Calc", "vat"]],
        "calls": [{"tool": "Tax Calc", "api": "vat", "arguments": {"amount": amount, "rate": rate}}],
        "answer_fields": [[0, "total"]],
    }


def _recipe(rng: random.Random) -> Proposal:
    ingredient = rng.choice(["tomato", "bean", "lemon", "rice"])
    return {
        "query": f"Find a {ingredient} recipe and tell me how long it takes. (ref {rng.randint(0, 10**6)})",
        "related_apis": [["Recipe Box", "search_recipe"], ["Recipe Box", "recipe_details"]],
        "calls": [
            {"tool": "Recipe Box", "api": "search_recipe", "arguments": {"ingredient": ingredient}},
            {"tool": "Recipe Box", "api": "recipe_details", "arguments": {"recipe_id": "$0.recipes.0.id"}},
        ],
        "answer_fields": [[1, "title"], [1, "minutes"]],
    }


KNOWN: dict[tuple[str, str], Callable[[random.Random], Proposal]] = {
    ("Sky Report", "current_weather"): _weather,
    ("Coin Rates", "convert"): _convert,
    ("Stock Desk", "quote"): _single(
        "Stock Desk", "quote", "symbol", sorted(STOCKS), "price", "What does one share of {v} cost today?"
    ),
    ("Film Base", "film_year"): _single(
        "Film Base", "film_year", "title", sorted(FILMS), "year", "In which year did {v} premiere?"
    ),
    ("Song Finder", "song_artist"): _single(
        "Song Finder", "song_artist", "title", sorted(SONGS), "artist", "Whose song is {v}?"
    ),
    ("Air Watch", "air_quality"): _single(
        "Air Watch", "air_quality", "city", sorted(v[0] for v in CITIES.values()), "aqi", "Is the air in {v} ok?"
    ),
    ("Tax Calc", "vat"): _vat,
    ("Recipe Box", "recipe_details"): _recipe,
    ("Flight Finder", "flights"): _route("Flight Finder", "flights", "flights.0.number", "Any flight from {o} to {d}?"),
    ("Rail Line", "train_time"): _route("Rail Line", "train_time", "minutes", "How long is the train from {o} to {d}?"),
    ("Hotel Hub", "hotels"): _single("Hotel Hub", "hotels", "city", CITY_NAMES, "hotels.0.name", "A hotel in {v}?"),
    ("Sun Times", "sunrise"): _single("Sun Times", "sunrise", "city", CITY_NAMES, "sunrise", "Sunrise in {v}?"),
    ("Nutri Facts", "calories"): _single(
        "Nutri Facts", "calories", "food", ["apple", "rice", "tofu", "kale"], "kcal_per_100g", "Calories in {v}?"
    ),
}


def _docs(prompt: str) -> list[dict[str, Any]]:
    marker = "Documentation of the APIs to use now:\n"
    start = prompt.index(marker) + len(marker)
    value, _ = json.JSONDecoder().raw_decode(prompt, start)
    return list(value)


def _combine(first: Proposal, second: Proposal) -> Proposal:
    offset = len(first["calls"])

    def shift(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("$"):
            index, _, path = value[1:].partition(".")
            return f"${int(index) + offset}.{path}"
        return value

    calls = [*first["calls"]] + [
        {**call, "arguments": {k: shift(v) for k, v in call["arguments"].items()}} for call in second["calls"]
    ]
    return {
        "query": f"{first['query']} Also, {second['query'][0].lower()}{second['query'][1:]}",
        "related_apis": first["related_apis"] + second["related_apis"],
        "calls": calls,
        "answer_fields": first["answer_fields"] + [[i + offset, p] for i, p in second["answer_fields"]],
    }


def canned_reply(messages: list[dict[str, Any]], seed: int) -> str:
    """The reply text a model would send for these messages."""
    rng = random.Random(seed)
    system, user = messages[0]["content"], messages[-1]["content"]
    docs = _docs(user)
    multi = "at least two different tools" in system
    tool = docs[0]["tool_name"]
    known = [KNOWN[(d["tool_name"], d["api_name"])] for d in docs if (d["tool_name"], d["api_name"]) in KNOWN]
    proposals: list[Any] = []
    if multi:
        by_tool = {}
        for doc in docs:
            if (doc["tool_name"], doc["api_name"]) in KNOWN:
                by_tool.setdefault(doc["tool_name"], KNOWN[(doc["tool_name"], doc["api_name"])])
        makers = list(by_tool.values())
        if len(makers) >= 2:
            proposals.append(_combine(makers[0](rng), makers[1](rng)))
    elif known:
        proposals.append(known[0](rng))
    proposals += [
        {  # an API the docs do not have
            "query": "Give me the five-year price history of ACME.",
            "related_apis": [[tool, "price_history"]],
            "calls": [{"tool": tool, "api": "price_history", "arguments": {"symbol": "ACME"}}],
            "answer_fields": [[0, "history"]],
        },
        {  # a tool outside the sample, named only in the path
            "query": "Which film came out in 1998?",
            "related_apis": [],
            "calls": [{"tool": "Movie Vault", "api": "film_year", "arguments": {"title": "Night Harbor"}}],
            "answer_fields": [[0, "year"]],
        },
        "not a proposal",
    ]
    if known and not multi:
        wrong_field = known[0](rng)
        wrong_field["answer_fields"] = [[0, "no_such_field"]]
        wrong_field["query"] += " (asking for a field nobody returns)"
        proposals.append(wrong_field)
    return "Here are the requests:\n```json\n" + json.dumps(proposals, indent=1) + "\n```"
