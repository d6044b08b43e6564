"""Intents for the Data, Location and Mapping tools."""

from __future__ import annotations

from data_builder.intents.base import Tool, intent, listed, ordinal, pick

COUNTRIES = Tool("Data", "Country Facts")
CITIES = Tool("Data", "CityData")
POPULATION = Tool("Data", "Population Trends")
GEO = Tool("Location", "GeoLocate")
ROUTES = Tool("Mapping", "RoutePlanner")
CONTINENTS = ["Africa", "Asia", "Europe", "North America", "South America", "Oceania"]


def _country(rng, w):
    return rng.choice(w["countries"])


@COUNTRIES.template("list", "List Countries")
def _list(rng, w):
    continent = rng.choice(CONTINENTS)
    return intent(
        f"countries.list:{continent}",
        [
            f"Which countries in {continent} do you have data on?",
            f"List the {continent} countries in your database.",
            f"Which countries from {continent} are covered?",
        ],
        [COUNTRIES.call("List Countries", continent=continent, limit=50)],
        lambda r: [listed([c["name"] for c in r[0]["countries"]])],
    )


@COUNTRIES.template("details", "Country Details")
def _details(rng, w):
    c = _country(rng, w)
    return intent(
        f"countries.details:{c['code']}",
        [
            f"What are the capital, currency and calling code of {c['name']}?",
            f"What's the international calling code of {c['name']}, its capital and its currency?",
            f"Give me the basics on {c['name']}: capital, currency and calling code.",
        ],
        [COUNTRIES.call("Country Details", country=c["name"])],
        lambda r: [r[0]["capital"], r[0]["currency"], r[0]["calling_code"]],
    )


@COUNTRIES.template("currency", "Countries by Currency")
def _currency(rng, w):
    code = rng.choice(sorted({c["currency"] for c in w["countries"]}))
    return intent(
        f"countries.currency:{code}",
        [
            f"Which countries use the {code}?",
            f"In which countries can I pay with {code}?",
            f"List the countries whose currency is {code}.",
        ],
        [COUNTRIES.call("Countries by Currency", currency=code)],
        lambda r: [listed([c["name"] for c in r[0]["countries"]])],
    )


@COUNTRIES.template("cities", "Country Cities")
def _cities(rng, w):
    c = _country(rng, w)
    return intent(
        f"countries.cities:{c['code']}",
        [
            f"What's the largest city in {c['name']} in your data?",
            f"Which city of {c['name']} is the largest by population?",
            f"Which {c['name']} city has the most people?",
        ],
        [COUNTRIES.call("Country Cities", country=c["code"])],
        lambda r: [r[0]["cities"][0]["name"]],
    )


@CITIES.template("search", "Search Cities")
def _search(rng, w):
    c = rng.choice(w["cities"])
    return intent(
        f"cities.search:{c['id']}",
        [
            f"What's the country code of the country {c['name']} is in?",
            f"Search for the city {c['name']} and tell me its country code.",
            f"{c['name']} - which country code does its country have?",
        ],
        [CITIES.call("Search Cities", name=c["name"])],
        lambda r: [c["country_code"]],
    )


@CITIES.template("details", "City Details")
def _city(rng, w):
    c = rng.choice(w["cities"])
    return intent(
        f"cities.details:{c['id']}",
        [
            f"How many people live in {c['name']}, and how high above sea level is it?",
            f"What's the population and elevation of {c['name']}?",
            f"Give me the population of {c['name']} and its elevation in metres.",
        ],
        [CITIES.call("Search Cities", name=c["name"]), CITIES.call("City Details", city_id=c["id"])],
        lambda r: [r[1]["population"], r[1]["elevation_m"]],
    )


@CITIES.template("largest", "Largest Cities")
def _largest(rng, w):
    continent = rng.choice(CONTINENTS)
    n = rng.randint(1, 3)
    return intent(
        f"cities.largest:{continent}:{n}",
        [
            f"Which is the {ordinal(n)} most populous city in {continent} according to your data, "
            "and how many live there?",
            f"Rank the cities of {continent} by population. Which one is {ordinal(n)}, with what population?",
            f"Tell me the {ordinal(n)} largest city in {continent} and its population.",
        ],
        [CITIES.call("Largest Cities", continent=continent, limit=5)],
        lambda r: [r[0]["cities"][n - 1]["city"], r[0]["cities"][n - 1]["population"]],
    )


@POPULATION.template("year", "Population by Year")
def _population(rng, w):
    c, year = _country(rng, w), rng.randint(2015, 2024)
    return intent(
        f"population.year:{c['code']}:{year}",
        [
            f"What was the population of {c['name']} in {year}?",
            f"How many people lived in {c['name']} in {year}?",
            f"Population of {c['name']} in the year {year}?",
        ],
        [POPULATION.call("Population by Year", country=c["code"], year=year)],
        lambda r: [r[0]["population"]],
    )


@POPULATION.template("growth", "Population Growth")
def _growth(rng, w):
    c = _country(rng, w)
    a = rng.randint(2015, 2019)
    b = rng.randint(2020, 2024)
    return intent(
        f"population.growth:{c['code']}:{a}:{b}",
        [
            f"By what percentage did {c['name']}'s population change from {a} to {b}?",
            f"How much did the population of {c['name']} grow between {a} and {b}?",
            f"Population change of {c['name']}, {a} to {b}, in percent?",
        ],
        [POPULATION.call("Population Growth", country=c["code"], from_year=a, to_year=b)],
        lambda r: [r[0]["change_percent"]],
    )


@POPULATION.template("ranking", "Most Populous Countries")
def _ranking(rng, w):
    year, n = rng.randint(2015, 2024), rng.randint(1, 5)
    return intent(
        f"population.ranking:{year}:{n}",
        [
            f"Which country was the {ordinal(n)} most populous in {year}?",
            f"Rank countries by population for {year}. Who's {ordinal(n)}?",
            f"In {year}, which country had the {ordinal(n)} largest population?",
        ],
        [POPULATION.call("Most Populous Countries", year=year, limit=5)],
        lambda r: [r[0]["countries"][n - 1]["country"]],
    )


@GEO.template("geocode", "Geocode City")
def _geocode(rng, w):
    c = rng.choice(w["cities"])
    return intent(
        f"geo.geocode:{c['id']}",
        [
            f"What are the coordinates of {c['name']}?",
            f"Geocode {c['name']} - latitude and longitude please.",
            f"Where exactly is {c['name']} on the map (lat/lon)?",
        ],
        [GEO.call("Geocode City", city=c["name"])],
        lambda r: [r[0]["latitude"], r[0]["longitude"]],
    )


@GEO.template("reverse", "Reverse Geocode")
def _reverse(rng, w):
    c = rng.choice(w["cities"])
    lat, lon = round(c["lat"] + rng.uniform(-0.3, 0.3), 2), round(c["lon"] + rng.uniform(-0.3, 0.3), 2)
    return intent(
        f"geo.reverse:{lat}:{lon}",
        [
            f"Which city is closest to the point {lat}, {lon}?",
            f"I have GPS coordinates {lat}, {lon}. What's the nearest city?",
            f"Reverse geocode latitude {lat}, longitude {lon}.",
        ],
        [GEO.call("Reverse Geocode", latitude=lat, longitude=lon)],
        lambda r: [r[0]["city"]],
    )


@GEO.template("distance", "Distance Between Points")
def _distance(rng, w):
    a, b = rng.sample(w["cities"], 2)
    unit = rng.choice(["km", "mi"])
    return intent(
        f"geo.distance:{a['id']}:{b['id']}:{unit}",
        [
            f"How far is it in a straight line from {a['name']} to {b['name']}, in {unit}?",
            f"Straight-line distance between {a['name']} and {b['name']} in {unit}?",
            f"As the crow flies, how many {unit} separate {a['name']} and {b['name']}?",
        ],
        [
            GEO.call("Geocode City", city=a["name"]),
            GEO.call("Geocode City", city=b["name"]),
            GEO.call("Distance Between Points", lat1=a["lat"], lon1=a["lon"], lat2=b["lat"], lon2=b["lon"], unit=unit),
        ],
        lambda r: [r[2]["distance"]],
    )


@GEO.template("nearby", "Nearby Cities")
def _nearby(rng, w):
    c = rng.choice(w["cities"])
    radius = rng.choice([300, 600, 1000, 1500])
    return intent(
        f"geo.nearby:{c['id']}:{radius}",
        [
            f"Which cities lie within {radius} km of {c['name']}?",
            f"List cities no more than {radius} km from {c['name']}, nearest first.",
            f"What other cities are there within a {radius} km radius of {c['name']}?",
        ],
        [GEO.call("Nearby Cities", city=c["name"], radius_km=radius)],
        lambda r: [listed([x["city"] for x in r[0]["nearby"]])] if r[0]["nearby"] else [r[0]["radius_km"]],
    )


def _road_pair(rng, w):
    a = rng.choice(w["cities"])
    b = pick(
        rng,
        w["cities"],
        lambda b: (
            (b["id"] != a["id"] and b["country_code"] == a["country_code"])
            or (b["id"] != a["id"] and abs(b["lat"] - a["lat"]) + abs(b["lon"] - a["lon"]) < 12)
        ),
    )
    return a, b


@ROUTES.template("drive", "Driving Route")
def _drive(rng, w):
    a, b = _road_pair(rng, w)
    return intent(
        f"routes.drive:{a['id']}:{b['id']}",
        [
            f"How far is it to drive from {a['name']} to {b['name']}, and how long does it take?",
            f"What's the driving distance and time between {a['name']} and {b['name']}?",
            f"Road trip from {a['name']} to {b['name']}: how many km and hours?",
        ],
        [ROUTES.call("Driving Route", origin=a["name"], destination=b["name"])],
        lambda r: [r[0]["distance_km"], r[0]["duration"]],
    )


@ROUTES.template("fuel", "Fuel Cost")
def _fuel(rng, w):
    a, b = _road_pair(rng, w)
    use, price = rng.choice([5.5, 6.5, 8.0]), rng.choice([1.5, 1.75, 1.9])
    return intent(
        f"routes.fuel:{a['id']}:{b['id']}:{use}:{price}",
        [
            f"My car uses {use} L/100km and fuel costs {price} per litre. How many litres will driving from "
            f"{a['name']} to {b['name']} take, and what will it cost?",
            f"Fuel needed and fuel cost for {a['name']} to {b['name']} at {use} litres per 100 km and {price} a litre?",
            f"How much fuel and money do I need to drive {a['name']}-{b['name']} (consumption {use} L/100km, "
            f"price {price}/L)?",
        ],
        [
            ROUTES.call(
                "Fuel Cost", origin=a["name"], destination=b["name"], liters_per_100km=use, price_per_liter=price
            )
        ],
        lambda r: [r[0]["fuel_liters"], r[0]["cost"]],
    )


@ROUTES.template("midpoint", "Route Midpoint")
def _midpoint(rng, w):
    a, b = _road_pair(rng, w)
    return intent(
        f"routes.midpoint:{a['id']}:{b['id']}",
        [
            f"We live in {a['name']} and {b['name']}. Which city is closest to the halfway point?",
            f"Find the midpoint between {a['name']} and {b['name']} and the nearest city to it.",
            f"Where should friends from {a['name']} and {b['name']} meet halfway?",
        ],
        [ROUTES.call("Route Midpoint", origin=a["name"], destination=b["name"])],
        lambda r: [r[0]["nearest_city"]],
    )
