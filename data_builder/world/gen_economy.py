"""Companies and markets: companies with officers, filings and financials, stock prices, coins, shop
products, stores, parcels and job postings."""

from __future__ import annotations

import string
from datetime import date, timedelta

from data_builder.world.common import TODAY, Ids, Table, day, person_name, table_rng, unique
from data_builder.world.gen_places import website
from data_builder.world.words import (
    BRAND_WORDS,
    COMPANY_HEADS,
    COMPANY_SUFFIX,
    COMPANY_TAILS,
    JOB_TITLES,
    PRODUCT_ADJECTIVES,
    PRODUCT_CATEGORIES,
    REVIEW_BAD,
    REVIEW_GOOD,
    SECTORS,
    SKILLS,
)

EXCHANGES = {
    "US": "NASDAQ",
    "GB": "LSE",
    "DE": "XETRA",
    "JP": "TSE",
    "FR": "Euronext",
    "NL": "Euronext",
    "CA": "TSX",
    "AU": "ASX",
    "IN": "NSE",
    "BR": "B3",
    "KR": "KRX",
    "SG": "SGX",
    "CH": "SIX",
    "SE": "Nasdaq Nordic",
}


def trading_days(count: int) -> list[str]:
    """The last ``count`` weekdays up to the Friday before the world's today (a Sunday)."""
    days: list[str] = []
    current = TODAY - timedelta(days=1)
    while len(days) < count:
        if current.weekday() < 5:
            days.append(current.isoformat())
        current -= timedelta(days=1)
    return sorted(days)


def companies(seed: int, city_rows: Table) -> Table:
    rng = table_rng(seed, "companies")
    ids, tickers, names = Ids(rng, "CO", 6), set(), set()
    rows = []
    listed_cities = [c for c in city_rows if c["country_code"] in EXCHANGES]
    for _ in range(80):
        sector = rng.choice(sorted(SECTORS))
        industry = rng.choice(SECTORS[sector])
        name = unique(
            rng, lambda r, i=industry: f"{r.choice(COMPANY_HEADS)}{r.choice(COMPANY_TAILS)} {COMPANY_SUFFIX[i]}", names
        )
        ticker = unique(
            rng,
            lambda r, n=name: (
                n[0] + "".join(r.choice(string.ascii_uppercase) for _ in range(r.randint(2, 3)))
            ).upper(),
            tickers,
        )
        city = rng.choice(listed_cities)
        revenue = rng.uniform(0.2, 60)
        financials = []
        for year in range(2020, 2025):
            revenue *= rng.uniform(0.9, 1.25)
            margin = rng.uniform(-0.05, 0.25)
            assets = revenue * rng.uniform(1.1, 2.5)
            financials.append(
                {
                    "year": year,
                    "revenue_usd_billion": round(revenue, 2),
                    "net_income_usd_billion": round(revenue * margin, 2),
                    "total_assets_usd_billion": round(assets, 2),
                    "total_liabilities_usd_billion": round(assets * rng.uniform(0.3, 0.8), 2),
                }
            )
        used: set[str] = set()
        officers = [
            {"name": person_name(rng, used), "role": role, "since": rng.randint(2005, 2024)}
            for role in (
                "Chief Executive Officer",
                "Chief Financial Officer",
                "Chief Technology Officer",
                "Chair of the Board",
            )
        ]
        filings = sorted(
            (
                {"type": t, "date": day(-rng.randint(1, 700)), "title": title}
                for t, title in rng.sample(
                    [
                        ("10-K", "Annual report"),
                        ("10-Q", "Quarterly report"),
                        ("8-K", "Current report on a material event"),
                        ("DEF 14A", "Proxy statement"),
                        ("S-8", "Employee share plan"),
                        ("4", "Change in insider ownership"),
                    ],
                    4,
                )
            ),
            key=lambda f: f["date"],
            reverse=True,
        )
        rows.append(
            {
                "id": ids.new(),
                "name": name,
                "ticker": ticker,
                "exchange": EXCHANGES[city["country_code"]],
                "sector": sector,
                "industry": industry,
                "founded": rng.randint(1950, 2018),
                "hq_city_id": city["id"],
                "employees": rng.randint(40, 200) * rng.choice([10, 100, 1000]),
                "website": website(name),
                "officers": officers,
                "filings": filings,
                "financials": financials,
                "registration_number": f"{city['country_code']}{rng.randint(10_000_000, 99_999_999)}",
                "status": rng.choices(["Active", "Active", "Dissolved"], [8, 8, 1])[0],
            }
        )
    return rows


def stock_prices(seed: int, company_rows: Table) -> Table:
    """45 trading days of daily bars per company, plus dividends paid in the last year."""
    rng = table_rng(seed, "stock_prices")
    days = trading_days(45)
    rows = []
    for company in company_rows:
        price = rng.uniform(8, 450)
        bars = []
        for d in days:
            open_ = price
            price = max(1.0, price * rng.uniform(0.965, 1.038))
            bars.append(
                {
                    "date": d,
                    "open": round(open_, 2),
                    "high": round(max(open_, price) * rng.uniform(1, 1.015), 2),
                    "low": round(min(open_, price) * rng.uniform(0.985, 1), 2),
                    "close": round(price, 2),
                    "volume": rng.randint(50, 9000) * 1000,
                }
            )
        dividends = []
        if rng.random() < 0.6:
            amount = round(price * rng.uniform(0.003, 0.012), 2)
            for months_back in (2, 5, 8, 11):
                dividends.append(
                    {
                        "ex_date": (date(TODAY.year, TODAY.month, 1) - timedelta(days=30 * months_back)).isoformat(),
                        "amount_usd": amount,
                    }
                )
        rows.append(
            {
                "ticker": company["ticker"],
                "bars": bars,
                "dividends": sorted(dividends, key=lambda x: x["ex_date"]),
                "shares_outstanding": rng.randint(20, 3000) * 1_000_000,
            }
        )
    return rows


def domains(seed: int, company_rows: Table) -> Table:
    rng = table_rng(seed, "domains")
    rows = []
    for company in company_rows:
        created = date(company["founded"], 1, 1) + timedelta(days=rng.randint(0, 364))
        created = max(created, date(1995, 1, 1) + timedelta(days=rng.randint(0, 3000)))
        rows.append(
            {
                "domain": company["website"],
                "registrar": rng.choice(["NameHarbor", "DomainForge", "RegistrarOne"]),
                "created": created.isoformat(),
                "expires": f"{rng.randint(2025, 2031)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "owner": company["name"],
                "nameservers": [f"ns{i}.{rng.choice(['cloudhost', 'dnsworks'])}.net" for i in (1, 2)],
                "records": {
                    "A": [f"203.0.{rng.randint(0, 255)}.{rng.randint(1, 254)}"],
                    "MX": [f"mail.{company['website']}"],
                    "TXT": ["v=spf1 include:_spf.mailhost.net ~all"],
                },
            }
        )
    return rows


def coins(seed: int) -> Table:
    rng = table_rng(seed, "coins")
    names = [
        "Lumen",
        "Quasar",
        "Nimbus",
        "Solace",
        "Tidal",
        "Ember",
        "Aether",
        "Granite",
        "Polaris",
        "Vesper",
        "Cobalt",
        "Zephyr",
    ]
    rows = []
    used: set[str] = set()
    for name in names:
        symbol = unique(rng, lambda r, n=name: n[:2].upper() + r.choice(string.ascii_uppercase), used)
        price = 10 ** rng.uniform(-2, 4)
        history = {}
        for offset in range(-30, 1):
            price *= rng.uniform(0.93, 1.08)
            history[day(offset)] = round(price, 6 if price < 1 else 2)
        supply = rng.randint(10, 900) * 1_000_000
        rows.append(
            {
                "id": name.lower() + "-coin",
                "symbol": symbol,
                "name": f"{name} Coin",
                "history": history,
                "price_usd": history[day(0)],
                "circulating_supply": supply,
                "market_cap_usd": int(history[day(0)] * supply),
                "launched": rng.randint(2012, 2022),
            }
        )
    return rows


def products(seed: int, company_rows: Table) -> tuple[Table, Table]:
    rng = table_rng(seed, "products")
    ids, review_ids, names = Ids(rng, "B0", 8, string.digits + string.ascii_uppercase), Ids(rng, "PR", 7), set()
    rows, reviews = [], []
    for _ in range(220):
        category = rng.choice(sorted(PRODUCT_CATEGORIES))
        kind = rng.choice(PRODUCT_CATEGORIES[category])
        brand = rng.choice(BRAND_WORDS)
        name = unique(
            rng, lambda r, b=brand, k=kind: f"{b} {k} {r.choice(PRODUCT_ADJECTIVES)} {r.randint(2, 9)}", names
        )
        product = {
            "id": ids.new(),
            "name": name,
            "brand": brand,
            "category": category,
            "kind": kind,
            "price_usd": round(rng.uniform(9, 400), 2),
            "release_date": day(-rng.randint(30, 1500)),
            "weight_kg": round(rng.uniform(0.05, 8), 2),
            "color": rng.choice(["Black", "White", "Silver", "Blue", "Red"]),
            "warranty_months": rng.choice([6, 12, 24, 36]),
            "seller_id": rng.choice(company_rows)["id"],
        }
        scores = []
        for _ in range(rng.randint(3, 7)):
            score = rng.randint(1, 5)
            scores.append(score)
            reviews.append(
                {
                    "id": review_ids.new(),
                    "product_id": product["id"],
                    "author": person_name(rng),
                    "rating": score,
                    "date": day(-rng.randint(1, 600)),
                    "title": rng.choice(REVIEW_GOOD if score >= 4 else REVIEW_BAD),
                    "verified_purchase": rng.random() < 0.8,
                }
            )
        product["rating"] = round(sum(scores) / len(scores), 1)
        product["review_count"] = len(scores)
        rows.append(product)
    return rows, sorted(reviews, key=lambda r: (r["product_id"], r["date"], r["id"]))


def stores(seed: int, city_rows: Table, product_rows: Table) -> Table:
    rng = table_rng(seed, "stores")
    ids = Ids(rng, "S", 4)
    rows = []
    for city in city_rows[::2]:
        stock = sorted(rng.sample(product_rows, 40), key=lambda p: p["id"])
        rows.append(
            {
                "id": ids.new(),
                "name": f"ShopRight {city['name']}",
                "city_id": city["id"],
                "address": f"{rng.randint(1, 300)} Retail Park, {city['name']}",
                "opening_hours": rng.choice(["09:00-21:00", "10:00-20:00", "08:00-22:00"]),
                "inventory": {p["id"]: rng.choice([0, 0, 1, 2, 3, 5, 8, 12, 20]) for p in stock},
            }
        )
    return rows


CARRIERS = [
    ("SWIFT", "SwiftPost", 1.0),
    ("GLX", "Globex Express", 1.6),
    ("PARC", "ParcelNet", 0.8),
    ("AERO", "AeroCargo", 2.2),
]


def carriers() -> Table:
    return [{"code": c, "name": n, "price_factor": f, "tracking_prefix": c[:2]} for c, n, f in CARRIERS]


def packages(seed: int, city_rows: Table) -> Table:
    rng = table_rng(seed, "packages")
    rows = []
    used: set[str] = set()
    steps = ["Label created", "Picked up", "In transit", "Arrived at sorting hub", "Out for delivery", "Delivered"]
    for _ in range(80):
        code, _name, _factor = rng.choice(CARRIERS)
        number = unique(rng, lambda r, c=code: c[:2] + "".join(r.choice(string.digits) for _ in range(10)), used)
        origin, dest = rng.sample(city_rows, 2)
        reached = rng.randint(1, len(steps))
        start = -rng.randint(reached, 12)
        events = [
            {"date": day(start + i), "location": (origin if i < 2 else dest)["name"], "status": steps[i]}
            for i in range(reached)
        ]
        rows.append(
            {
                "tracking_number": number,
                "carrier": code,
                "origin_city_id": origin["id"],
                "destination_city_id": dest["id"],
                "weight_kg": round(rng.uniform(0.2, 25), 1),
                "status": steps[reached - 1],
                "events": list(reversed(events)),
                "estimated_delivery": day(start + len(steps) - 1),
            }
        )
    return sorted(rows, key=lambda r: r["tracking_number"])


def jobs(seed: int, company_rows: Table, city_rows: Table) -> Table:
    rng = table_rng(seed, "jobs")
    ids = Ids(rng, "J", 6)
    rows = []
    for _ in range(220):
        company = rng.choice(company_rows)
        title = rng.choice(JOB_TITLES)
        level = rng.choice(["Junior", "", "Senior", "Lead"])
        base = rng.randint(35, 90) * 1000 * {"Junior": 0.8, "": 1.0, "Senior": 1.35, "Lead": 1.6}[level]
        rows.append(
            {
                "id": ids.new(),
                "title": f"{level} {title}".strip(),
                "company_id": company["id"],
                "city_id": rng.choice(city_rows)["id"],
                "employment_type": rng.choice(["Full-time", "Part-time", "Contract"]),
                "remote": rng.choice(["On-site", "Hybrid", "Remote"]),
                "salary_min_usd": int(base),
                "salary_max_usd": int(base * rng.uniform(1.15, 1.4)),
                "posted": day(-rng.randint(0, 45)),
                "skills": sorted(rng.sample(SKILLS, 3)),
                "experience_years": rng.randint(0, 10),
            }
        )
    return rows
