"""A small executable tool world in ToolBench's catalog layout, for data-builder tests.

Five categories, thirteen tools, lookups that must come first (city ids, recipe ids), error responses
for bad input, collections across categories, and intent templates with several phrasings each.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from data_builder.inputs import BuildInputs, read_catalog_docs
from data_builder.intent import CallStep, Intent, IntentTemplate

CITIES = {
    "c1": ("Lisbon", "Portugal", 17.5),
    "c2": ("Oslo", "Norway", 4.0),
    "c3": ("Nairobi", "Kenya", 21.25),
    "c4": ("Lima", "Peru", 19.0),
    "c5": ("Osaka", "Japan", 15.5),
    "c6": ("Quito", "Ecuador", 13.75),
    "c7": ("Tunis", "Tunisia", 22.0),
    "c8": ("Hanoi", "Vietnam", 27.5),
    "c9": ("Perth", "Australia", 18.0),
    "c10": ("Bergen", "Norway", 6.5),
    "c11": ("Porto", "Portugal", 16.0),
    "c12": ("Cusco", "Peru", 9.5),
}
RATES = {"USD": 1.0, "EUR": 0.9, "JPY": 150.0, "GBP": 0.8, "NOK": 10.5}
STOCKS = {"ACME": 123.45, "GLOBX": 88.1, "INITECH": 42.0, "UMBR": 310.5, "HOOLI": 77.25}
RECIPES = {
    "r1": ("Tomato soup", "tomato", 20),
    "r2": ("Bean chili", "bean", 45),
    "r3": ("Lemon cake", "lemon", 60),
    "r4": ("Rice bowl", "rice", 15),
    "r5": ("Pea risotto", "rice", 35),
}
FILMS = {"Night Harbor": 1998, "Glass River": 2011, "Paper Moon Road": 1975, "The Last Orchard": 2020}
SONGS = {"Blue Static": "Mara Vell", "Fieldlines": "The Orrery", "Low Tide Radio": "Juno Park"}


def _error(message: str) -> dict[str, Any]:
    return {"error": message, "response": ""}


def _city(city_id: str) -> tuple[str, str, float] | None:
    return CITIES.get(city_id)


def search_city(name: str) -> Any:
    hits = [{"id": k, "name": v[0], "country": v[1]} for k, v in CITIES.items() if v[0].lower() == name.lower()]
    return {"results": hits} if hits else _error(f"Message error... no city named {name}")


def current_weather(city_id: str) -> Any:
    city = _city(city_id)
    return {"city": city[0], "temperature_c": city[2]} if city else _error("Message error... unknown city_id")


def forecast(city_id: str, days: int = 3) -> Any:
    city = _city(city_id)
    if city is None or not 1 <= int(days) <= 7:
        return _error("Message error... bad city_id or days")
    return {"city": city[0], "days": [{"day": d + 1, "high_c": city[2] + d} for d in range(int(days))]}


def air_quality(city: str) -> Any:
    match = [v for v in CITIES.values() if v[0] == city]
    return {"city": city, "aqi": int(match[0][2] * 3)} if match else _error("Message error... unknown city")


def sunrise(city: str) -> Any:
    match = [v for v in CITIES.values() if v[0] == city]
    return {"city": city, "sunrise": f"0{5 + len(city) % 3}:{10 + len(city)}"} if match else _error("unknown city")


def convert(amount: float, source: str, target: str) -> Any:
    if source not in RATES or target not in RATES:
        return _error("Message error... unsupported currency")
    return {"amount": amount, "result": round(float(amount) / RATES[source] * RATES[target], 2)}


def list_currencies() -> Any:
    return {"currencies": sorted(RATES)}


def quote(symbol: str) -> Any:
    return {"symbol": symbol, "price": STOCKS[symbol]} if symbol in STOCKS else _error("Message error... no symbol")


def vat(amount: float, rate: float) -> Any:
    return {"total": round(float(amount) * (1 + float(rate) / 100), 2)}


def search_recipe(ingredient: str) -> Any:
    return {"recipes": [{"id": k, "title": v[0]} for k, v in RECIPES.items() if v[1] == ingredient]}


def recipe_details(recipe_id: str) -> Any:
    recipe = RECIPES.get(recipe_id)
    return {"title": recipe[0], "minutes": recipe[2]} if recipe else _error("Message error... unknown recipe")


def calories(food: str) -> Any:
    return {"food": food, "kcal_per_100g": 20 + 7 * len(food)}


def flights(origin: str, destination: str) -> Any:
    if origin == destination:
        return _error("Message error... origin equals destination")
    return {"flights": [{"number": f"FX{len(origin) * 100 + len(destination)}", "hours": len(origin + destination)}]}


def hotels(city: str) -> Any:
    return {"hotels": [{"name": f"Hotel {city} Central", "stars": 3 + len(city) % 3}]}


def train_time(origin: str, destination: str) -> Any:
    return {"minutes": 30 * (len(origin) + len(destination))}


def film_year(title: str) -> Any:
    return {"title": title, "year": FILMS[title]} if title in FILMS else _error("Message error... unknown film")


def song_artist(title: str) -> Any:
    return {"title": title, "artist": SONGS[title]} if title in SONGS else _error("Message error... unknown song")


FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f
    for f in [
        search_city,
        current_weather,
        forecast,
        air_quality,
        sunrise,
        convert,
        list_currencies,
        quote,
        vat,
        search_recipe,
        recipe_details,
        calories,
        flights,
        hotels,
        train_time,
        film_year,
        song_artist,
    ]
}

# category -> tool -> [(api, required params, optional params)]
CATALOG: dict[str, dict[str, list[tuple[str, list[str], list[str]]]]] = {
    "Weather": {
        "Sky Report": [
            ("search_city", ["name"], []),
            ("current_weather", ["city_id"], []),
            ("forecast", ["city_id"], ["days"]),
        ],
        "Air Watch": [("air_quality", ["city"], [])],
        "Sun Times": [("sunrise", ["city"], [])],
    },
    "Finance": {
        "Coin Rates": [("convert", ["amount", "source", "target"], []), ("list_currencies", [], [])],
        "Stock Desk": [("quote", ["symbol"], [])],
        "Tax Calc": [("vat", ["amount", "rate"], [])],
    },
    "Food": {
        "Recipe Box": [("search_recipe", ["ingredient"], []), ("recipe_details", ["recipe_id"], [])],
        "Nutri Facts": [("calories", ["food"], [])],
    },
    "Travel": {
        "Flight Finder": [("flights", ["origin", "destination"], [])],
        "Hotel Hub": [("hotels", ["city"], [])],
        "Rail Line": [("train_time", ["origin", "destination"], [])],
    },
    "Media": {
        "Film Base": [("film_year", ["title"], [])],
        "Song Finder": [("song_artist", ["title"], [])],
    },
}
COLLECTIONS = {
    "trip_planning": [
        ("Weather", "Sky Report"),
        ("Travel", "Hotel Hub"),
        ("Travel", "Flight Finder"),
        ("Finance", "Coin Rates"),
    ],
    "evening_in": [("Food", "Recipe Box"), ("Media", "Film Base"), ("Media", "Song Finder"), ("Food", "Nutri Facts")],
    "money": [("Finance", "Stock Desk"), ("Finance", "Tax Calc"), ("Finance", "Coin Rates")],
}
TOOL_CATEGORY = {tool: category for category, tools in CATALOG.items() for tool in tools}


def _file_name(tool: str) -> str:
    return tool.lower().replace(" ", "_")


def write_catalog(root: Path) -> Path:
    """Write the tool docs and collections under ``root`` (a catalog folder); return ``root``."""
    for category, tools in CATALOG.items():
        for tool, apis in tools.items():
            doc = {
                "tool_name": tool,
                "tool_description": f"{tool}: a test tool.",
                "title": tool,
                "api_list": [
                    {
                        "name": api,
                        "description": f"{api.replace('_', ' ')} of {tool}",
                        "method": "GET",
                        "required_parameters": [
                            {"name": n, "type": "STRING", "description": n, "default": ""} for n in required
                        ],
                        "optional_parameters": [
                            {"name": n, "type": "NUMBER", "description": n, "default": 3} for n in optional
                        ],
                        "template_response": {"result": "str"},
                    }
                    for api, required, optional in apis
                ],
            }
            path = root / "tools" / category / f"{_file_name(tool)}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(doc, indent=2))
    collections = {n: [{"category": c, "tool_name": t} for c, t in m] for n, m in COLLECTIONS.items()}
    (root / "collections.json").write_text(json.dumps(collections, indent=2))
    return root


def execute(step: CallStep) -> Any:
    """Run one call against the world, as the real catalog's executor does."""
    return FUNCTIONS[step.api_name](**step.arguments)


def _step(tool: str, api: str, **arguments: Any) -> CallStep:
    return CallStep(TOOL_CATEGORY[tool], tool, api, arguments)


def _template(
    tool: str,
    api: str,
    make: Callable[
        [random.Random], tuple[str, tuple[str, ...], Sequence[CallStep], Callable[[Sequence[Any]], list[str]]] | None
    ],
    suffix: str = "",
) -> IntentTemplate:
    def build(rng: random.Random, world: Any) -> Intent | None:
        made = make(rng)
        if made is None:
            return None
        key, phrasings, steps, facts = made
        apis = tuple(dict.fromkeys((s.tool_name, s.api_name) for s in steps))
        return Intent(key, phrasings, tuple(steps), apis, facts)

    return IntentTemplate(f"{_file_name(tool)}.{api}{suffix}", tool, api, build)


def _weather(rng: random.Random) -> Any:
    cid = rng.choice(sorted(CITIES))
    name = CITIES[cid][0]
    return (
        f"weather:{name}",
        (
            f"What is the temperature in {name} right now?",
            f"How warm is it in {name} at the moment?",
            f"Tell me the current weather in {name}.",
        ),
        [_step("Sky Report", "search_city", name=name), _step("Sky Report", "current_weather", city_id=cid)],
        lambda r: [str(r[1]["temperature_c"])],
    )


def _forecast(rng: random.Random) -> Any:
    cid, days = rng.choice(sorted(CITIES)), rng.randint(2, 5)
    name = CITIES[cid][0]
    return (
        f"forecast:{name}:{days}",
        (
            f"What will the high be in {name} on day {days} of the forecast?",
            f"Give me the {days}-day forecast high for {name} on its last day.",
        ),
        [_step("Sky Report", "search_city", name=name), _step("Sky Report", "forecast", city_id=cid, days=days)],
        lambda r: [str(r[1]["days"][-1]["high_c"])],
    )


def _simple(
    tool: str, api: str, values: Sequence[Any], ask: Sequence[str], field: str, arg: str
) -> Callable[[random.Random], Any]:
    def make(rng: random.Random) -> Any:
        value = rng.choice(list(values))
        return (
            f"{api}:{value}",
            tuple(a.format(v=value) for a in ask),
            [_step(tool, api, **{arg: value})],
            lambda r: [str(read(r[0], field))],
        )

    return make


def _convert(rng: random.Random) -> Any:
    amount = rng.randint(5, 900)
    source, target = rng.sample(sorted(RATES), 2)
    return (
        f"convert:{amount}:{source}:{target}",
        (f"How much is {amount} {source} in {target}?", f"Convert {amount} {source} to {target}, please."),
        [_step("Coin Rates", "convert", amount=amount, source=source, target=target)],
        lambda r: [str(r[0]["result"])],
    )


def _vat(rng: random.Random) -> Any:
    amount, rate = rng.randint(10, 500), rng.choice([5, 10, 20, 25])
    return (
        f"vat:{amount}:{rate}",
        (f"What is {amount} plus {rate}% VAT?", f"Add {rate} percent tax to {amount}."),
        [_step("Tax Calc", "vat", amount=amount, rate=rate)],
        lambda r: [str(r[0]["total"])],
    )


def _recipe(rng: random.Random) -> Any:
    rid = rng.choice(sorted(RECIPES))
    title, ingredient, _ = RECIPES[rid]
    return (
        f"recipe:{rid}",
        (
            f"How long does the {ingredient} recipe '{title}' take to cook?",
            f"Find the {title} recipe (it uses {ingredient}) and tell me its cooking time.",
        ),
        [
            _step("Recipe Box", "search_recipe", ingredient=ingredient),
            _step("Recipe Box", "recipe_details", recipe_id=rid),
        ],
        lambda r: [str(r[1]["minutes"])],
    )


def _route(tool: str, api: str, field: str, ask: Sequence[str]) -> Callable[[random.Random], Any]:
    def make(rng: random.Random) -> Any:
        origin, destination = rng.sample(sorted(v[0] for v in CITIES.values()), 2)
        return (
            f"{api}:{origin}:{destination}",
            tuple(a.format(o=origin, d=destination) for a in ask),
            [_step(tool, api, origin=origin, destination=destination)],
            lambda r: [str(read(r[0], field))],
        )

    return make


def read(value: Any, path: str) -> Any:
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


CITY_NAMES = sorted(v[0] for v in CITIES.values())


def templates() -> list[IntentTemplate]:
    """Intent templates for every API but list_currencies (an API without a question)."""
    return [
        _template("Sky Report", "current_weather", _weather),
        _template("Sky Report", "forecast", _forecast),
        _template(
            "Sky Report",
            "search_city",
            _simple(
                "Sky Report",
                "search_city",
                CITY_NAMES,
                ["Which country is {v} in?", "In what country would I find {v}?"],
                "results.0.country",
                "name",
            ),
        ),
        _template(
            "Air Watch",
            "air_quality",
            _simple(
                "Air Watch",
                "air_quality",
                CITY_NAMES,
                ["What is the air quality index in {v}?", "How clean is the air in {v} today (AQI)?"],
                "aqi",
                "city",
            ),
        ),
        _template(
            "Sun Times",
            "sunrise",
            _simple(
                "Sun Times",
                "sunrise",
                CITY_NAMES,
                ["When does the sun rise in {v}?", "What time is sunrise in {v}?"],
                "sunrise",
                "city",
            ),
        ),
        _template("Coin Rates", "convert", _convert),
        _template(
            "Stock Desk",
            "quote",
            _simple(
                "Stock Desk",
                "quote",
                sorted(STOCKS),
                ["What is {v} trading at?", "Get me the share price of {v}."],
                "price",
                "symbol",
            ),
        ),
        _template("Tax Calc", "vat", _vat),
        _template("Recipe Box", "recipe_details", _recipe),
        _template(
            "Nutri Facts",
            "calories",
            _simple(
                "Nutri Facts",
                "calories",
                ["apple", "bread", "cheese", "lentils", "spinach", "yogurt", "walnuts", "oats"],
                ["How many calories are in 100 g of {v}?", "What is the energy of {v} per 100 grams?"],
                "kcal_per_100g",
                "food",
            ),
        ),
        _template(
            "Flight Finder",
            "flights",
            _route(
                "Flight Finder",
                "flights",
                "flights.0.number",
                ["Which flight goes from {o} to {d}?", "Find me a flight number from {o} to {d}."],
            ),
        ),
        _template(
            "Hotel Hub",
            "hotels",
            _simple(
                "Hotel Hub",
                "hotels",
                CITY_NAMES,
                ["Suggest a hotel in {v}.", "Where can I stay in {v}?"],
                "hotels.0.name",
                "city",
            ),
        ),
        _template(
            "Rail Line",
            "train_time",
            _route(
                "Rail Line",
                "train_time",
                "minutes",
                ["How many minutes does the train from {o} to {d} take?", "Train time from {o} to {d}?"],
            ),
        ),
        _template(
            "Film Base",
            "film_year",
            _simple(
                "Film Base",
                "film_year",
                sorted(FILMS),
                ["When was the film {v} released?", "What year did {v} come out?"],
                "year",
                "title",
            ),
        ),
        _template(
            "Song Finder",
            "song_artist",
            _simple(
                "Song Finder",
                "song_artist",
                sorted(SONGS),
                ["Who sings {v}?", "Which artist recorded the song {v}?"],
                "artist",
                "title",
            ),
        ),
    ]


def make_inputs(root: Path) -> BuildInputs:
    """The world written under ``root`` and loaded as a build's inputs."""
    tools_dir, tools, collections = read_catalog_docs(write_catalog(root))
    return BuildInputs(tools_dir, tools, collections, templates(), world=None, execute=execute)
