"""A small generated API world for retriever tests: tools, their APIs, and queries naming what they want."""

from __future__ import annotations

import random

from harness.types.docs import ApiDoc, Parameter
from harness.types.query import Query

# (category, tool, [(api name, description)]): lexically distinct so BM25 can tell them apart.
TOOLS = [
    (
        "Weather",
        "SkyCast",
        [
            ("hourly forecast", "Hourly temperature and rain forecast for a city"),
            ("air quality", "Pollution index and ozone levels measured in a city"),
        ],
    ),
    (
        "Finance",
        "CoinDesk",
        [
            ("exchange rate", "Currency exchange rate between two currencies"),
            ("stock quote", "Latest share price of a listed company"),
        ],
    ),
    (
        "Music",
        "Tunes",
        [("artist albums", "Albums released by a musician"), ("song lyrics", "Lyrics of a song by title")],
    ),
    (
        "Travel",
        "FlyNow",
        [
            ("flight status", "Departure and arrival status of a flight number"),
            ("hotel search", "Hotels with free rooms in a town"),
        ],
    ),
    (
        "Food",
        "Recipes",
        [
            ("recipe by ingredient", "Recipes that use a given ingredient"),
            ("nutrition facts", "Calories and vitamins of a dish"),
        ],
    ),
    (
        "Sports",
        "ScoreBoard",
        [("match results", "Final scores of football matches"), ("league table", "Standings of teams in a league")],
    ),
]


def apis() -> list[ApiDoc]:
    """Every API of the world, one required parameter each."""
    return [
        ApiDoc(
            category_name=category,
            tool_name=tool,
            api_name=name,
            api_description=description,
            required_parameters=[Parameter(name="q", type="STRING", description="what to look up", default="")],
        )
        for category, tool, entries in TOOLS
        for name, description in entries
    ]


def described_queries(count: int, seed: int = 0) -> list[Query]:
    """Queries that paraphrase one API's description (BM25 finds them by shared words)."""
    rng = random.Random(seed)
    pool = apis()
    queries = []
    for i in range(count):
        api = rng.choice(pool)
        text = f"I need the {api.api_description.lower()} please, using {api.tool_name}."
        queries.append(Query(query_id=str(i), text=text, api_list=pool, relevant_apis=[api.key], group="G1_test"))
    return queries


# Made-up words a team might use as nicknames for its APIs: no pretrained model knows them, so only
# training on queries that use them can teach a retriever which API each one means.
NICKNAMES = [
    "blorptify",
    "zanquor",
    "frindle",
    "vexmo",
    "quabbit",
    "snorvel",
    "drumple",
    "glintra",
    "plonkish",
    "yarrowby",
    "mizzlet",
    "twarble",
]
CITIES = ["Paris", "Lagos", "Osaka", "Lima", "Oslo", "Perth", "Quito", "Cairo", "Hanoi", "Denver"]
TEMPLATES = ["{nick} for {city}", "please {nick} {city} now", "can you {nick} in {city}?", "{city}: {nick} it"]


def nickname_queries(per_api: int, offset: int = 0) -> list[Query]:
    """Queries naming an API only by its nickname; ``offset`` picks other cities and templates."""
    pool = apis()
    queries = []
    for number, (api, nick) in enumerate(zip(pool, NICKNAMES, strict=True)):
        for i in range(per_api):
            city = CITIES[(number + i + offset) % len(CITIES)]
            template = TEMPLATES[(i + offset) % len(TEMPLATES)]
            queries.append(
                Query(
                    query_id=f"{number}-{i}-{offset}",
                    text=template.format(nick=nick, city=city),
                    api_list=pool,
                    relevant_apis=[api.key],
                )
            )
    return queries
