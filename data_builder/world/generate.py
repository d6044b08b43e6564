"""The whole world from one seed, and its files: one JSON file per table, one record per line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from data_builder.world import gen_economy as eco
from data_builder.world import gen_life as life
from data_builder.world import gen_media as media
from data_builder.world import gen_places as geo
from data_builder.world.common import TODAY, Table

DEFAULT_SEED = 20250615
WORLD_VERSION = 1


def generate_world(seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Every table of the world, by name; ``meta`` is a dict, the others are lists of records."""
    countries = geo.countries(seed)
    cities = geo.cities(seed)
    codes = [c["code"] for c in countries]
    airports = geo.airports(seed, cities)
    airlines = geo.airlines(seed)
    hotels, hotel_reviews = geo.hotels(seed, cities)
    stations, rail_services = geo.rail(seed, cities)
    venues = geo.venues(seed, cities)
    companies = eco.companies(seed, cities)
    products, product_reviews = eco.products(seed, companies)
    film_people = media.film_people(seed, cities)
    films, film_reviews = media.films(seed, film_people)
    artists, albums, songs = media.music(seed, cities)
    authors, books = media.authors_books(seed, cities)
    news_sources, articles = media.news(seed, codes)
    users, posts, comments = media.social(seed, cities)
    ingredients = life.ingredients()
    leagues, teams, players, matches = life.sports(seed, cities)
    elements, planets = life.elements(), life.planets()
    tables: dict[str, Table] = {
        "countries": countries,
        "cities": cities,
        "weather": geo.weather(seed, cities),
        "air_quality": geo.air_quality(seed, cities),
        "pollutants": geo.pollutants(),
        "alerts": geo.alerts(seed, cities),
        "airports": airports,
        "airlines": airlines,
        "routes": geo.routes(seed, airports, airlines),
        "hotels": hotels,
        "hotel_reviews": hotel_reviews,
        "attractions": geo.attractions(seed, cities),
        "visas": geo.visas(seed),
        "advisories": geo.advisories(seed),
        "restaurants": geo.restaurants(seed, cities),
        "venues": venues,
        "stations": stations,
        "rail_services": rail_services,
        "chargers": geo.chargers(seed, cities),
        "currencies": geo.currencies(seed),
        "cinemas": geo.cinemas(seed, cities, films),
        "companies": companies,
        "stock_prices": eco.stock_prices(seed, companies),
        "domains": eco.domains(seed, companies),
        "coins": eco.coins(seed),
        "products": products,
        "product_reviews": product_reviews,
        "stores": eco.stores(seed, cities, products),
        "carriers": eco.carriers(),
        "packages": eco.packages(seed, cities),
        "jobs": eco.jobs(seed, companies, cities),
        "film_people": film_people,
        "films": films,
        "film_reviews": film_reviews,
        "artists": artists,
        "albums": albums,
        "songs": songs,
        "charts": media.charts(seed, songs, codes[::3]),
        "authors": authors,
        "books": books,
        "podcasts": media.podcasts(seed),
        "games": media.games(seed, companies),
        "news_sources": news_sources,
        "articles": articles,
        "users": users,
        "posts": posts,
        "comments": comments,
        "ingredients": ingredients,
        "recipes": life.recipes(seed, ingredients),
        "leagues": leagues,
        "teams": teams,
        "players": players,
        "matches": matches,
        "events": life.events(seed, venues, artists),
        "universities": life.universities(seed, cities),
        "elements": elements,
        "planets": planets,
        "trivia": life.trivia(seed, countries, elements, planets),
        "words": life.words(),
        "phrases": life.phrases(),
        "languages": life.languages(),
        "exercises": life.exercises(),
    }
    world: dict[str, Any] = {"meta": {"seed": seed, "today": TODAY.isoformat(), "version": WORLD_VERSION}}
    world.update(tables)
    return world


def dump_table(value: Any) -> str:
    """A table as text: a JSON list with one compact, key-sorted record per line (diff-friendly)."""
    if isinstance(value, list):
        lines = [json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for row in value]
        return "[\n" + ",\n".join(lines) + "\n]\n"
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def world_files(seed: int = DEFAULT_SEED) -> dict[str, str]:
    """File name -> text for every table."""
    return {f"{name}.json": dump_table(rows) for name, rows in generate_world(seed).items()}


def write_world(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the world's files into ``out_dir`` (atomically, file by file); stale table files are removed."""
    from harness.util.files import write_text_atomic

    files = world_files(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in sorted(out_dir.glob("*.json")):
        if stale.name not in files:
            stale.unlink()
    written = []
    for name, text in files.items():
        write_text_atomic(out_dir / name, text)
        written.append(out_dir / name)
    return written
