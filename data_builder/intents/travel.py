"""Intents for the Travel tools."""

from __future__ import annotations

from datetime import timedelta

from data_builder.intents.base import Tool, bound, intent, listed, pick, works

STAY = Tool("Travel", "StayFinder Hotels")
FLY = Tool("Travel", "SkyRoute Flights")
GUIDE = Tool("Travel", "CityGuide Attractions")
ADVISOR = Tool("Travel", "Travel Advisor")


def _hotels_in(w, city):
    return [h for h in w["hotels"] if h["city_id"] == city["id"]]


def _next(w, weekday, rng):
    """A date 1-4 weeks ahead falling on ISO ``weekday``."""
    base = w.today + timedelta(days=7 * rng.randint(1, 4))
    return base + timedelta(days=(weekday - base.isoweekday()) % 7)


@STAY.template("destinations", "Search Destinations")
def _destinations(rng, w):
    c = rng.choice(w["cities"])
    return intent(
        f"stay.dest:{c['id']}",
        [
            f"How many hotels does StayFinder list in {c['name']}?",
            f"Look up {c['name']} as a hotel destination and tell me how many hotels it has.",
            f"I'm thinking of staying in {c['name']}. How many hotels are there to choose from?",
        ],
        [STAY.call("Search Destinations", query=c["name"])],
        lambda r: [next(d["hotels"] for d in r[0] if d["label"].startswith(c["name"] + ","))],
    )


@STAY.template("cheapest", "Search Hotels")
def _cheapest(rng, w):
    c = rng.choice(w["cities"])
    return intent(
        f"stay.cheapest:{c['id']}",
        [
            f"What's the cheapest hotel in {c['name']} and how much is it per night?",
            f"Find me the lowest-priced hotel in {c['name']}, with its nightly rate.",
            f"I'm on a budget in {c['name']}. Which hotel costs the least per night?",
        ],
        [
            STAY.call("Search Destinations", query=c["name"]),
            STAY.call("Search Hotels", dest_id=c["dest_id"], sort_by="price"),
        ],
        lambda r: [r[1]["hotels"][0]["name"], r[1]["hotels"][0]["price_per_night_usd"]],
    )


@STAY.template("best_rated", "Search Hotels")
def _best(rng, w):
    c = rng.choice(w["cities"])
    stars = rng.choice([3, 4])
    return intent(
        f"stay.best:{c['id']}:{stars}",
        [
            f"Which hotel with at least {stars} stars has the best guest rating in {c['name']}?",
            f"Among {stars}-star-or-better hotels in {c['name']}, which is rated highest by guests?",
            f"Recommend the top-rated hotel in {c['name']} with {stars} or more stars, and give me its rating.",
        ],
        [
            STAY.call("Search Destinations", query=c["name"]),
            STAY.call("Search Hotels", dest_id=c["dest_id"], sort_by="rating", min_stars=stars),
        ],
        lambda r: [r[1]["hotels"][0]["name"], r[1]["hotels"][0]["rating"]] if r[1]["hotels"] else [r[1]["total"]],
    )


@STAY.template("details", "Hotel Details")
def _details(rng, w):
    h = rng.choice(w["hotels"])
    c = w.city(h["city_id"])
    return intent(
        f"stay.details:{h['id']}",
        [
            f"What's the address of the {h['name']} and what time is check-in?",
            f"I booked the {h['name']}. Where exactly is it, and from when can I check in?",
            f"Give me the address and check-in time for {h['name']}.",
        ],
        [
            STAY.call("Search Destinations", query=c["name"]),
            STAY.call("Search Hotels", dest_id=c["dest_id"], limit=10),
            STAY.call("Hotel Details", hotel_id=h["id"]),
        ],
        lambda r: [r[2]["address"], r[2]["checkin_from"]],
    )


@STAY.template("reviews", "Hotel Reviews")
def _reviews(rng, w):
    h = rng.choice(w["hotels"])
    c = w.city(h["city_id"])
    return intent(
        f"stay.reviews:{h['id']}",
        [
            f"What did the most recent guest say about the {h['name']} (review title)? Who wrote it, with what rating?",
            f"Show me the latest review of {h['name']} - author, rating and title.",
            f"Read me the newest guest review for {h['name']}: who wrote it, with what rating and title?",
        ],
        [
            STAY.call("Search Destinations", query=c["name"]),
            STAY.call("Search Hotels", dest_id=c["dest_id"], limit=10),
            STAY.call("Hotel Reviews", hotel_id=h["id"], limit=1),
        ],
        lambda r: [r[2]["reviews"][0]["author"], r[2]["reviews"][0]["rating"], r[2]["reviews"][0]["title"]],
    )


@STAY.template("rooms", "Room Availability")
def _rooms(rng, w):
    h = rng.choice(w["hotels"])
    c = w.city(h["city_id"])
    nights, checkin = rng.randint(2, 5), w.today + timedelta(days=rng.randint(5, 60))
    return intent(
        f"stay.rooms:{h['id']}:{checkin}:{nights}",
        [
            f"Is a double room free at the {h['name']} for {nights} nights from {checkin}, and what would it cost "
            "in total?",
            f"Check availability at {h['name']}: 2 guests, check-in {checkin}, {nights} nights. Total price of a "
            "double?",
            f"Two of us want to stay at the {h['name']} in {c['name']} from {checkin} for {nights} nights. Can "
            "we, and for how much?",
        ],
        [
            STAY.call("Search Destinations", query=c["name"]),
            STAY.call("Search Hotels", dest_id=c["dest_id"], limit=10),
            STAY.call("Room Availability", hotel_id=h["id"], checkin=checkin.isoformat(), nights=nights, guests=2),
        ],
        lambda r: [next(x["total_price_usd"] for x in r[2]["rooms"] if x["type"] == "Double")],
    )


@FLY.template("airports", "Search Airports")
def _airports(rng, w):
    a = rng.choice(w["airports"])
    c = w.city(a["city_id"])
    return intent(
        f"fly.airports:{a['iata']}",
        [
            f"What's the IATA code of the airport in {c['name']}?",
            f"Which airport serves {c['name']}, and what is its three-letter code?",
            f"I need the airport code for {c['name']} to book a flight.",
        ],
        [FLY.call("Search Airports", query=c["name"])],
        lambda r: [a["iata"], a["name"]],
    )


@FLY.template("search", "Search Flights")
def _flights(rng, w):
    route = rng.choice(w["routes"])
    src, dst = w.by("airports", "iata")[route["from"]], w.by("airports", "iata")[route["to"]]
    c1, c2 = w.city(src["city_id"]), w.city(dst["city_id"])
    when = _next(w, route["weekdays"][0], rng)
    return intent(
        f"fly.search:{route['from']}:{route['to']}:{when}",
        [
            f"What's the cheapest direct flight from {c1['name']} to {c2['name']} on {when}?",
            f"Find direct flights {c1['name']} -> {c2['name']} for {when} and tell me the lowest fare and flight "
            "number.",
            f"I want to fly from {c1['name']} to {c2['name']} on {when}. Which flight is cheapest and how much is it?",
        ],
        [
            FLY.call("Search Airports", query=c1["name"]),
            FLY.call("Search Airports", query=c2["name"]),
            FLY.call("Search Flights", origin=route["from"], destination=route["to"], date=when.isoformat()),
        ],
        lambda r: [r[2]["flights"][0]["flight_number"], r[2]["flights"][0]["price_usd"]],
    )


@FLY.template("status", "Flight Status")
def _status(rng, w):
    route = pick(
        rng,
        w["routes"],
        lambda x: works(
            FLY.call(
                "Flight Status", flight_number=x["flight_number"], date=_next(w, x["weekdays"][0], rng).isoformat()
            )
        ),
    )
    when = _next(w, route["weekdays"][-1], rng)
    return intent(
        f"fly.status:{route['flight_number']}:{when}",
        [
            f"Is flight {route['flight_number']} on {when} on time? Which gate?",
            f"What's the status of {route['flight_number']} on {when}, and where does it board?",
            f"My friend is on flight {route['flight_number']} on {when}. Is it delayed, and from which gate does it "
            "leave?",
        ],
        [FLY.call("Flight Status", flight_number=route["flight_number"], date=when.isoformat())],
        lambda r: [r[0]["status"], r[0]["gate"]],
    )


@FLY.template("airline", "Airline Info")
def _airline(rng, w):
    route = rng.choice(w["routes"])
    return intent(
        f"fly.airline:{route['flight_number']}",
        [
            f"Which airline operates flight {route['flight_number']}, and how punctual is it?",
            f"Tell me about the airline behind flight {route['flight_number']}: name and on-time rate.",
            f"Who flies {route['flight_number']}? I'd like the airline's name and how often it is on time.",
        ],
        [FLY.call("Airline Info", airline_code=route["airline_code"])],
        lambda r: [r[0]["name"], r[0]["on_time_rate"]],
    )


@GUIDE.template("search", "Search Attractions")
def _attractions(rng, w):
    c = rng.choice(w["cities"])
    return intent(
        f"guide.search:{c['id']}",
        [
            f"What's the best-rated attraction in {c['name']}?",
            f"I have one free afternoon in {c['name']}. Which sight has the highest rating?",
            f"List the top attractions in {c['name']} and tell me which one is rated best.",
        ],
        [GUIDE.call("Search Attractions", city=c["name"])],
        lambda r: [r[0]["attractions"][0]["name"]],
    )


@GUIDE.template("museum", "Search Attractions")
def _museums(rng, w):
    a = pick(rng, w["attractions"], lambda a: a["type"] == "Museum")
    c = w.city(a["city_id"])
    return intent(
        f"guide.museums:{c['id']}",
        [
            f"Which museums can I visit in {c['name']}?",
            f"List the museums in {c['name']}.",
            f"I love museums. Which ones are there to see in {c['name']}?",
        ],
        [GUIDE.call("Search Attractions", city=c["name"], type="Museum")],
        lambda r: [listed([x["name"] for x in r[0]["attractions"]])],
    )


@GUIDE.template("details", "Attraction Details")
def _attraction_details(rng, w):
    a = rng.choice(w["attractions"])
    c = w.city(a["city_id"])
    return intent(
        f"guide.details:{a['id']}",
        [
            f"What are the opening hours of the {a['name']}, and on which day is it closed?",
            f"When can I visit the {a['name']}? Tell me the hours and any closing day.",
            f"Planning a visit to {a['name']}: opening times and closing day, please.",
        ],
        [GUIDE.call("Search Attractions", city=c["name"]), GUIDE.call("Attraction Details", attraction_id=a["id"])],
        lambda r: [r[1]["opening_hours"], r[1]["closed_on"]],
    )


@GUIDE.template("free", "Free Attractions")
def _free(rng, w):
    a = pick(rng, w["attractions"], lambda a: a["ticket_price_usd"] == 0)
    country = w.country(w.city(a["city_id"])["country_code"])
    return intent(
        f"guide.free:{country['code']}",
        [
            f"Which attractions in {country['name']} are free to enter?",
            f"I'm travelling around {country['name']} on a shoestring. What sights have free entry?",
            f"List the free attractions across {country['name']}.",
        ],
        [GUIDE.call("Free Attractions", country=country["code"])],
        lambda r: [listed([x["name"] for x in r[0]["attractions"]])],
    )


@ADVISOR.template("visa", "Visa Requirements")
def _visa(rng, w):
    a, b = rng.sample(w["countries"], 2)
    return intent(
        f"advisor.visa:{a['code']}:{b['code']}",
        [
            f"Do I need a visa to visit {b['name']} with a passport from {a['name']}? How long can I stay?",
            f"I hold a {a['name']} passport. What are the visa rules for {b['name']}, and the longest stay?",
            f"Visa requirements for {a['name']} citizens travelling to {b['name']}, and how many days may they stay?",
        ],
        [ADVISOR.call("Visa Requirements", passport=a["code"], destination=b["code"])],
        lambda r: [r[0]["requirement"], r[0]["max_stay_days"]],
    )


@ADVISOR.template("advisory", "Travel Advisory")
def _advisory(rng, w):
    c = rng.choice(w["countries"])
    return intent(
        f"advisor.advisory:{c['code']}",
        [
            f"What's the current travel advisory level for {c['name']}, and what is the advice?",
            f"Is it safe to travel to {c['name']}? Give me the official advisory level and advice.",
            f"Check the travel advisory for {c['name']} and tell me its level and advice.",
        ],
        [ADVISOR.call("Travel Advisory", country=c["code"])],
        lambda r: [r[0]["level"], r[0]["advice"]],
    )


@ADVISOR.template("emergency", "Emergency Numbers")
def _emergency(rng, w):
    c = rng.choice(w["countries"])
    return intent(
        f"advisor.emergency:{c['code']}",
        [
            f"What numbers do I call for an ambulance and for the police in {c['name']}?",
            f"Emergency numbers for {c['name']}: police and ambulance?",
            f"If something happens during my trip to {c['name']}, which numbers reach the police and an ambulance?",
        ],
        [ADVISOR.call("Emergency Numbers", country=c["code"])],
        lambda r: [bound(r[0]["ambulance"], "ambulance"), bound(r[0]["police"], "police")],
    )
