"""Films, music, books, podcasts, games, news and social posts."""

from __future__ import annotations

import random
import string

from data_builder.world.common import Ids, Table, day, person_name, slug, table_rng, unique
from data_builder.world.words import (
    ADJECTIVES,
    BOOK_GENRES,
    GAME_GENRES,
    GENRES_FILM,
    GENRES_MUSIC,
    NEWS_TOPICS,
    NOUNS,
    PLATFORMS,
    PODCAST_CATEGORIES,
    REVIEW_BAD,
    REVIEW_GOOD,
    SENTENCE_BITS,
)

HEADLINE_VERBS = [
    "sparks debate",
    "draws record crowds",
    "faces delays",
    "wins approval",
    "surprises experts",
    "goes global",
    "returns after decade",
]


def title(rng: random.Random) -> str:
    """An invented title such as "The Silent Harbor" or "Echo of the Valley"."""
    a, n, m = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(NOUNS)
    return rng.choice([f"The {a} {n}", f"{n} of the {m}", f"{a} {n}", f"A {a} {n}", f"{n} and {m}"])


def film_people(seed: int, city_rows: Table) -> Table:
    rng = table_rng(seed, "film_people")
    ids, used = Ids(rng, "nm", 7), set()
    rows = []
    for profession, count in (("Actor", 90), ("Director", 30)):
        for _ in range(count):
            rows.append(
                {
                    "id": ids.new(),
                    "name": person_name(rng, used),
                    "profession": profession,
                    "birth_date": f"{rng.randint(1950, 2002)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "birth_city_id": rng.choice(city_rows)["id"],
                    "awards": rng.randint(0, 12),
                }
            )
    return rows


def films(seed: int, people: Table) -> tuple[Table, Table]:
    rng = table_rng(seed, "films")
    ids, review_ids, titles = Ids(rng, "tt", 7), Ids(rng, "rv", 7), set()
    actors = [p for p in people if p["profession"] == "Actor"]
    directors = [p for p in people if p["profession"] == "Director"]
    rows, reviews = [], []
    for index in range(150):
        name = unique(rng, title, titles)
        year = 2024 + index % 2 if index < 30 else rng.randint(1985, 2023)
        genres = sorted(rng.sample(GENRES_FILM, rng.randint(1, 2)))
        cast = [
            {"person_id": a["id"], "character": person_name(rng).split()[0] + " " + rng.choice(NOUNS)}
            for a in rng.sample(actors, 4)
        ]
        film = {
            "id": ids.new(),
            "title": name,
            "year": year,
            "genres": genres,
            "runtime_min": rng.randint(82, 170),
            "director_id": rng.choice(directors)["id"],
            "cast": cast,
            "language": rng.choice(["English", "English", "French", "Spanish", "Japanese", "Korean", "German"]),
            "certification": rng.choice(["G", "PG", "PG-13", "R"]),
            "box_office_usd": rng.randint(1, 900) * 1_000_000,
            "synopsis": f"A {genres[0].lower()} about {rng.choice(ADJECTIVES).lower()} "
            f"{rng.choice(NOUNS).lower()}s and the people who chase them.",
        }
        scores = []
        for _ in range(rng.randint(3, 7)):
            score = rng.randint(2, 10)
            scores.append(score)
            reviews.append(
                {
                    "id": review_ids.new(),
                    "film_id": film["id"],
                    "author": person_name(rng),
                    "score": score,
                    "date": day(-rng.randint(1, 900)),
                    "headline": rng.choice(REVIEW_GOOD if score >= 7 else REVIEW_BAD),
                }
            )
        film["rating"] = round(sum(scores) / len(scores), 1)
        film["votes"] = rng.randint(200, 90000)
        rows.append(film)
    return rows, sorted(reviews, key=lambda r: (r["film_id"], r["date"], r["id"]))


def music(seed: int, city_rows: Table) -> tuple[Table, Table, Table]:
    """Artists, their albums and the albums' songs (with short invented lyrics)."""
    rng = table_rng(seed, "music")
    artist_ids, album_ids, song_ids = Ids(rng, "ar", 6), Ids(rng, "al", 6), Ids(rng, "so", 7)
    names: set[str] = set()
    artists, albums, songs = [], [], []
    for _ in range(60):
        name = unique(
            rng,
            lambda r: r.choice(
                [
                    f"The {r.choice(ADJECTIVES)} {r.choice(NOUNS)}s",
                    person_name(r),
                    f"{r.choice(NOUNS)} {r.choice(['Club', 'Theory', 'Kids'])}",
                ]
            ),
            names,
        )
        artist = {
            "id": artist_ids.new(),
            "name": name,
            "genre": rng.choice(GENRES_MUSIC),
            "country_code": rng.choice(city_rows)["country_code"],
            "formed": rng.randint(1975, 2020),
            "monthly_listeners": rng.randint(5, 9000) * 1000,
        }
        artists.append(artist)
        titles: set[str] = set()
        for _ in range(rng.randint(2, 3)):
            year = rng.randint(artist["formed"], 2025)
            album = {
                "id": album_ids.new(),
                "title": unique(rng, title, titles),
                "artist_id": artist["id"],
                "year": year,
                "label": rng.choice(["Northside Records", "Blue Orbit", "Paper Moon Music", "Independent"]),
                "tracks": [],
            }
            for number in range(1, rng.randint(6, 10) + 1):
                song = {
                    "id": song_ids.new(),
                    "title": unique(rng, title, titles),
                    "artist_id": artist["id"],
                    "album_id": album["id"],
                    "track_number": number,
                    "duration_sec": rng.randint(140, 330),
                    "bpm": rng.randint(70, 170),
                    "key": rng.choice(["C major", "G major", "D minor", "A minor", "E major", "F# minor"]),
                    "plays": rng.randint(10, 90000) * 1000,
                    "explicit": rng.random() < 0.15,
                    "year": year,
                    "lyrics": [s.capitalize() for s in rng.sample(SENTENCE_BITS, 4)],
                }
                album["tracks"].append(song["id"])
                songs.append(song)
            albums.append(album)
    return artists, albums, songs


def charts(seed: int, song_rows: Table, country_codes: list[str]) -> Table:
    rng = table_rng(seed, "charts")
    rows = []
    for code in ["GLOBAL", *country_codes]:
        picks = rng.sample(song_rows, 20)
        rows.append(
            {
                "chart": code,
                "week_of": day(-1),
                "entries": [
                    {
                        "position": i + 1,
                        "song_id": s["id"],
                        "last_week": rng.choice([None, *range(1, 41)]),
                        "weeks_on_chart": rng.randint(1, 30),
                    }
                    for i, s in enumerate(picks)
                ],
            }
        )
    return rows


def authors_books(seed: int, city_rows: Table) -> tuple[Table, Table]:
    rng = table_rng(seed, "books")
    author_ids, book_ids, used, titles = Ids(rng, "OL", 5), Ids(rng, "BK", 6), set(), set()
    authors, books = [], []
    for _ in range(40):
        authors.append(
            {
                "id": author_ids.new(),
                "name": person_name(rng, used),
                "birth_year": rng.randint(1930, 1995),
                "nationality": rng.choice(city_rows)["country_code"],
            }
        )
    for author in authors:
        for _ in range(rng.randint(2, 4)):
            books.append(
                {
                    "id": book_ids.new(),
                    "title": unique(rng, title, titles),
                    "author_id": author["id"],
                    "year": rng.randint(author["birth_year"] + 22, 2025),
                    "genre": rng.choice(BOOK_GENRES),
                    "pages": rng.randint(120, 720),
                    "isbn": "978" + "".join(rng.choice(string.digits) for _ in range(10)),
                    "rating": round(rng.uniform(2.8, 4.9), 2),
                    "publisher": rng.choice(["Harbor House", "Quill & Co", "Meridian Press", "Lantern Books"]),
                }
            )
    return authors, books


def podcasts(seed: int) -> Table:
    rng = table_rng(seed, "podcasts")
    ids, titles = Ids(rng, "pod", 5), set()
    rows = []
    for _ in range(40):
        category = rng.choice(PODCAST_CATEGORIES)
        name = unique(
            rng,
            lambda r, c=category: (
                f"{r.choice(['The', 'Inside', 'Beyond', 'Daily'])} "
                f"{r.choice(NOUNS)} {r.choice(['Hour', 'Show', 'Files', 'Podcast', 'Briefing'])}"
            ),
            titles,
        )
        episodes = [
            {
                "number": n,
                "title": title(rng),
                "published": day(-7 * (12 - n) - rng.randint(0, 3)),
                "duration_min": rng.randint(18, 95),
            }
            for n in range(1, 13)
        ]
        rows.append(
            {
                "id": ids.new(),
                "title": name,
                "host": person_name(rng),
                "category": category,
                "language": rng.choice(["English", "English", "Spanish", "German"]),
                "rating": round(rng.uniform(3.5, 5.0), 1),
                "episodes": episodes,
            }
        )
    return rows


def games(seed: int, company_rows: Table) -> Table:
    rng = table_rng(seed, "games")
    ids, titles = Ids(rng, "G", 5), set()
    rows = []
    for _ in range(80):
        price = rng.choice([9.99, 19.99, 29.99, 39.99, 59.99, 69.99])
        platforms = sorted(rng.sample(PLATFORMS, rng.randint(1, 4)))
        rows.append(
            {
                "id": ids.new(),
                "title": unique(rng, title, titles),
                "developer": rng.choice(company_rows)["name"],
                "year": rng.randint(2010, 2025),
                "genres": sorted(rng.sample(GAME_GENRES, rng.randint(1, 2))),
                "platforms": platforms,
                "rating": rng.randint(45, 97),
                "age_rating": rng.choice(["E", "T", "M"]),
                "prices": {
                    p: {"price_usd": price, "discount_pct": rng.choice([0, 0, 10, 25, 50, 75])} for p in platforms
                },
            }
        )
    return rows


def news(seed: int, country_codes: list[str]) -> tuple[Table, Table]:
    rng = table_rng(seed, "news")
    sources = [
        {
            "id": slug(n),
            "name": n,
            "country_code": rng.choice(country_codes),
            "language": "en",
            "founded": rng.randint(1850, 2015),
        }
        for n in [
            "Daily Meridian",
            "The Harbor Times",
            "Global Wire",
            "Metro Chronicle",
            "Northern Post",
            "Pacific Herald",
            "Continental Report",
            "The Evening Ledger",
            "Capital Courier",
            "World Digest",
        ]
    ]
    ids, titles = Ids(rng, "A", 7), set()
    articles = []
    for _ in range(220):
        topic = rng.choice(NEWS_TOPICS)
        headline = unique(
            rng,
            lambda r, t=topic: (
                f"{r.choice(ADJECTIVES)} {r.choice(NOUNS).lower()} {r.choice(HEADLINE_VERBS)} in {t.lower()}"
            ),
            titles,
        )
        source = rng.choice(sources)
        articles.append(
            {
                "id": ids.new(),
                "title": headline,
                "source_id": source["id"],
                "topic": topic,
                "author": person_name(rng),
                "published": day(-rng.randint(0, 29)),
                "country_code": rng.choice([source["country_code"], rng.choice(country_codes)]),
                "word_count": rng.randint(250, 2200),
                "summary": f"Reporting on {headline.lower()}.",
            }
        )
    return sources, sorted(articles, key=lambda a: (a["published"], a["id"]), reverse=True)


def social(seed: int, city_rows: Table) -> tuple[Table, Table, Table]:
    rng = table_rng(seed, "social")
    user_ids, post_ids, comment_ids, handles = Ids(rng, "u", 6), Ids(rng, "p", 8), Ids(rng, "c", 8), set()
    tags = ["travel", "food", "music", "fitness", "tech", "books", "photography", "coffee", "running", "art"]
    users, posts, comments = [], [], []
    for _ in range(80):
        name = person_name(rng)
        handle = unique(
            rng, lambda r, n=name: n.lower().replace(" ", r.choice(["_", ".", ""])) + str(r.randint(1, 99)), handles
        )
        users.append(
            {
                "id": user_ids.new(),
                "username": handle,
                "display_name": name,
                "city_id": rng.choice(city_rows)["id"],
                "followers": rng.randint(10, 250_000),
                "following": rng.randint(5, 2000),
                "joined": day(-rng.randint(30, 3000)),
                "verified": rng.random() < 0.1,
                "bio": f"Into {rng.choice(tags)} and {rng.choice(tags)}.",
            }
        )
    for user in users:
        for _ in range(rng.randint(2, 7)):
            chosen = rng.sample(tags, 2)
            post = {
                "id": post_ids.new(),
                "user_id": user["id"],
                "created": day(-rng.randint(0, 60)),
                "text": f"{rng.choice(SENTENCE_BITS).capitalize()} #{chosen[0]} #{chosen[1]}",
                "likes": rng.randint(0, 5000),
                "reposts": rng.randint(0, 800),
            }
            posts.append(post)
            for _ in range(rng.randint(0, 4)):
                comments.append(
                    {
                        "id": comment_ids.new(),
                        "post_id": post["id"],
                        "user_id": rng.choice(users)["id"],
                        "text": rng.choice(
                            [
                                "Love this!",
                                "So true.",
                                "Where is this?",
                                "Great shot",
                                "Couldn't agree more",
                                "Adding this to my list",
                            ]
                        ),
                        "created": post["created"],
                    }
                )
    return users, sorted(posts, key=lambda p: (p["created"], p["id"]), reverse=True), comments
