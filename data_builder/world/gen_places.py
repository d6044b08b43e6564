"""Places and what happens in them: countries, cities, weather, air, travel, food and venues."""

from __future__ import annotations

import string
from typing import Any

from data_builder.world.common import Ids, Table, day, distance_km, person_name, slug, table_rng, unique
from data_builder.world.places import CITIES, COUNTRIES, CURRENCIES
from data_builder.world.reference import POLLUTANTS
from data_builder.world.words import (
    AMENITIES,
    ATTRACTION_KINDS,
    CUISINES,
    HOTEL_KINDS,
    HOTEL_WORDS,
    LAST_NAMES,
    REVIEW_BAD,
    REVIEW_GOOD,
    WEATHER_CONDITIONS,
)

STREETS = [
    "Main Street",
    "Harbour Road",
    "Station Square",
    "Market Lane",
    "Park Avenue",
    "River Walk",
    "King's Road",
    "Garden Street",
    "Cathedral Square",
    "Ocean Drive",
]


def countries(seed: int) -> Table:
    rng = table_rng(seed, "countries")
    rows = []
    for code, name, capital, continent, currency, calling, languages, offset in COUNTRIES:
        population = rng.randint(2, 300) * 1_000_000 + rng.randint(0, 999) * 1000
        history = {}
        value = population
        for year in range(2024, 2014, -1):
            history[str(year)] = value
            value = int(value / (1 + rng.uniform(-0.004, 0.018)))
        rows.append(
            {
                "code": code,
                "name": name,
                "capital": capital,
                "continent": continent,
                "currency": currency,
                "calling_code": calling,
                "languages": languages.split(", "),
                "utc_offset": offset,
                "population": population,
                "area_km2": rng.randint(700, 9_900) * 1000,
                "gdp_usd_billion": round(rng.uniform(20, 3000), 1),
                "population_history": history,
            }
        )
    return rows


def cities(seed: int) -> Table:
    rng = table_rng(seed, "cities")
    ids, keys = Ids(rng, "CY", 5), Ids(rng, "", 6)
    dests = Ids(rng, "-", 7)
    rows = []
    offsets = {c[0]: c[7] for c in COUNTRIES}
    for code, _, capital, *_ in COUNTRIES:
        for name, lat, lon, offset in CITIES[code]:
            rows.append(
                {
                    "id": ids.new(),
                    "name": name,
                    "country_code": code,
                    "lat": lat,
                    "lon": lon,
                    "utc_offset": offsets[code] if offset is None else offset,
                    "is_capital": name == capital,
                    "population": rng.randint(150, 9000) * 1000,
                    "elevation_m": rng.randint(0, 900),
                    "weather_key": keys.new(),
                    "dest_id": dests.new(),
                }
            )
    return rows


def weather(seed: int, city_rows: Table) -> Table:
    """Per city: current conditions, the last 20 days and a 14-day forecast (days -20 .. +13)."""
    rng = table_rng(seed, "weather")
    rows = []
    for city in city_rows:
        base = 28 - abs(city["lat"]) * 0.45 + (8 if city["lat"] > 0 else -6)  # June: north warm, south cool
        days = []
        for offset in range(-20, 14):
            mean = base + rng.uniform(-4, 4)
            condition = rng.choice(WEATHER_CONDITIONS if mean < 3 else WEATHER_CONDITIONS[:8])
            wet = condition in ("Light rain", "Heavy rain", "Thunderstorm", "Snow")
            days.append(
                {
                    "date": day(offset),
                    "min_c": round(mean - rng.uniform(3, 7), 1),
                    "max_c": round(mean + rng.uniform(3, 7), 1),
                    "condition": condition,
                    "precip_mm": round(rng.uniform(1, 30), 1) if wet else 0.0,
                    "precip_chance": rng.randint(55, 95) if wet else rng.randint(0, 30),
                    "humidity": rng.randint(30, 95),
                    "wind_kph": round(rng.uniform(2, 45), 1),
                }
            )
        today = days[20]
        current = {
            "temp_c": round((today["min_c"] + today["max_c"]) / 2 + rng.uniform(-1, 1), 1),
            "condition": today["condition"],
            "humidity": today["humidity"],
            "wind_kph": today["wind_kph"],
            "pressure_hpa": rng.randint(995, 1030),
            "uv_index": rng.randint(0, 11),
            "observed_at": f"{day(0)}T12:00:00",
        }
        current["feels_like_c"] = round(current["temp_c"] - current["wind_kph"] / 20, 1)
        rows.append({"city_id": city["id"], "current": current, "days": days})
    return rows


def air_quality(seed: int, city_rows: Table) -> Table:
    rng = table_rng(seed, "air_quality")
    rows = []
    for city in city_rows:
        levels = {
            "pm25": round(rng.uniform(3, 80), 1),
            "pm10": round(rng.uniform(8, 120), 1),
            "o3": round(rng.uniform(10, 90), 1),
            "no2": round(rng.uniform(5, 70), 1),
            "so2": round(rng.uniform(1, 20), 1),
            "co": round(rng.uniform(0.1, 2.0), 2),
        }
        aqi = int(max(levels["pm25"] * 2.1, levels["pm10"] * 1.0, levels["o3"] * 1.1, levels["no2"] * 1.2))
        dominant = max(
            ("pm25", "pm10", "o3", "no2"),
            key=lambda k: {"pm25": 2.1, "pm10": 1.0, "o3": 1.1, "no2": 1.2}[k] * levels[k],
        )
        rows.append(
            {
                "city_id": city["id"],
                "aqi": aqi,
                "dominant_pollutant": dominant,
                "pollutants": levels,
                "pollen": {"grass": rng.randint(0, 5), "tree": rng.randint(0, 5), "weed": rng.randint(0, 5)},
            }
        )
    return rows


def pollutants() -> Table:
    return [{"code": c, "name": n, "unit": u, "description": d} for c, n, u, d in POLLUTANTS]


def alerts(seed: int, city_rows: Table) -> Table:
    rng = table_rng(seed, "alerts")
    ids = Ids(rng, "AL-", 5)
    kinds = {
        "Heat": "Limit outdoor activity between 11:00 and 17:00 and drink plenty of water.",
        "Storm": "Secure loose objects and avoid travel during the storm.",
        "Flood": "Stay away from rivers and low-lying roads.",
        "Wind": "Expect delays to ferries and flights; avoid coastal paths.",
        "Fog": "Drive slowly with low-beam headlights.",
    }
    rows = []
    for city in rng.sample(city_rows, 30):
        kind = rng.choice(sorted(kinds))
        start = rng.randint(-1, 3)
        severity = rng.choice(["Minor", "Moderate", "Severe"])
        rows.append(
            {
                "id": ids.new(),
                "country_code": city["country_code"],
                "city_id": city["id"],
                "type": kind,
                "severity": severity,
                "starts": day(start),
                "ends": day(start + rng.randint(1, 3)),
                "headline": f"{severity} {kind.lower()} warning for {city['name']}",
                "instructions": kinds[kind],
            }
        )
    return sorted(rows, key=lambda r: (r["country_code"], r["id"]))


def airports(seed: int, city_rows: Table) -> Table:
    rng = table_rng(seed, "airports")
    used: set[str] = set()
    rows = []
    for city in city_rows:
        letters = [c for c in city["name"].upper() if c in string.ascii_uppercase]

        def code(r: Any, letters: list[str] = letters) -> str:
            return letters[0] + "".join(r.choice(letters[1:] + list(string.ascii_uppercase)) for _ in range(2))

        iata = unique(rng, code, used)
        kind = rng.choice(["International Airport", f"{rng.choice(LAST_NAMES)} International Airport", "Airport"])
        rows.append(
            {
                "iata": iata,
                "name": f"{city['name']} {kind}",
                "city_id": city["id"],
                "country_code": city["country_code"],
                "lat": city["lat"],
                "lon": city["lon"],
                "terminals": rng.randint(1, 5),
            }
        )
    return rows


AIRLINES = [
    ("AU", "Aurora Air"),
    ("BX", "Bluefin Airways"),
    ("CQ", "Cirrus Connect"),
    ("MW", "Meridian Wings"),
    ("NJ", "Northjet"),
    ("PZ", "Pacific Zephyr"),
    ("TL", "Tradewind Lines"),
    ("VG", "Vega Airlines"),
    ("HS", "Horizon Star"),
    ("OQ", "Orion Air"),
]


def airlines(seed: int) -> Table:
    rng = table_rng(seed, "airlines")
    rows = []
    for code, name in AIRLINES:
        rows.append(
            {
                "code": code,
                "name": name,
                "country_code": rng.choice(COUNTRIES)[0],
                "alliance": rng.choice(["SkyCircle", "Oneworld Partners", "None"]),
                "fleet_size": rng.randint(20, 300),
                "founded": rng.randint(1950, 2015),
                "on_time_rate": round(rng.uniform(0.7, 0.95), 2),
            }
        )
    return rows


def routes(seed: int, airport_rows: Table, airline_rows: Table) -> Table:
    """Scheduled flights: each airport links to 5 others; a flight runs on listed weekdays (1=Monday)."""
    rng = table_rng(seed, "routes")
    rows: Table = []
    numbers: set[str] = set()
    for origin in airport_rows:
        for dest in rng.sample([a for a in airport_rows if a is not origin], 5):
            for _ in range(rng.randint(1, 2)):
                airline = rng.choice(airline_rows)
                number = unique(rng, lambda r, a=airline: f"{a['code']}{r.randint(100, 9999)}", numbers)
                km = distance_km(origin["lat"], origin["lon"], dest["lat"], dest["lon"])
                rows.append(
                    {
                        "flight_number": number,
                        "airline_code": airline["code"],
                        "from": origin["iata"],
                        "to": dest["iata"],
                        "departure_time": f"{rng.randint(5, 22):02d}:{rng.choice([0, 15, 30, 45]):02d}",
                        "duration_min": int(km / 800 * 60) + 35,
                        "distance_km": int(km),
                        "base_price_usd": round(60 + km * rng.uniform(0.05, 0.11), 2),
                        "weekdays": sorted(rng.sample(range(1, 8), rng.randint(3, 7))),
                        "aircraft": rng.choice(["A320", "A321neo", "B737-800", "B787-9", "A350-900", "E195"]),
                    }
                )
    return sorted(rows, key=lambda r: r["flight_number"])


def hotels(seed: int, city_rows: Table) -> tuple[Table, Table]:
    rng = table_rng(seed, "hotels")
    ids, review_ids = Ids(rng, "", 7), Ids(rng, "R", 8)
    hotel_rows, review_rows = [], []
    for city in city_rows:
        names: set[str] = set()
        for _ in range(rng.randint(3, 5)):
            name = unique(rng, lambda r, c=city: f"{r.choice(HOTEL_WORDS)} {r.choice(HOTEL_KINDS)} {c['name']}", names)
            stars = rng.randint(2, 5)
            price = round(stars * rng.uniform(30, 70), 2)
            hotel = {
                "id": ids.new(),
                "name": name,
                "city_id": city["id"],
                "stars": stars,
                "address": f"{rng.randint(1, 200)} {rng.choice(STREETS)}, {city['name']}",
                "price_per_night_usd": price,
                "amenities": sorted(rng.sample(AMENITIES, rng.randint(3, 6))),
                "checkin_time": rng.choice(["14:00", "15:00", "16:00"]),
                "checkout_time": rng.choice(["10:00", "11:00", "12:00"]),
                "rooms": [
                    {"type": t, "capacity": c, "price_usd": round(price * m, 2), "count": rng.randint(2, 20)}
                    for t, c, m in (("Single", 1, 0.8), ("Double", 2, 1.0), ("Family Suite", 4, 1.7))
                ],
            }
            scores = []
            for _ in range(rng.randint(3, 6)):
                score = rng.randint(max(1, stars - 3), 5)
                scores.append(score)
                review_rows.append(
                    {
                        "id": review_ids.new(),
                        "hotel_id": hotel["id"],
                        "author": person_name(rng),
                        "rating": score,
                        "date": day(-rng.randint(5, 400)),
                        "title": rng.choice(REVIEW_GOOD if score >= 4 else REVIEW_BAD),
                    }
                )
            hotel["rating"] = round(sum(scores) / len(scores) * 2, 1)  # out of 10
            hotel["review_count"] = len(scores)
            hotel_rows.append(hotel)
    return hotel_rows, sorted(review_rows, key=lambda r: (r["hotel_id"], r["date"], r["id"]))


def attractions(seed: int, city_rows: Table) -> Table:
    rng = table_rng(seed, "attractions")
    ids = Ids(rng, "ATR", 5)
    rows = []
    for city in city_rows:
        picks = rng.sample([(kind, n) for kind in sorted(ATTRACTION_KINDS) for n in ATTRACTION_KINDS[kind]], 4)
        for kind, base in picks:
            opening = rng.choice(["08:00", "09:00", "10:00"])
            rows.append(
                {
                    "id": ids.new(),
                    "name": f"{city['name']} {base}",
                    "city_id": city["id"],
                    "type": kind,
                    "rating": round(rng.uniform(3.5, 5.0), 1),
                    "ticket_price_usd": 0.0
                    if kind in ("Park", "Market") and rng.random() < 0.6
                    else round(rng.uniform(5, 35), 2),
                    "opening_hours": f"{opening}-{rng.choice(['17:00', '18:00', '20:00'])}",
                    "closed_on": rng.choice(["Monday", "Tuesday", "None"]),
                    "visit_minutes": rng.choice([45, 60, 90, 120, 180]),
                }
            )
    return rows


def visas(seed: int) -> Table:
    rng = table_rng(seed, "visas")
    rows = []
    codes = [c[0] for c in COUNTRIES]
    for origin in codes:
        for dest in codes:
            if origin == dest:
                continue
            status = rng.choices(["visa_free", "e_visa", "visa_on_arrival", "visa_required"], [5, 2, 2, 1])[0]
            stay = {
                "visa_free": rng.choice([30, 60, 90]),
                "e_visa": rng.choice([30, 90]),
                "visa_on_arrival": rng.choice([15, 30]),
                "visa_required": 0,
            }[status]
            fee = 0.0 if status == "visa_free" else round(rng.choice([25, 40, 60, 80, 160]), 2)
            rows.append({"from": origin, "to": dest, "status": status, "max_stay_days": stay, "fee_usd": fee})
    return rows


def advisories(seed: int) -> Table:
    rng = table_rng(seed, "advisories")
    texts = {
        1: "Exercise normal precautions",
        2: "Exercise increased caution",
        3: "Reconsider travel",
        4: "Do not travel",
    }
    rows = []
    for code, *_ in COUNTRIES:
        level = rng.choices([1, 2, 3, 4], [6, 3, 1, 0.3])[0]
        rows.append(
            {
                "country_code": code,
                "level": level,
                "advice": texts[level],
                "updated": day(-rng.randint(1, 120)),
                "emergency": {
                    "police": rng.choice(["112", "911", "999", "110", "100"]),
                    "ambulance": rng.choice(["112", "911", "999", "119", "102"]),
                    "fire": rng.choice(["112", "911", "999", "119", "101"]),
                },
            }
        )
    return rows


def restaurants(seed: int, city_rows: Table) -> Table:
    rng = table_rng(seed, "restaurants")
    ids = Ids(rng, "RST", 6)
    dishes = {
        "Italian": ["Margherita Pizza", "Tagliatelle al Ragu", "Tiramisu"],
        "Mexican": ["Tacos al Pastor", "Chicken Enchiladas", "Churros"],
        "Japanese": ["Salmon Nigiri", "Tonkotsu Ramen", "Matcha Mochi"],
        "Indian": ["Butter Chicken", "Chana Masala", "Mango Lassi"],
        "French": ["Onion Soup", "Duck Confit", "Creme Brulee"],
        "Thai": ["Pad Thai", "Green Curry", "Mango Sticky Rice"],
        "Greek": ["Moussaka", "Souvlaki Plate", "Baklava"],
        "Moroccan": ["Lamb Tagine", "Vegetable Couscous", "Orange Salad"],
        "Spanish": ["Seafood Paella", "Patatas Bravas", "Crema Catalana"],
        "Korean": ["Bibimbap", "Kimchi Stew", "Hotteok"],
    }
    rows = []
    for city in city_rows:
        names: set[str] = set()
        for cuisine in rng.sample(CUISINES, 3):
            name = unique(
                rng,
                lambda r, c=cuisine: (
                    f"{r.choice(['Casa', 'Chez', 'The', 'Little', 'Golden'])} "
                    f"{r.choice(['Olive', 'Lotus', 'Lantern', 'Fig', 'Saffron', 'Basil', 'Harbor'])} {c} Kitchen"
                ),
                names,
            )
            level = rng.randint(1, 4)
            rows.append(
                {
                    "id": ids.new(),
                    "name": name,
                    "city_id": city["id"],
                    "cuisine": cuisine,
                    "price_level": "$" * level,
                    "rating": round(rng.uniform(3.2, 4.9), 1),
                    "reviews": rng.randint(12, 2400),
                    "address": f"{rng.randint(1, 300)} {rng.choice(STREETS)}, {city['name']}",
                    "phone": f"+{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                    "opening_hours": rng.choice(["12:00-22:00", "11:30-23:00", "18:00-23:30"]),
                    "menu": [
                        {"item": d, "price_usd": round(rng.uniform(4, 12) * level, 2), "vegetarian": rng.random() < 0.4}
                        for d in dishes[cuisine]
                    ],
                }
            )
    return rows


def venues(seed: int, city_rows: Table) -> Table:
    rng = table_rng(seed, "venues")
    ids = Ids(rng, "V", 5)
    rows = []
    kinds = [
        ("Arena", 8000, 20000),
        ("Concert Hall", 900, 3000),
        ("Convention Center", 2000, 12000),
        ("Theatre", 300, 1500),
        ("Open-Air Park", 5000, 40000),
    ]
    for city in city_rows:
        for kind, low, high in rng.sample(kinds, 2):
            rows.append(
                {
                    "id": ids.new(),
                    "name": f"{city['name']} {rng.choice(['Grand', 'Royal', 'City', 'Riverside'])} {kind}",
                    "city_id": city["id"],
                    "type": kind,
                    "capacity": rng.randint(low, high) // 10 * 10,
                    "address": f"{rng.randint(1, 99)} {rng.choice(STREETS)}, {city['name']}",
                }
            )
    return rows


def rail(seed: int, city_rows: Table) -> tuple[Table, Table]:
    """Stations in countries with two or more cities and direct services between each pair of them."""
    rng = table_rng(seed, "rail")
    ids = Ids(rng, "ST", 4)
    stations, services = [], []
    by_country: dict[str, list[dict[str, Any]]] = {}
    for city in city_rows:
        by_country.setdefault(city["country_code"], []).append(city)
    for code in sorted(by_country):
        group = by_country[code]
        if len(group) < 2:
            continue
        made = [
            {
                "id": ids.new(),
                "name": f"{c['name']} {rng.choice(['Central', 'Main Station', 'Union Station'])}",
                "city_id": c["id"],
                "country_code": code,
                "platforms": rng.randint(4, 24),
            }
            for c in group
        ]
        stations.extend(made)
        for a in made:
            for b in made:
                if a is b:
                    continue
                ca, cb = (
                    next(c for c in group if c["id"] == a["city_id"]),
                    next(c for c in group if c["id"] == b["city_id"]),
                )
                km = distance_km(ca["lat"], ca["lon"], cb["lat"], cb["lon"]) * 1.2
                services.append(
                    {
                        "from": a["id"],
                        "to": b["id"],
                        "operator": rng.choice(["RailCo", "EuroLink", "Express Rail", "National Railways"]),
                        "duration_min": int(km / rng.uniform(90, 220) * 60) + 10,
                        "departures": sorted(
                            {
                                f"{rng.randint(6, 21):02d}:{rng.choice([0, 10, 25, 40, 55]):02d}"
                                for _ in range(rng.randint(3, 8))
                            }
                        ),
                        "fare_second_usd": round(km * rng.uniform(0.08, 0.16) + 5, 2),
                        "distance_km": int(km),
                    }
                )
    return stations, services


def chargers(seed: int, city_rows: Table) -> Table:
    rng = table_rng(seed, "chargers")
    ids = Ids(rng, "EV", 6)
    rows = []
    for city in city_rows:
        for _ in range(rng.randint(2, 4)):
            rows.append(
                {
                    "id": ids.new(),
                    "operator": rng.choice(["VoltGrid", "ChargePoint Plus", "Ionix", "GreenWay"]),
                    "city_id": city["id"],
                    "address": f"{rng.randint(1, 400)} {rng.choice(STREETS)}, {city['name']}",
                    "connectors": [
                        {"type": t, "power_kw": p, "count": rng.randint(1, 6)}
                        for t, p in rng.sample([("CCS", 150), ("CCS", 50), ("Type 2", 22), ("CHAdeMO", 50)], 2)
                    ],
                    "price_per_kwh_usd": round(rng.uniform(0.25, 0.75), 2),
                    "status": rng.choices(["Available", "Occupied", "Out of service"], [6, 3, 1])[0],
                    "open_24h": rng.random() < 0.7,
                }
            )
    return rows


def currencies(seed: int) -> Table:
    """Rates per US dollar today and on each of the 30 days before (a small random walk)."""
    rng = table_rng(seed, "currencies")
    rows = []
    for code, name, symbol, base in CURRENCIES:
        rate = base if code == "USD" else base * rng.uniform(0.97, 1.03)
        history = {}
        for offset in range(0, -31, -1):
            history[day(offset)] = round(rate, 6) if code != "USD" else 1.0
            rate = rate if code == "USD" else rate * rng.uniform(0.992, 1.008)
        rows.append(
            {
                "code": code,
                "name": name,
                "symbol": symbol,
                "rate_per_usd": history[day(0)],
                "history": dict(sorted(history.items())),
            }
        )
    return rows


def cinemas(seed: int, city_rows: Table, film_rows: Table) -> Table:
    rng = table_rng(seed, "cinemas")
    ids = Ids(rng, "CIN", 4)
    showing = [f for f in film_rows if f["year"] >= 2024]
    rows = []
    for city in city_rows[::2]:
        for _ in range(rng.randint(1, 2)):
            films = rng.sample(showing, 4)
            rows.append(
                {
                    "id": ids.new(),
                    "name": f"{rng.choice(['Cineplex', 'Odeon', 'Lumiere', 'Starlight', 'Roxy'])} {city['name']}",
                    "city_id": city["id"],
                    "screens": rng.randint(3, 14),
                    "address": f"{rng.randint(1, 99)} {rng.choice(STREETS)}, {city['name']}",
                    "ticket_price_usd": round(rng.uniform(7, 16), 2),
                    "schedule": [
                        {
                            "film_id": f["id"],
                            "times": sorted(rng.sample(["11:00", "13:30", "16:00", "18:45", "21:15", "22:30"], 3)),
                        }
                        for f in films
                    ],
                }
            )
    return rows


def website(name: str) -> str:
    """The domain a name would register."""
    return slug(name).replace("-", "") + ".com"
