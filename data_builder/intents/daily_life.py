"""Intents for the Events, Health_and_Fitness, Jobs, News_Media, Social and Transportation tools."""

from __future__ import annotations

from data_builder.intents.base import Tool, bound, intent, listed, pick, works
from data_builder.intents.commerce import REGISTRY

EVENTS = Tool("Events", "Happenings")
VENUES = Tool("Events", "Venue Directory")
FIT = Tool("Health_and_Fitness", "FitCalc")
EXERCISES = Tool("Health_and_Fitness", "Exercise Library")
JOBS = Tool("Jobs", "JobBoard")
NEWS = Tool("News_Media", "NewsWire")
CHIRP = Tool("Social", "Chirp Social")
RAIL = Tool("Transportation", "RailPlanner")
EV = Tool("Transportation", "ChargeMap EV")


def _upcoming(rng, w, where=None):
    return pick(rng, w["events"], lambda e: e["date"] >= w.today.isoformat() and (where is None or where(e)))


@EVENTS.template("search", "Search Events")
def _search(rng, w):
    e = _upcoming(rng, w)
    c = w.city(e["city_id"])
    return intent(
        f"events.search:{c['id']}:{e['type']}",
        [
            f"What {e['type'].lower()} events are coming up in {c['name']}?",
            f"Find upcoming {e['type'].lower()} events in {c['name']}.",
            f"Which {e['type'].lower()} events are on in {c['name']} soon?",
        ],
        [EVENTS.call("Search Events", city=c["name"], type=e["type"], limit=50)],
        lambda r: [listed([x["name"] for x in r[0]["events"]])],
    )


@EVENTS.template("details", "Event Details")
def _details(rng, w):
    e = _upcoming(rng, w)
    c = w.city(e["city_id"])
    return intent(
        f"events.details:{e['id']}",
        [
            f'Where and at what time does "{e["name"]}" in {c["name"]} take place?',
            f"Give me the venue and start time of {e['name']} ({c['name']}).",
            f'Where is "{e["name"]}" in {c["name"]} held, and when does it start?',
        ],
        [EVENTS.call("Search Events", city=c["name"], limit=50), EVENTS.call("Event Details", event_id=e["id"])],
        lambda r: [r[1]["venue"], r[1]["start_time"]],
    )


@EVENTS.template("tickets", "Event Tickets")
def _tickets(rng, w):
    e = _upcoming(rng, w, lambda e: e["status"] != "Cancelled")
    c = w.city(e["city_id"])
    return intent(
        f"events.tickets:{e['id']}",
        [
            f'What does each ticket tier for "{e["name"]}" in {c["name"]} cost?',
            f"What ticket tiers are there for {e['name']} ({c['name']}), and prices?",
            f'Which tickets can I get for "{e["name"]}" in {c["name"]}, at what price per tier?',
        ],
        [EVENTS.call("Search Events", city=c["name"], limit=50), EVENTS.call("Event Tickets", event_id=e["id"])],
        lambda r: [bound(t["price_usd"], t["tier"]) for t in r[1]["tiers"]],
    )


@EVENTS.template("performer", "Events by Performer")
def _performer(rng, w):
    e = pick(rng, w["events"], lambda e: e["performers"])
    a = w.by("artists", "id")[e["performers"][0]]
    return intent(
        f"events.performer:{a['id']}",
        [
            f"Where is {a['name']} performing?",
            f"In which cities are the events featuring {a['name']}?",
            f"In which cities can I see {a['name']} live?",
        ],
        [EVENTS.call("Events by Performer", artist_id=a["id"])],
        lambda r: [listed([x["city"] for x in r[0]["events"]])],
    )


@VENUES.template("city", "Venues in City")
def _venues(rng, w):
    v = rng.choice(w["venues"])
    c = w.city(v["city_id"])
    return intent(
        f"venues.city:{c['id']}",
        [
            f"Which event venues are there in {c['name']}?",
            f"List the event venues in {c['name']}.",
            f"Name every event venue you know in {c['name']}.",
        ],
        [VENUES.call("Venues in City", city=c["name"])],
        lambda r: [listed([x["name"] for x in r[0]["venues"]])],
    )


@VENUES.template("details", "Venue Details")
def _venue(rng, w):
    v = rng.choice(w["venues"])
    c = w.city(v["city_id"])
    return intent(
        f"venues.details:{v['id']}",
        [
            f"What's the address of {v['name']}, and how many people fit in?",
            f"How many people fit into {v['name']}, and where is it?",
            f"Give me the capacity and address of {v['name']} in {c['name']}.",
        ],
        [VENUES.call("Venues in City", city=c["name"]), VENUES.call("Venue Details", venue_id=v["id"])],
        lambda r: [r[1]["address"], bound(r[1]["capacity"], "capacity", "people", "fit", "fits", "holds", "seats")],
    )


@VENUES.template("events", "Venue Events")
def _venue_events(rng, w):
    e = rng.choice(w["events"])
    v = w.by("venues", "id")[e["venue_id"]]
    c = w.city(v["city_id"])
    return intent(
        f"venues.events:{v['id']}",
        [
            f"What's on at {v['name']}?",
            f"List the events at {v['name']} in {c['name']}.",
            f"Which events does {v['name']} host?",
        ],
        [VENUES.call("Venues in City", city=c["name"]), VENUES.call("Venue Events", venue_id=v["id"])],
        lambda r: [listed([x["name"] for x in r[1]["events"]])],
    )


@VENUES.template("largest", "Largest Venues")
def _largest(rng, w):
    c = w.city(rng.choice(w["venues"])["city_id"])
    country = w.country(c["country_code"])
    return intent(
        f"venues.largest:{country['code']}",
        [
            f"What's the largest event venue in {country['name']}, and how many people does it hold?",
            f"Which venue in {country['name']} holds the most people, and how many?",
            f"Top venue by capacity in {country['name']}: its name and capacity?",
        ],
        [VENUES.call("Largest Venues", country=country["code"])],
        lambda r: [r[0]["venues"][0]["name"], r[0]["venues"][0]["capacity"]],
    )


def _body(rng):
    return rng.randint(50, 110), rng.randint(150, 195)


@FIT.template("bmi", "BMI")
def _bmi(rng, w):
    kg, cm = _body(rng)
    return intent(
        f"fit.bmi:{kg}:{cm}",
        [
            f"I weigh {kg} kg and I'm {cm} cm tall. What's my BMI, and which category is that?",
            f"Calculate the BMI for {kg} kg at {cm} cm and give its category.",
            f"Is {kg} kg a healthy weight at {cm} cm? Give me the BMI and category.",
        ],
        [FIT.call("BMI", weight_kg=kg, height_cm=cm)],
        lambda r: [r[0]["bmi"], r[0]["category"]],
    )


@FIT.template("calories", "Daily Calories")
def _calories(rng, w):
    kg, cm = _body(rng)
    age, sex, level = (
        rng.randint(20, 70),
        rng.choice(["male", "female"]),
        rng.choice(["sedentary", "light", "moderate", "active"]),
    )
    return intent(
        f"fit.calories:{kg}:{cm}:{age}:{sex}:{level}",
        [
            f"How many calories a day does a {age}-year-old {sex}, {kg} kg, {cm} cm, {level} activity, need?",
            f"Daily calorie needs for me: {sex}, {age} years, {kg} kg, {cm} cm, activity level {level}?",
            f"What's my maintenance calorie intake? I'm a {sex}, {age}, {cm} cm, {kg} kg, {level}.",
        ],
        [FIT.call("Daily Calories", weight_kg=kg, height_cm=cm, age=age, sex=sex, activity=level)],
        lambda r: [r[0]["maintenance_calories"]],
    )


@FIT.template("burned", "Calories Burned")
def _burned(rng, w):
    e = rng.choice(w["exercises"])
    minutes, kg = rng.choice([20, 30, 45, 60]), rng.randint(55, 100)
    return intent(
        f"fit.burned:{e['id']}:{minutes}:{kg}",
        [
            f"How many calories do I burn doing {minutes} minutes of {e['name'].lower()} at {kg} kg?",
            f"Calories burned: {e['name']}, {minutes} min, body weight {kg} kg?",
            f"I weigh {kg} kg. What does {minutes} minutes of {e['name'].lower()} burn?",
        ],
        [FIT.call("Calories Burned", exercise=e["name"], minutes=minutes, weight_kg=kg)],
        lambda r: [r[0]["calories"]],
    )


@FIT.template("ideal", "Ideal Weight")
def _ideal(rng, w):
    cm, sex = rng.randint(150, 195), rng.choice(["male", "female"])
    return intent(
        f"fit.ideal:{cm}:{sex}",
        [
            f"What's the ideal weight for a {sex} who is {cm} cm tall?",
            f"Ideal body weight for a {cm} cm {sex}?",
            f"I'm a {cm} cm tall {sex}. What should I ideally weigh?",
        ],
        [FIT.call("Ideal Weight", height_cm=cm, sex=sex)],
        lambda r: [r[0]["ideal_weight_kg"]],
    )


@FIT.template("zones", "Heart Rate Zones")
def _zones(rng, w):
    age = rng.randint(18, 70)
    return intent(
        f"fit.zones:{age}",
        [
            f"What's my maximum heart rate at age {age}?",
            f"I'm {age}. What's my maximum heart rate?",
            f"Max heart rate for a {age}-year-old runner?",
        ],
        [FIT.call("Heart Rate Zones", age=age)],
        lambda r: [r[0]["max_heart_rate"]],
    )


@EXERCISES.template("search", "Search Exercises")
def _exercises(rng, w):
    e = rng.choice(w["exercises"])
    return intent(
        f"exercises.search:{e['id']}",
        [
            f"Which muscle does the {e['name'].lower()} work?",
            f"Look up the exercise {e['name']}: what does it train?",
            f'What muscle group does the exercise "{e["name"]}" target?',
        ],
        [EXERCISES.call("Search Exercises", name=e["name"])],
        lambda r: [e["muscle"]],
    )


@EXERCISES.template("details", "Exercise Details")
def _exercise(rng, w):
    e = rng.choice(w["exercises"])
    return intent(
        f"exercises.details:{e['id']}",
        [
            f'What equipment do I need for the exercise "{e["name"]}", and how hard is it?',
            f"How difficult is the {e['name'].lower()}, and what equipment does it need?",
            f"Give me the difficulty and equipment of the {e['name']}.",
        ],
        [EXERCISES.call("Search Exercises", name=e["name"]), EXERCISES.call("Exercise Details", exercise_id=e["id"])],
        lambda r: [r[1]["equipment"], r[1]["difficulty"]],
    )


@EXERCISES.template("muscle", "Exercises by Muscle")
def _muscle(rng, w):
    muscle = rng.choice(sorted({e["muscle"] for e in w["exercises"]}))
    return intent(
        f"exercises.muscle:{muscle}",
        [
            f"Which exercises train the {muscle.lower()}?",
            f"List exercises for {muscle.lower()}.",
            f"Give me the {muscle.lower()} exercises you know.",
        ],
        [EXERCISES.call("Exercises by Muscle", muscle=muscle)],
        lambda r: [listed([x["name"] for x in r[0]["exercises"]])],
    )


@EXERCISES.template("intense", "Most Intense Exercises")
def _intense(rng, w):
    equipment = rng.choice(["any", "Body weight", "Barbell"])
    label = "with any equipment" if equipment == "any" else f"using {equipment.lower()}"
    return intent(
        f"exercises.intense:{equipment}",
        [
            f"What's the most intense exercise {label}?",
            f"Rank exercises {label} by MET intensity. Which is top?",
            f"Which exercise {label} burns the most energy per minute?",
        ],
        [EXERCISES.call("Most Intense Exercises", equipment=equipment)],
        lambda r: [r[0]["exercises"][0]["name"]],
    )


def _job(rng, w):
    return rng.choice(w["jobs"])


@JOBS.template("search", "Search Jobs")
def _jobs(rng, w):
    j = _job(rng, w)
    c = w.city(j["city_id"])
    return intent(
        f"jobs.search:{j['title']}:{c['id']}",
        [
            f"Which companies have {j['title']} jobs in {c['name']}?",
            f"Find {j['title']} openings in {c['name']}: which companies?",
            f"Which companies are hiring for {j['title']} roles in {c['name']}?",
        ],
        [JOBS.call("Search Jobs", title=j["title"], city=c["name"], limit=50)],
        lambda r: [listed([x["company"] for x in r[0]["jobs"]])],
    )


@JOBS.template("details", "Job Details")
def _job_details(rng, w):
    j = _job(rng, w)
    c, company = w.city(j["city_id"]), w.by("companies", "id")[j["company_id"]]
    return intent(
        f"jobs.details:{j['id']}",
        [
            f"What salary range does the {j['title']} job at {company['name']} in {c['name']} pay?",
            f"Salary range for {company['name']}'s {j['title']} role in {c['name']}?",
            f"How much does {company['name']}'s {j['title']} job in {c['name']} pay, from minimum to maximum?",
        ],
        [
            JOBS.call("Search Jobs", title=j["title"], city=c["name"], limit=50),
            JOBS.call("Job Details", job_id=j["id"]),
        ],
        lambda r: [r[1]["salary_min_usd"], r[1]["salary_max_usd"]],
    )


@JOBS.template("company", "Company Jobs")
def _company_jobs(rng, w):
    company = w.by("companies", "id")[_job(rng, w)["company_id"]]
    return intent(
        f"jobs.company:{company['id']}",
        [
            f"What jobs is {company['name']} advertising?",
            f"List the open positions at {company['name']}.",
            f"For which roles is {company['name']} hiring?",
        ],
        [REGISTRY.call("Search Companies", name=company["name"]), JOBS.call("Company Jobs", company_id=company["id"])],
        lambda r: [listed([x["title"] for x in r[1]["jobs"]])],
    )


@JOBS.template("salary", "Salary Estimate")
def _salary(rng, w):
    title = _job(rng, w)["title"].replace("Senior ", "").replace("Junior ", "").replace("Lead ", "")
    return intent(
        f"jobs.salary:{title}",
        [
            f"What do {title} jobs typically pay according to current postings?",
            f"Average advertised salary range for {title} roles?",
            f"How much are {title} jobs paying right now?",
        ],
        [JOBS.call("Salary Estimate", title=title)],
        lambda r: [r[0]["average_min_usd"], r[0]["average_max_usd"]],
    )


@NEWS.template("headlines", "Top Headlines")
def _headlines(rng, w):
    codes = [{"code": c} for c in sorted({a["country_code"] for a in w["articles"]})]
    country = w.country(pick(rng, codes, lambda x: works(NEWS.call("Top Headlines", country=x["code"])))["code"])
    return intent(
        f"news.headlines:{country['code']}",
        [
            f"What are the top news headlines about {country['name']}?",
            f"Give me the latest headlines for {country['name']}.",
            f"What's in the news in {country['name']} today?",
        ],
        [NEWS.call("Top Headlines", country=country["code"], limit=5)],
        lambda r: [listed([a["title"] for a in r[0]["articles"]])],
    )


@NEWS.template("search", "Search Articles")
def _articles(rng, w):
    a = rng.choice(w["articles"])
    phrase = " ".join(a["title"].split()[:2])
    return intent(
        f"news.search:{phrase}",
        [
            f'Find the newest news article about "{phrase}": its headline and source?',
            f'Search the news for "{phrase}" and tell me the newest headline and who published it.',
            f'What is the latest article mentioning "{phrase}", and which outlet published it?',
        ],
        [NEWS.call("Search Articles", query=phrase)],
        lambda r: [r[0]["articles"][0]["title"], r[0]["articles"][0]["source"]],
    )


@NEWS.template("topic", "Articles by Topic")
def _topic(rng, w):
    topic = rng.choice(sorted({a["topic"] for a in w["articles"]}))
    return intent(
        f"news.topic:{topic}",
        [
            f"What's the latest {topic.lower()} headline?",
            f"Show me the most recent article headline on {topic.lower()}.",
            f"Give me the newest headline in {topic.lower()}.",
        ],
        [NEWS.call("Articles by Topic", topic=topic, limit=5)],
        lambda r: [r[0]["articles"][0]["title"]],
    )


@NEWS.template("details", "Article Details")
def _article(rng, w):
    a = rng.choice(w["articles"])
    return intent(
        f"news.details:{a['id']}",
        [
            f'Who wrote the article "{a["title"]}", and when was it published?',
            f'When was "{a["title"]}" published, and by whom?',
            f'Give me the author and publication date of the story "{a["title"]}".',
        ],
        [NEWS.call("Search Articles", query=a["title"]), NEWS.call("Article Details", article_id=a["id"])],
        lambda r: [r[1]["author"], r[1]["published"]],
    )


@NEWS.template("sources", "List Sources")
def _sources(rng, w):
    s = rng.choice(w["news_sources"])
    return intent(
        f"news.sources:{s['id']}",
        [
            f"When was the news source {s['name']} founded?",
            f"In what year was {s['name']} founded?",
            f"Which year was {s['name']}, one of your English-language sources, founded?",
        ],
        [NEWS.call("List Sources", language="en")],
        lambda r: [s["founded"]],
    )


def _user(rng, w):
    return rng.choice(w["users"])


@CHIRP.template("search", "Search Users")
def _users(rng, w):
    u = _user(rng, w)
    return intent(
        f"chirp.search:{u['id']}",
        [
            f"What's {u['display_name']}'s username on Chirp?",
            f"Find {u['display_name']} on Chirp Social.",
            f"Which Chirp handle belongs to {u['display_name']}?",
        ],
        [CHIRP.call("Search Users", query=u["display_name"])],
        lambda r: [u["username"]],
    )


@CHIRP.template("profile", "User Profile")
def _profile(rng, w):
    u = _user(rng, w)
    return intent(
        f"chirp.profile:{u['id']}",
        [
            f"How many followers does @{u['username']} have, and which city are they in?",
            f"Show me the profile of @{u['username']}: followers and city.",
            f"Where is @{u['username']} based, and how many followers do they have?",
        ],
        [CHIRP.call("Search Users", query=u["username"]), CHIRP.call("User Profile", user_id=u["id"])],
        lambda r: [r[1]["followers"], r[1]["city"]],
    )


@CHIRP.template("posts", "User Posts")
def _posts(rng, w):
    u = _user(rng, w)
    return intent(
        f"chirp.posts:{u['id']}",
        [
            f"What did @{u['username']} post most recently, and how many likes did it get?",
            f"Show me @{u['username']}'s latest post and its likes.",
            f"Read me the newest post by @{u['username']} and tell me its likes.",
        ],
        [CHIRP.call("Search Users", query=u["username"]), CHIRP.call("User Posts", user_id=u["id"], limit=1)],
        lambda r: [r[1]["posts"][0]["text"], bound(r[1]["posts"][0]["likes"], "likes", "liked")],
    )


@CHIRP.template("comments", "Post Comments")
def _comments(rng, w):
    c = rng.choice(w["comments"])
    post = w.by("posts", "id")[c["post_id"]]
    u = w.by("users", "id")[post["user_id"]]
    return intent(
        f"chirp.comments:{post['id']}",
        [
            f'What comments did @{u["username"]}\'s post "{post["text"]}" get?',
            f'Who commented on @{u["username"]}\'s post "{post["text"]}"?',
            f'Show the replies to "{post["text"]}" by @{u["username"]}.',
        ],
        [
            CHIRP.call("Search Users", query=u["username"]),
            CHIRP.call("User Posts", user_id=u["id"], limit=50),
            CHIRP.call("Post Comments", post_id=post["id"]),
        ],
        lambda r: [listed([x["text"] for x in r[2]["comments"]])],
    )


@CHIRP.template("trending", "Trending Hashtags")
def _trending(rng, w):
    days = rng.choice([3, 7, 14, 30])
    return intent(
        f"chirp.trending:{days}",
        [
            f"Which hashtag is trending most on Chirp over the last {days} days?",
            f"Top hashtag of the past {days} days?",
            f"What's the most used hashtag in the last {days} days?",
        ],
        [CHIRP.call("Trending Hashtags", days=days)],
        lambda r: [r[0]["hashtags"][0]["tag"]],
    )


def _service(rng, w):
    s = rng.choice(w["rail_services"])
    stations = w.by("stations", "id")
    return s, stations[s["from"]], stations[s["to"]]


@RAIL.template("stations", "Search Stations")
def _stations(rng, w):
    st = rng.choice(w["stations"])
    c = w.city(st["city_id"])
    return intent(
        f"rail.stations:{st['id']}",
        [
            f"What's the main train station in {c['name']} called?",
            f"Find the railway station of {c['name']}.",
            f"Which station do trains use in {c['name']}?",
        ],
        [RAIL.call("Search Stations", city=c["name"])],
        lambda r: [st["name"]],
    )


@RAIL.template("station", "Station Details")
def _station(rng, w):
    st = rng.choice(w["stations"])
    c = w.city(st["city_id"])
    return intent(
        f"rail.station:{st['id']}",
        [
            f"How many platforms does {st['name']} have, and which cities have direct trains from it?",
            f"Which cities have direct trains from {st['name']}, and how many platforms does it have?",
            f"Tell me about {st['name']} in {c['name']}: platforms and direct connections.",
        ],
        [RAIL.call("Search Stations", city=c["name"]), RAIL.call("Station Details", station_id=st["id"])],
        lambda r: [r[1]["platforms"], listed(r[1]["direct_to"])],
    )


@RAIL.template("departures", "Departures")
def _departures(rng, w):
    s, a, b = _service(rng, w)
    after = rng.choice(["06:00", "09:00", "12:00", "15:00"])
    if not any(t >= after for t in s["departures"]):
        after = "00:00"
    ca, cb = w.city(a["city_id"]), w.city(b["city_id"])
    return intent(
        f"rail.departures:{a['id']}:{b['id']}:{after}",
        [
            f"When does the first train from {ca['name']} to {cb['name']} after {after} leave, "
            "and when does it arrive?",
            f"First train {ca['name']} to {cb['name']} departing after {after}: departure and arrival times?",
            f"I need a train from {ca['name']} to {cb['name']} leaving after {after}. When does it arrive?",
        ],
        [
            RAIL.call("Search Stations", city=ca["name"]),
            RAIL.call("Search Stations", city=cb["name"]),
            RAIL.call("Departures", origin=a["id"], destination=b["id"], after=after),
        ],
        lambda r: [r[2]["departures"][0]["departs"], r[2]["departures"][0]["arrives"]],
    )


@RAIL.template("fare", "Journey Fare")
def _fare(rng, w):
    _, a, b = _service(rng, w)
    travel_class, people = rng.choice(["first", "second"]), rng.randint(1, 4)
    ca, cb = w.city(a["city_id"]), w.city(b["city_id"])
    return intent(
        f"rail.fare:{a['id']}:{b['id']}:{travel_class}:{people}",
        [
            f"How much do {people} {travel_class}-class train tickets from {ca['name']} to {cb['name']} cost?",
            f"Train fare {ca['name']} to {cb['name']}, {travel_class} class, {people} passenger(s)?",
            f"What's the total price for {people} of us going {travel_class} class by train from {ca['name']} to "
            f"{cb['name']}?",
        ],
        [
            RAIL.call("Search Stations", city=ca["name"]),
            RAIL.call("Search Stations", city=cb["name"]),
            RAIL.call(
                "Journey Fare", origin=a["id"], destination=b["id"], travel_class=travel_class, passengers=people
            ),
        ],
        lambda r: [r[2]["total_usd"]],
    )


def _charger(rng, w):
    return rng.choice(w["chargers"])


@EV.template("city", "Chargers in City")
def _chargers(rng, w):
    c = w.city(_charger(rng, w)["city_id"])
    return intent(
        f"ev.city:{c['id']}",
        [
            f"Where can I charge my electric car in {c['name']}?",
            f"List the addresses of the EV charging stations in {c['name']}.",
            f"At which addresses are there EV chargers in {c['name']}?",
        ],
        [EV.call("Chargers in City", city=c["name"])],
        lambda r: [listed([x["address"] for x in r[0]["chargers"]])],
    )


@EV.template("details", "Charger Details")
def _charger_details(rng, w):
    ch = _charger(rng, w)
    c = w.city(ch["city_id"])
    return intent(
        f"ev.details:{ch['id']}",
        [
            f"What does charging cost per kWh at the {ch['operator']} station at {ch['address']}?",
            f"What's the price per kWh at the charger at {ch['address']}?",
            f"How much does a kWh cost at the {ch['operator']} charger at {ch['address']}?",
        ],
        [EV.call("Chargers in City", city=c["name"]), EV.call("Charger Details", charger_id=ch["id"])],
        lambda r: [r[1]["price_per_kwh_usd"]],
    )


@EV.template("cost", "Charging Cost")
def _charging_cost(rng, w):
    ch = _charger(rng, w)
    c = w.city(ch["city_id"])
    kwh = rng.choice([20, 35, 50, 75])
    return intent(
        f"ev.cost:{ch['id']}:{kwh}",
        [
            f"How much would {kwh} kWh cost at the charger at {ch['address']}?",
            f"Charging {kwh} kWh at {ch['address']}: what's the price?",
            f"What will I pay to add {kwh} kWh at the {ch['operator']} station, {ch['address']}?",
        ],
        [EV.call("Chargers in City", city=c["name"]), EV.call("Charging Cost", charger_id=ch["id"], kwh=kwh)],
        lambda r: [r[1]["cost_usd"]],
    )


@EV.template("operators", "Operators")
def _operators(rng, w):
    c = w.city(_charger(rng, w)["city_id"])
    return intent(
        f"ev.operators:{c['id']}",
        [
            f"Which companies run EV chargers in {c['name']}?",
            f"Who operates the charging network in {c['name']}?",
            f"List EV charging operators in {c['name']}.",
        ],
        [EV.call("Operators", city=c["name"])],
        lambda r: [listed([x["operator"] for x in r[0]["operators"]])],
    )
