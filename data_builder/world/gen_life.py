"""Recipes, sports, events, universities, trivia and the fixed reference tables."""

from __future__ import annotations

import random
from datetime import timedelta

from data_builder.world.common import TODAY, Ids, Table, day, person_name, table_rng, unique
from data_builder.world.reference import ELEMENTS, EXERCISES, INGREDIENTS, LANGUAGES, PHRASES, PLANETS, WORDS
from data_builder.world.words import (
    COURSE_TOPICS,
    CUISINES,
    EVENT_TYPES,
    NOUNS,
    POSITIONS,
    TEAM_SUFFIXES,
    UNIVERSITY_DEPARTMENTS,
)

DISH_BASES = ["Chicken", "Salmon", "Tofu", "Shrimp", "Beef", "Chickpea", "Lentil", "Mushroom", "Eggplant", "Vegetable"]
DISH_STYLES = {
    "Italian": ["Pasta", "Risotto", "Bake"],
    "Mexican": ["Tacos", "Burrito Bowl", "Quesadilla"],
    "Japanese": ["Donburi", "Teriyaki", "Noodle Soup"],
    "Indian": ["Curry", "Masala", "Biryani"],
    "French": ["Gratin", "Fricassee", "Tart"],
    "Thai": ["Green Curry", "Stir-Fry", "Noodle Salad"],
    "Greek": ["Souvlaki", "Traybake", "Orzo"],
    "Moroccan": ["Tagine", "Couscous", "Stew"],
    "Spanish": ["Paella", "Skillet", "Tapas Plate"],
    "Korean": ["Bibimbap", "Bulgogi Bowl", "Pancake"],
}
MAIN_INGREDIENT = {
    "Chicken": "chicken breast",
    "Salmon": "salmon fillet",
    "Tofu": "tofu",
    "Shrimp": "shrimp",
    "Beef": "beef mince",
    "Chickpea": "chickpeas",
    "Lentil": "lentils",
    "Mushroom": "mushroom",
    "Eggplant": "eggplant",
    "Vegetable": "zucchini",
}


def ingredients() -> Table:
    return [
        {
            "id": f"ing-{i + 1:03d}",
            "name": n,
            "per_100g": {"kcal": k, "protein_g": p, "fat_g": f, "carbs_g": c, "fiber_g": fb},
        }
        for i, (n, k, p, f, c, fb) in enumerate(INGREDIENTS)
    ]


def recipes(seed: int, ingredient_rows: Table) -> Table:
    rng = table_rng(seed, "recipes")
    ids, names = Ids(rng, "rcp", 5), set()
    by_name = {i["name"]: i for i in ingredient_rows}
    pantry = [i for i in ingredient_rows if i["name"] not in MAIN_INGREDIENT.values()]
    rows = []
    for _ in range(100):
        cuisine = rng.choice(CUISINES)
        base = rng.choice(DISH_BASES)
        name = unique(
            rng,
            lambda r, c=cuisine, b=base: (
                f"{r.choice(['', 'Spicy ', 'Lemon ', 'Garlic ', 'Smoky ', 'Herb '])}{b} {r.choice(DISH_STYLES[c])}"
            ),
            names,
        )
        items = [by_name[MAIN_INGREDIENT[base]], *rng.sample(pantry, rng.randint(3, 6))]
        servings = rng.randint(2, 6)
        rows.append(
            {
                "id": ids.new(),
                "name": name,
                "cuisine": cuisine,
                "course": rng.choice(["Main", "Main", "Lunch", "Dinner"]),
                "prep_min": rng.randint(5, 40),
                "cook_min": rng.randint(10, 90),
                "servings": servings,
                "difficulty": rng.choice(["Easy", "Medium", "Hard"]),
                "rating": round(rng.uniform(3.0, 5.0), 1),
                "vegetarian": base in ("Tofu", "Chickpea", "Lentil", "Mushroom", "Eggplant", "Vegetable"),
                "ingredients": [
                    {"ingredient_id": i["id"], "name": i["name"], "grams": rng.randint(1, 30) * 10} for i in items
                ],
                "steps": [
                    f"Prepare the {items[1]['name']} and {items[2]['name']}.",
                    f"Cook the {items[0]['name']} until golden.",
                    "Combine everything, season and serve.",
                ],
            }
        )
    return rows


def sports(seed: int, city_rows: Table) -> tuple[Table, Table, Table, Table]:
    """Four leagues of ten teams: squads, and a double round robin of weekly rounds from 2025-03-01 whose
    rounds after the world's today have no score yet; goals are credited to individual scorers."""
    rng = table_rng(seed, "sports")
    league_ids, team_ids, player_ids, match_ids = Ids(rng, "L", 3), Ids(rng, "T", 4), Ids(rng, "P", 6), Ids(rng, "M", 6)
    leagues, teams, players, matches = [], [], [], []
    used_names: set[str] = set()
    pools = [c for c in city_rows]
    rng.shuffle(pools)
    for index, league_name in enumerate(
        ["Premier Coast League", "Continental Super League", "Northern Cup League", "Southern Star League"]
    ):
        league = {"id": league_ids.new(), "name": league_name, "season": "2025", "teams": []}
        leagues.append(league)
        for city in pools[index * 10 : (index + 1) * 10]:
            name = unique(rng, lambda r, c=city: f"{c['name']} {r.choice(TEAM_SUFFIXES)}", used_names)
            team = {
                "id": team_ids.new(),
                "name": name,
                "league_id": league["id"],
                "city_id": city["id"],
                "founded": rng.randint(1880, 1990),
                "stadium": f"{rng.choice(NOUNS)} Stadium",
                "coach": person_name(rng),
                "squad": [],
            }
            for number in range(1, 19):
                position = POSITIONS[0] if number in (1, 18) else POSITIONS[1 + (number - 2) % 3]
                player = {
                    "id": player_ids.new(),
                    "name": person_name(rng),
                    "team_id": team["id"],
                    "number": number,
                    "position": position,
                    "age": rng.randint(18, 36),
                    "nationality": rng.choice(city_rows)["country_code"],
                    "goals": 0,
                    "appearances": 0,
                }
                team["squad"].append(player["id"])
                players.append(player)
            league["teams"].append(team["id"])
            teams.append(team)
        schedule = _round_robin(rng, league["teams"])
        squad = {
            t["id"]: [p for p in players if p["team_id"] == t["id"]] for t in teams if t["league_id"] == league["id"]
        }
        start = TODAY.replace(month=3, day=1)
        for number, pairs in enumerate(schedule):
            date = (start + timedelta(days=7 * number)).isoformat()
            for home, away in pairs:
                match = {
                    "id": match_ids.new(),
                    "league_id": league["id"],
                    "round": number + 1,
                    "date": date,
                    "home_team_id": home,
                    "away_team_id": away,
                    "status": "Scheduled",
                    "home_goals": None,
                    "away_goals": None,
                    "scorers": [],
                }
                if date < TODAY.isoformat():
                    match["status"] = "Finished"
                    match["home_goals"], match["away_goals"] = (
                        rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4]),
                        rng.choice([0, 0, 1, 1, 2, 2, 3]),
                    )
                    for side, goals in ((home, match["home_goals"]), (away, match["away_goals"])):
                        for appearing in squad[side][:11]:
                            appearing["appearances"] += 1
                        for _ in range(goals):
                            scorer = rng.choice([p for p in squad[side] if p["position"] != "Goalkeeper"])
                            scorer["goals"] += 1
                            match["scorers"].append(
                                {"player_id": scorer["id"], "team_id": side, "minute": rng.randint(1, 90)}
                            )
                    match["scorers"].sort(key=lambda s: s["minute"])
                matches.append(match)
    return leagues, teams, players, matches


def _round_robin(rng: random.Random, team_ids: list[str]) -> list[list[tuple[str, str]]]:
    """Circle method: 9 rounds, then the same rounds with home and away swapped."""
    order = list(team_ids)
    rng.shuffle(order)
    rounds = []
    for _ in range(len(order) - 1):
        rounds.append([(order[i], order[-1 - i]) for i in range(len(order) // 2)])
        order = [order[0], order[-1], *order[1:-1]]
    return rounds + [[(b, a) for a, b in r] for r in rounds]


def events(seed: int, venue_rows: Table, artist_rows: Table) -> Table:
    rng = table_rng(seed, "events")
    ids, names = Ids(rng, "EVT", 6), set()
    rows = []
    for _ in range(240):
        venue = rng.choice(venue_rows)
        kind = rng.choice(EVENT_TYPES)
        performers = (
            [a["id"] for a in rng.sample(artist_rows, rng.randint(1, 3))] if kind in ("Concert", "Festival") else []
        )
        name = unique(
            rng,
            lambda r, k=kind: (
                f"{r.choice(['Summer', 'City', 'Grand', 'Open', 'Midnight', 'Harbor'])} {r.choice(NOUNS)} {k}"
            ),
            names,
        )
        base = rng.randint(10, 90)
        rows.append(
            {
                "id": ids.new(),
                "name": name,
                "type": kind,
                "venue_id": venue["id"],
                "city_id": venue["city_id"],
                "date": day(rng.randint(-20, 90)),
                "start_time": rng.choice(["10:00", "14:00", "18:30", "19:30", "20:00"]),
                "performers": performers,
                "organizer": rng.choice(["LiveNation Lite", "Citywide Events", "Harbor Promotions"]),
                "status": rng.choices(["Scheduled", "Sold out", "Cancelled"], [10, 2, 1])[0],
                "tickets": [
                    {"tier": t, "price_usd": round(base * m, 2), "available": rng.randint(0, 400)}
                    for t, m in (("General", 1.0), ("Premium", 1.8), ("VIP", 3.5))
                ],
            }
        )
    return sorted(rows, key=lambda e: (e["date"], e["id"]))


def universities(seed: int, city_rows: Table) -> Table:
    rng = table_rng(seed, "universities")
    ids = Ids(rng, "UNI", 4)
    rows = []
    for city in rng.sample(city_rows, 50):
        kind = rng.choice(
            ["University of {c}", "{c} Institute of Technology", "{c} State University", "Royal College of {c}"]
        )
        depts = sorted(rng.sample(UNIVERSITY_DEPARTMENTS, 4))
        courses = []
        for dept in depts:
            for topic in COURSE_TOPICS[dept]:
                courses.append(
                    {
                        "code": f"{dept[:3].upper()}{rng.randint(100, 499)}",
                        "title": topic,
                        "department": dept,
                        "credits": rng.choice([3, 4, 5, 6, 7.5]),
                        "level": rng.choice(["Undergraduate", "Graduate"]),
                    }
                )
        rows.append(
            {
                "id": ids.new(),
                "name": kind.format(c=city["name"]),
                "city_id": city["id"],
                "founded": rng.randint(1200, 1990),
                "students": rng.randint(30, 600) * 100,
                "world_rank": 0,
                "acceptance_rate": round(rng.uniform(0.05, 0.8), 2),
                "tuition_usd": rng.randint(0, 55) * 1000,
                "departments": depts,
                "courses": courses,
                "_score": rng.random(),
            }
        )
    for rank, row in enumerate(sorted(rows, key=lambda r: r["_score"]), start=1):
        row["world_rank"] = rank * 7 + rank % 5
    for row in rows:
        del row["_score"]
    return rows


def trivia(seed: int, country_rows: Table, element_rows: Table, planet_rows: Table) -> Table:
    """Questions built from the world's own facts, so every answer can be checked against the tools."""
    rng = table_rng(seed, "trivia")
    ids = Ids(rng, "Q", 5)
    rows = []
    for country in country_rows:
        others = [c["capital"] for c in rng.sample(country_rows, 4) if c is not country][:3]
        rows.append(
            {
                "id": ids.new(),
                "category": "Geography",
                "difficulty": rng.choice(["easy", "medium"]),
                "question": f"What is the capital of {country['name']}?",
                "answer": country["capital"],
                "choices": sorted([country["capital"], *others]),
            }
        )
    for element in element_rows:
        others = [e["symbol"] for e in rng.sample(element_rows, 4) if e is not element][:3]
        rows.append(
            {
                "id": ids.new(),
                "category": "Science",
                "difficulty": rng.choice(["medium", "hard"]),
                "question": f"What is the chemical symbol of {element['name']}?",
                "answer": element["symbol"],
                "choices": sorted([element["symbol"], *others]),
            }
        )
    for planet in planet_rows:
        rows.append(
            {
                "id": ids.new(),
                "category": "Astronomy",
                "difficulty": "hard",
                "question": f"How many known moons does {planet['name']} have?",
                "answer": str(planet["moons"]),
                "choices": sorted({str(planet["moons"]), *(str(planet["moons"] + d) for d in (1, 2, 5))}, key=int),
            }
        )
    rng.shuffle(rows)
    return rows


def elements() -> Table:
    return [
        {"number": n, "symbol": s, "name": name, "atomic_mass": m, "group": g, "period": p, "category": c, "phase": ph}
        for n, s, name, m, g, p, c, ph in ELEMENTS
    ]


def planets() -> Table:
    return [
        {
            "name": n,
            "distance_from_sun_million_km": d,
            "diameter_km": dia,
            "day_length_hours": h,
            "orbital_period_days": y,
            "moons": m,
        }
        for n, d, dia, h, y, m in PLANETS
    ]


def words() -> Table:
    return [
        {"word": w, "part_of_speech": pos, "definition": d, "synonyms": s, "antonyms": a, "example": e}
        for w, pos, d, s, a, e in WORDS
    ]


def phrases() -> Table:
    codes = [code for code, _ in LANGUAGES]
    return [{"key": row[0], "texts": dict(zip(codes, row[1:], strict=True))} for row in PHRASES]


def languages() -> Table:
    return [{"code": c, "name": n} for c, n in LANGUAGES]


def exercises() -> Table:
    return [
        {"id": f"ex-{i + 1:02d}", "name": n, "muscle": m, "equipment": e, "difficulty": d, "met": met}
        for i, (n, m, e, d, met) in enumerate(EXERCISES)
    ]
