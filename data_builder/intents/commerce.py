"""Intents for the eCommerce and Business tools."""

from __future__ import annotations

from data_builder.intents.base import Tool, bound, intent, listed, pick
from harness.util.text import fact_text

SHOP = Tool("eCommerce", "ShopHub Catalog")
STOCK = Tool("eCommerce", "StoreStock")
PARCEL = Tool("eCommerce", "ParcelTrack")
REGISTRY = Tool("Business", "Company Registry")
FINANCIALS = Tool("Business", "Company Financials")
DOMAINS = Tool("Business", "Domain Inspector")


@SHOP.template("search", "Search Products")
def _search(rng, w):
    p = rng.choice(w["products"])
    kind = p["kind"]
    return intent(
        f"shop.search:{p['category']}:{kind}",
        [
            f"What's the cheapest {kind.lower()} in the shop, and what does it cost?",
            f"Sort the {kind.lower()} listings by price - which one is the least expensive, and at what price?",
            f"I need a {kind.lower()} on a budget. Which is the cheapest one you sell, and how much is it?",
        ],
        [SHOP.call("Search Products", query=kind, sort="price_asc")],
        lambda r: [r[0]["products"][0]["name"], r[0]["products"][0]["price_usd"]],
    )


@SHOP.template("details", "Product Details")
def _details(rng, w):
    p = rng.choice(w["products"])
    return intent(
        f"shop.details:{p['id']}",
        [
            f"How long is the warranty on the {p['name']}, and how much does it weigh?",
            f"Tell me the warranty and the weight of the {p['name']}.",
            f"What warranty does the {p['name']} come with, and what's its weight?",
        ],
        [SHOP.call("Search Products", query=p["name"]), SHOP.call("Product Details", product_id=p["id"])],
        lambda r: [r[1]["warranty_months"], r[1]["weight_kg"]],
    )


@SHOP.template("reviews", "Product Reviews")
def _reviews(rng, w):
    p = rng.choice(w["products"])
    return intent(
        f"shop.reviews:{p['id']}",
        [
            f"Who reviewed the {p['name']} most recently, and what rating did they give?",
            f"Show me the latest customer review of {p['name']} and its star rating.",
            f"Who wrote the newest review of the {p['name']}, and how many stars did they give?",
        ],
        [SHOP.call("Search Products", query=p["name"]), SHOP.call("Product Reviews", product_id=p["id"], limit=1)],
        lambda r: [r[1]["reviews"][0]["author"], r[1]["reviews"][0]["rating"]],
    )


@SHOP.template("categories", "List Categories")
def _categories(rng, w):
    category = rng.choice(sorted({p["category"] for p in w["products"]}))
    return intent(
        f"shop.categories:{category}",
        [
            f"How many products does the shop have in {category}?",
            f"How many products are listed in the {category} category?",
            f"How big is ShopHub's {category} category, in number of products?",
        ],
        [SHOP.call("List Categories", parent="root")],
        lambda r: [next(c["products"] for c in r[0]["categories"] if c["name"] == category)],
    )


def _store(rng, w):
    return rng.choice(w["stores"])


@STOCK.template("stores", "Stores in City")
def _stores(rng, w):
    c = w.city(_store(rng, w)["city_id"])
    return intent(
        f"stock.stores:{c['id']}",
        [
            f"Is there a ShopRight store in {c['name']}? At which address?",
            f"Give me the address of every ShopRight in {c['name']}.",
            f"Which stores do you have in {c['name']}? I need their addresses.",
        ],
        [STOCK.call("Stores in City", city=c["name"])],
        lambda r: [listed([x["address"] for x in r[0]["stores"]])],
    )


@STOCK.template("details", "Store Details")
def _store_details(rng, w):
    s = _store(rng, w)
    c = w.city(s["city_id"])
    return intent(
        f"stock.details:{s['id']}",
        [
            f"What are the opening hours of the ShopRight store in {c['name']}?",
            f"When is ShopRight {c['name']} open?",
            f"I want to pop into the ShopRight in {c['name']} - what time does it open and close?",
        ],
        [STOCK.call("Stores in City", city=c["name"]), STOCK.call("Store Details", store_id=s["id"])],
        lambda r: [r[1]["opening_hours"]],
    )


@STOCK.template("check", "Check Store Stock")
def _check(rng, w):
    s = _store(rng, w)
    product_id = rng.choice(sorted(s["inventory"]))
    p = w.by("products", "id")[product_id]
    c = w.city(s["city_id"])
    return intent(
        f"stock.check:{s['id']}:{p['id']}",
        [
            f"Does the ShopRight in {c['name']} have the {p['name']} in stock? How many?",
            f"How many units of {p['name']} are at ShopRight {c['name']}?",
            f"How many {p['name']} can I pick up at the {c['name']} ShopRight today?",
        ],
        [
            SHOP.call("Search Products", query=p["name"]),
            STOCK.call("Stores in City", city=c["name"]),
            STOCK.call("Check Store Stock", store_id=s["id"], product_id=p["id"]),
        ],
        lambda r: [r[2]["quantity"]],
    )


@STOCK.template("availability", "Product Availability")
def _availability(rng, w):
    s = pick(rng, w["stores"], lambda s: any(s["inventory"].values()))
    product_id = rng.choice(sorted(k for k, v in s["inventory"].items() if v))
    p = w.by("products", "id")[product_id]
    return intent(
        f"stock.availability:{p['id']}",
        [
            f"Which stores have the {p['name']} in stock?",
            f"Where can I buy the {p['name']} in person? List stores with stock.",
            f"Find every ShopRight that currently stocks the {p['name']}.",
        ],
        [SHOP.call("Search Products", query=p["name"]), STOCK.call("Product Availability", product_id=p["id"])],
        lambda r: [listed([x["city"] for x in r[1]["stores"]])],
    )


@PARCEL.template("track", "Track Package")
def _track(rng, w):
    p = rng.choice(w["packages"])
    return intent(
        f"parcel.track:{p['tracking_number']}",
        [
            f"Where is my parcel {p['tracking_number']}, and when will it be delivered?",
            f"Track package {p['tracking_number']} - status and expected delivery date?",
            f"When will shipment {p['tracking_number']} arrive, and what's its latest status?",
        ],
        [PARCEL.call("Track Package", tracking_number=p["tracking_number"])],
        lambda r: [r[0]["status"], r[0]["estimated_delivery"]],
    )


@PARCEL.template("quote", "Shipping Quote")
def _quote(rng, w):
    a, b = rng.sample(w["cities"], 2)
    weight = rng.choice([0.5, 1, 2.5, 5, 12])
    return intent(
        f"parcel.quote:{a['id']}:{b['id']}:{weight}",
        [
            f"What's the cheapest way to ship a {weight} kg parcel from {a['name']} to {b['name']}?",
            f"Compare shipping prices for {weight} kg from {a['name']} to {b['name']}. "
            "Which carrier is cheapest, at what price?",
            f"How much does it cost to send {weight} kg from {a['name']} to {b['name']}, at the lowest price?",
        ],
        [PARCEL.call("Shipping Quote", origin_city=a["name"], destination_city=b["name"], weight_kg=weight)],
        lambda r: [r[0]["quotes"][0]["carrier"], r[0]["quotes"][0]["price_usd"]],
    )


@PARCEL.template("carriers", "List Carriers")
def _carriers(rng, w):
    c = rng.choice(w["carriers"])
    return intent(
        f"parcel.carriers:{c['code']}",
        [
            f"My tracking number starts with {c['tracking_prefix']}. Which carrier is that?",
            f"Which carrier uses tracking numbers beginning with '{c['tracking_prefix']}'?",
            f"List the carriers you track; which one has the prefix {c['tracking_prefix']}?",
        ],
        [PARCEL.call("List Carriers", region="worldwide")],
        lambda r: [c["name"]],
    )


def _company(rng, w):
    return rng.choice(w["companies"])


@REGISTRY.template("search", "Search Companies")
def _companies(rng, w):
    c = _company(rng, w)
    return intent(
        f"registry.search:{c['id']}",
        [
            f"What's the registration number of {c['name']}, and what is its status?",
            f"Give me {c['name']}'s registration number and registry status.",
            f"Look up {c['name']} in the company registry: status and registration number.",
        ],
        [REGISTRY.call("Search Companies", name=c["name"])],
        lambda r: [c["registration_number"], next(x["status"] for x in r[0]["companies"] if x["name"] == c["name"])],
    )


@REGISTRY.template("profile", "Company Profile")
def _profile(rng, w):
    c = _company(rng, w)
    return intent(
        f"registry.profile:{c['id']}",
        [
            f"Where is {c['name']} headquartered, and how many people work there?",
            f"Give me {c['name']}'s headquarters city and employee count.",
            f"In which city is {c['name']} based, and how many employees does it have?",
        ],
        [REGISTRY.call("Search Companies", name=c["name"]), REGISTRY.call("Company Profile", company_id=c["id"])],
        lambda r: [r[1]["headquarters"]["city"], r[1]["employees"]],
    )


@REGISTRY.template("officers", "Company Officers")
def _officers(rng, w):
    c = _company(rng, w)
    return intent(
        f"registry.officers:{c['id']}",
        [
            f"Who is the CEO of {c['name']}, and since which year?",
            f"Who has been chief executive of {c['name']}, and since when?",
            f"Who runs {c['name']} as chief executive, and since when?",
        ],
        [REGISTRY.call("Search Companies", name=c["name"]), REGISTRY.call("Company Officers", company_id=c["id"])],
        lambda r: [r[1]["officers"][0]["name"], r[1]["officers"][0]["since"]],
    )


@REGISTRY.template("filings", "Company Filings")
def _filings(rng, w):
    c = _company(rng, w)
    return intent(
        f"registry.filings:{c['id']}",
        [
            f"What was the most recent regulatory filing by {c['name']} (form type and title), and when?",
            f"Show me {c['name']}'s latest filing with its form type, title and date.",
            f"When did {c['name']} last file something with the regulator, and which form and title was it?",
        ],
        [REGISTRY.call("Search Companies", name=c["name"]), REGISTRY.call("Company Filings", company_id=c["id"])],
        # A form type such as "4" is said as "Form 4"; the field's own word ("type") may not be.
        lambda r: [
            bound(r[1]["filings"][0]["type"], "form", "type", "filing"),
            r[1]["filings"][0]["title"],
            r[1]["filings"][0]["date"],
        ],
    )


@REGISTRY.template("registration", "Lookup Registration Number")
def _registration(rng, w):
    c = _company(rng, w)
    return intent(
        f"registry.number:{c['id']}",
        [
            f"Which company is registered under number {c['registration_number']}?",
            f"Who owns registration number {c['registration_number']}?",
            f"Identify the company with registration number {c['registration_number']}.",
        ],
        [REGISTRY.call("Lookup Registration Number", registration_number=c["registration_number"])],
        lambda r: [r[0]["name"]],
    )


@FINANCIALS.template("income", "Income Statement")
def _income(rng, w):
    c, year = _company(rng, w), rng.randint(2020, 2024)
    return intent(
        f"financials.income:{c['id']}:{year}",
        [
            f"What were {c['name']}'s revenue and net income in {year}?",
            f"How much did {c['name']} earn in {year} - revenue and net income?",
            f"Give me {c['name']}'s {year} revenue and its net income.",
        ],
        [
            REGISTRY.call("Search Companies", name=c["name"]),
            FINANCIALS.call("Income Statement", company_id=c["id"], year=year),
        ],
        lambda r: [r[1]["revenue_usd_billion"], r[1]["net_income_usd_billion"]],
    )


@FINANCIALS.template("balance", "Balance Sheet")
def _balance(rng, w):
    c, year = _company(rng, w), rng.randint(2020, 2024)
    return intent(
        f"financials.balance:{c['id']}:{year}",
        [
            f"What were {c['name']}'s total assets, liabilities and equity at the end of {year}?",
            f"Give me {c['name']}'s {year} balance sheet: assets, liabilities and equity.",
            f"How much did {c['name']} hold in assets, owe in liabilities and have in equity at the end of {year}?",
        ],
        [
            REGISTRY.call("Search Companies", name=c["name"]),
            FINANCIALS.call("Balance Sheet", company_id=c["id"], year=year),
        ],
        lambda r: [
            r[1]["total_assets_usd_billion"],
            r[1]["total_liabilities_usd_billion"],
            r[1]["equity_usd_billion"],
        ],
    )


@FINANCIALS.template("growth", "Revenue Growth")
def _growth(rng, w):
    c = _company(rng, w)
    a = rng.randint(2020, 2022)
    b = rng.randint(a + 1, 2024)
    return intent(
        f"financials.growth:{c['id']}:{a}:{b}",
        [
            f"By how much did {c['name']}'s revenue grow from {a} to {b}?",
            f"What's {c['name']}'s revenue growth between {a} and {b}, in percent?",
            f"How many percent did {c['name']}'s revenue grow from {a} to {b}?",
        ],
        [
            REGISTRY.call("Search Companies", name=c["name"]),
            FINANCIALS.call("Revenue Growth", company_id=c["id"], from_year=a, to_year=b),
        ],
        lambda r: [r[1]["growth_percent"]],
    )


@DOMAINS.template("whois", "WHOIS Lookup")
def _whois(rng, w):
    d = rng.choice(w["domains"])
    return intent(
        f"domains.whois:{d['domain']}",
        [
            f"When does the domain {d['domain']} expire, and with which registrar is it registered?",
            f"Which registrar holds {d['domain']}, and when does it expire?",
            f"WHOIS for {d['domain']}: registrar and expiry date?",
        ],
        [DOMAINS.call("WHOIS Lookup", domain=d["domain"])],
        lambda r: [r[0]["registrar"], r[0]["expires"]],
    )


@DOMAINS.template("dns", "DNS Records")
def _dns(rng, w):
    d = rng.choice(w["domains"])
    kind = rng.choice(["A", "MX"])
    label = "IP address" if kind == "A" else "mail server"
    # The response is the records beside the domain asked about: the answer must say what they are
    # (not "mail", which an MX record's own name holds).
    words = (
        ("ip", "address", "a record", "points to")
        if kind == "A"
        else ("mail server", "mail servers", "mx record", "mx records")
    )
    return intent(
        f"domains.dns:{d['domain']}:{kind}",
        [
            f"What's the {label} of {d['domain']}?",
            f"Look up the {kind} record of {d['domain']}.",
            f"Which {label} does {d['domain']} point to?",
        ],
        [DOMAINS.call("DNS Records", domain=d["domain"], record_type=kind)],
        lambda r: [listed(r[0]["records"], *words)],
    )


@DOMAINS.template("available", "Domain Availability")
def _available(rng, w):
    c = _company(rng, w)
    tld = rng.choice(["com", "net", "io"])
    name = f"{c['website'].split('.')[0]}-shop.{tld}"
    return intent(
        f"domains.available:{name}",
        [
            f"Is {name} still available to register, and how much would it cost?",
            f"Can I register the domain {name}? Price per year?",
            f"Check whether {name} is free to register, and at what yearly price.",
        ],
        [DOMAINS.call("Domain Availability", domain=name)],
        lambda r: [
            bound(fact_text(r[0]["available"]), "available", "register", "free", "taken"),
            r[0]["price_usd_per_year"],
        ],
    )
