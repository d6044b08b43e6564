"""Intents for the Food and Sports tools."""

from __future__ import annotations

from data_builder.intents.base import Tool, bound, intent, listed, pick

RECIPES = Tool("Food", "Recipe Box")
NUTRITION = Tool("Food", "Nutrient Lens")
TABLES = Tool("Food", "TableSpot Restaurants")
FOOTBALL = Tool("Sports", "Pitchside Football")
MATCHES = Tool("Sports", "Match Center")
SCOUT = Tool("Sports", "Scout Player Stats")


@RECIPES.template("search", "Search Recipes")
def _search(rng, w):
    r = rng.choice(w["recipes"])
    return intent(
        f"recipes.search:{r['id']}",
        [
            f"How long does the {r['name']} recipe take in total, and which cuisine is it?",
            f"Find the recipe for {r['name']} - which cuisine is it and how long does it take?",
            f"What cuisine is the {r['name']} recipe, and how long does it take in total?",
        ],
        [RECIPES.call("Search Recipes", query=r["name"])],
        lambda x: [
            next(y["total_time_min"] for y in x[0]["recipes"] if y["recipe_id"] == r["id"]),
            next(y["cuisine"] for y in x[0]["recipes"] if y["recipe_id"] == r["id"]),
        ],
    )


@RECIPES.template("details", "Recipe Details")
def _details(rng, w):
    r = rng.choice(w["recipes"])
    servings = rng.choice([2, 4, 6, 8])
    item = r["ingredients"][0]["name"]
    return intent(
        f"recipes.details:{r['id']}:{servings}",
        [
            f"I'm cooking {r['name']} for {servings} people. How many grams of {item} do I need?",
            f"Scale the {r['name']} recipe to {servings} servings and tell me the amount of {item}.",
            f"For {servings} servings of {r['name']}, what quantity of {item} should I buy?",
        ],
        [
            RECIPES.call("Search Recipes", query=r["name"]),
            RECIPES.call("Recipe Details", recipe_id=r["id"], servings=servings),
        ],
        lambda x: [x[1]["ingredients"][0]["grams"]],
    )


@RECIPES.template("ingredient", "Recipes by Ingredient")
def _by_ingredient(rng, w):
    r = rng.choice(w["recipes"])
    item = rng.choice(r["ingredients"])["name"]
    return intent(
        f"recipes.ingredient:{item}",
        [
            f"I have some {item} to use up. What's the best-rated recipe with it?",
            f"Which recipes use {item}? Tell me the top-rated one.",
            f"Suggest the highest-rated dish that contains {item}.",
        ],
        [RECIPES.call("Recipes by Ingredient", ingredient=item)],
        lambda x: [x[0]["recipes"][0]["name"]],
    )


@RECIPES.template("cuisine", "Recipes by Cuisine")
def _by_cuisine(rng, w):
    cuisine = rng.choice(sorted({r["cuisine"] for r in w["recipes"]}))
    return intent(
        f"recipes.cuisine:{cuisine}",
        [
            f"What's the quickest {cuisine} recipe you have, and how long does it take?",
            f"I'm short on time. Which {cuisine} dish can I make fastest, and in how many minutes?",
            f"Which {cuisine} recipe is the quickest, and how long does it take?",
        ],
        [RECIPES.call("Recipes by Cuisine", cuisine=cuisine, limit=5)],
        lambda x: [x[0]["recipes"][0]["name"], x[0]["recipes"][0]["total_time_min"]],
    )


@NUTRITION.template("search", "Search Ingredients")
def _ingredients(rng, w):
    i = rng.choice(w["ingredients"])
    word = i["name"].split()[-1]
    return intent(
        f"nutrition.search:{word}",
        [
            f"Which ingredients with '{word}' in the name does the nutrition database know?",
            f"Search the nutrition database for '{word}' and list the matching ingredients.",
            f"What exact ingredient names can I use for '{word}' in nutrition lookups?",
        ],
        [NUTRITION.call("Search Ingredients", query=word)],
        lambda x: [i["name"]],
    )


@NUTRITION.template("ingredient", "Ingredient Nutrition")
def _nutrition(rng, w):
    i = rng.choice(w["ingredients"])
    grams = rng.choice([30, 50, 80, 120, 150, 200, 250])
    return intent(
        f"nutrition.ingredient:{i['id']}:{grams}",
        [
            f"How many calories and how much protein are in {grams} g of {i['name']}?",
            f"Nutrition facts for {grams} grams of {i['name']}: calories and protein?",
            f"I'm eating {grams} g of {i['name']}. How much protein and how many kcal is that?",
        ],
        [NUTRITION.call("Ingredient Nutrition", ingredient=i["name"], grams=grams)],
        lambda x: [x[0]["kcal"], x[0]["protein_g"]],
    )


@NUTRITION.template("list", "Analyze Ingredient List")
def _analyze(rng, w):
    items = rng.sample(w["ingredients"], 3)
    grams = [rng.choice([20, 50, 100, 150, 200]) for _ in items]
    text = ", ".join(f"{g} g {i['name']}" for g, i in zip(grams, items, strict=True))
    return intent(
        f"nutrition.list:{text}",
        [
            f"What are the total calories and protein of this meal: {text}?",
            f"Add up the nutrition for {text}. Total kcal and protein?",
            f"My lunch was {text}. How many calories and how much protein did I eat?",
        ],
        [NUTRITION.call("Analyze Ingredient List", items=text)],
        lambda x: [x[0]["total"]["kcal"], x[0]["total"]["protein_g"]],
    )


@TABLES.template("search", "Search Restaurants")
def _restaurants(rng, w):
    r = rng.choice(w["restaurants"])
    c = w.city(r["city_id"])
    return intent(
        f"tables.search:{c['id']}:{r['cuisine']}",
        [
            f"Where can I get the best-rated {r['cuisine']} food in {c['name']}, and how is it rated?",
            f"Find the best-rated {r['cuisine']} restaurant in {c['name']} and its rating.",
            f"Which is the top-rated {r['cuisine']} restaurant in {c['name']}? Give me the name and rating.",
        ],
        [TABLES.call("Search Restaurants", city=c["name"], cuisine=r["cuisine"])],
        lambda x: [x[0]["restaurants"][0]["name"], x[0]["restaurants"][0]["rating"]],
    )


@TABLES.template("details", "Restaurant Details")
def _restaurant(rng, w):
    r = rng.choice(w["restaurants"])
    c = w.city(r["city_id"])
    return intent(
        f"tables.details:{r['id']}",
        [
            f"What's the phone number of {r['name']} in {c['name']}, and when is it open?",
            f"Give me the phone number and opening hours of {r['name']} ({c['name']}).",
            f"I want to book {r['name']} in {c['name']}. Phone number and opening hours please.",
        ],
        [TABLES.call("Search Restaurants", city=c["name"]), TABLES.call("Restaurant Details", restaurant_id=r["id"])],
        lambda x: [x[1]["phone"], x[1]["opening_hours"]],
    )


@TABLES.template("menu", "Restaurant Menu")
def _menu(rng, w):
    r = pick(rng, w["restaurants"], lambda r: any(m["vegetarian"] for m in r["menu"]))
    c = w.city(r["city_id"])
    return intent(
        f"tables.menu:{r['id']}",
        [
            f"What vegetarian dishes does {r['name']} in {c['name']} serve?",
            f"I'm vegetarian - what can I order at {r['name']} ({c['name']})?",
            f"Show me the vegetarian options on the menu of {r['name']} in {c['name']}.",
        ],
        [
            TABLES.call("Search Restaurants", city=c["name"]),
            TABLES.call("Restaurant Menu", restaurant_id=r["id"], vegetarian_only=True),
        ],
        lambda x: [listed([m["item"] for m in x[1]["menu"]])],
    )


def _team(rng, w):
    return rng.choice(w["teams"])


@FOOTBALL.template("leagues", "List Leagues")
def _leagues(rng, w):
    league = rng.choice(w["leagues"])
    return intent(
        f"football.leagues:{league['id']}",
        [
            f"How many teams play in the {league['name']} in the 2025 season?",
            f"In the 2025 season, how many clubs does the {league['name']} have?",
            f"Is the {league['name']} covered in 2025, and how many teams play in it?",
        ],
        [FOOTBALL.call("List Leagues", season="2025")],
        lambda x: [bound(next(y["teams"] for y in x[0]["leagues"] if y["name"] == league["name"]), "teams", "clubs")],
    )


@FOOTBALL.template("standings", "League Standings")
def _standings(rng, w):
    league = rng.choice(w["leagues"])
    return intent(
        f"football.standings:{league['id']}",
        [
            f"Who's top of the {league['name']} right now, and with how many points?",
            f"Show me the {league['name']} table - who leads it, with how many points?",
            f"Which team is leading the {league['name']}, and how many points does it have?",
        ],
        [FOOTBALL.call("List Leagues", season="2025"), FOOTBALL.call("League Standings", league_id=league["id"])],
        lambda x: [x[1]["standings"][0]["team"], x[1]["standings"][0]["points"]],
    )


@FOOTBALL.template("search", "Search Teams")
def _teams(rng, w):
    t = _team(rng, w)
    league = w.by("leagues", "id")[t["league_id"]]
    return intent(
        f"football.search:{t['id']}",
        [
            f"Which league does {t['name']} play in?",
            f"Look up the football club {t['name']} and tell me its league.",
            f"In what competition is {t['name']} playing this season?",
        ],
        [FOOTBALL.call("Search Teams", name=t["name"])],
        lambda x: [league["name"]],
    )


@FOOTBALL.template("team", "Team Details")
def _team_details(rng, w):
    t = _team(rng, w)
    return intent(
        f"football.team:{t['id']}",
        [
            f"Who coaches {t['name']}, and where do they play their home games?",
            f"Tell me about {t['name']}: coach and stadium.",
            f"Who's the manager of {t['name']}, and what's their home stadium?",
        ],
        [FOOTBALL.call("Search Teams", name=t["name"]), FOOTBALL.call("Team Details", team_id=t["id"])],
        lambda x: [x[1]["coach"], x[1]["stadium"]],
    )


@FOOTBALL.template("squad", "Team Squad")
def _squad(rng, w):
    t = _team(rng, w)
    return intent(
        f"football.squad:{t['id']}",
        [
            f"Who are the goalkeepers of {t['name']}?",
            f"List the goalkeepers in the {t['name']} squad.",
            f"Which keepers does {t['name']} have?",
        ],
        [
            FOOTBALL.call("Search Teams", name=t["name"]),
            FOOTBALL.call("Team Squad", team_id=t["id"], position="Goalkeeper"),
        ],
        lambda x: [listed([p["name"] for p in x[1]["players"]])],
    )


@MATCHES.template("fixtures", "Team Fixtures")
def _fixtures(rng, w):
    t = _team(rng, w)
    return intent(
        f"matches.fixtures:{t['id']}",
        [
            f"When does {t['name']} play next, and against whom?",
            f"What's the next scheduled match of {t['name']}: date and opponent?",
            f"Who does {t['name']} play next, and on which date?",
        ],
        [
            FOOTBALL.call("Search Teams", name=t["name"]),
            MATCHES.call("Team Fixtures", team_id=t["id"], status="scheduled"),
        ],
        lambda x: [
            x[1]["matches"][0]["date"],
            next(side for side in (x[1]["matches"][0]["home"], x[1]["matches"][0]["away"]) if side != t["name"]),
        ],
    )


@MATCHES.template("date", "Matches by Date")
def _by_date(rng, w):
    m = pick(rng, w["matches"], lambda m: m["status"] == "Finished")
    teams = w.by("teams", "id")
    home = teams[m["home_team_id"]]["name"]
    return intent(
        f"matches.date:{m['date']}:{m['id']}",
        [
            f"What was the score of {home}'s home game on {m['date']}?",
            f"Look up the results of {m['date']}: what was the score of {home}'s home game?",
            f"How did {home} get on at home on {m['date']}?",
        ],
        [MATCHES.call("Matches by Date", date=m["date"])],
        lambda x: [next(y["score"] for y in x[0]["matches"] if y["match_id"] == m["id"])],
    )


@MATCHES.template("details", "Match Details")
def _match(rng, w):
    m = pick(rng, w["matches"], lambda m: m["scorers"])
    teams = w.by("teams", "id")
    home, away = teams[m["home_team_id"]], teams[m["away_team_id"]]
    return intent(
        f"matches.details:{m['id']}",
        [
            f"Who scored first in {home['name']} vs {away['name']} on {m['date']}, and in which minute?",
            f"Give me the first goal scorer and minute of the {m['date']} match between {home['name']} and "
            f"{away['name']}.",
            f"Who got the first goal when {home['name']} hosted {away['name']} on {m['date']}, and when?",
        ],
        [
            FOOTBALL.call("Search Teams", name=home["name"]),
            MATCHES.call("Matches by Date", date=m["date"]),
            MATCHES.call("Match Details", match_id=m["id"]),
        ],
        lambda x: [x[2]["goals"][0]["player"], bound(x[2]["goals"][0]["minute"], "minute", "min")],
    )


@MATCHES.template("h2h", "Head to Head")
def _h2h(rng, w):
    m = pick(rng, w["matches"], lambda m: m["status"] == "Finished")
    teams = w.by("teams", "id")
    a, b = teams[m["home_team_id"]], teams[m["away_team_id"]]
    return intent(
        f"matches.h2h:{a['id']}:{b['id']}",
        [
            f"What were the scores when {a['name']} and {b['name']} played each other this season?",
            f"Head to head this season: {a['name']} vs {b['name']} - what were the results?",
            f"List the scores of this season's matches between {a['name']} and {b['name']}.",
        ],
        [
            FOOTBALL.call("Search Teams", name=a["name"]),
            FOOTBALL.call("Search Teams", name=b["name"]),
            MATCHES.call("Head to Head", team_a=a["id"], team_b=b["id"]),
        ],
        lambda x: [listed([y["score"] for y in x[2]["matches"] if y["score"]])],
    )


@SCOUT.template("search", "Search Players")
def _players(rng, w):
    p = rng.choice(w["players"])
    team = w.by("teams", "id")[p["team_id"]]
    return intent(
        f"scout.search:{p['id']}",
        [
            f"Which position does {p['name']} of {team['name']} play?",
            f"Look up {p['name']} ({team['name']}) - what position?",
            f"Is {team['name']}'s {p['name']} a defender, midfielder, forward or keeper?",
        ],
        [SCOUT.call("Search Players", name=p["name"], limit=50)],
        lambda x: [p["position"]],
    )


@SCOUT.template("profile", "Player Profile")
def _profile(rng, w):
    p = pick(rng, w["players"], lambda p: p["goals"] > 0)
    team = w.by("teams", "id")[p["team_id"]]
    return intent(
        f"scout.profile:{p['id']}",
        [
            f"How many goals has {p['name']} of {team['name']} scored this season, in how many appearances?",
            f"Season stats for {p['name']} ({team['name']}): goals and appearances?",
            f"How many times has {team['name']}'s {p['name']} scored this season, and in how many games?",
        ],
        [SCOUT.call("Search Players", name=p["name"], limit=50), SCOUT.call("Player Profile", player_id=p["id"])],
        lambda x: [
            bound(x[1]["season"]["goals"], "goals", "goal", "scored"),
            bound(x[1]["season"]["appearances"], "appearances", "games", "matches", "apps"),
        ],
    )


@SCOUT.template("scorers", "Top Scorers")
def _scorers(rng, w):
    league = rng.choice(w["leagues"])
    return intent(
        f"scout.scorers:{league['id']}",
        [
            f"Who's the top scorer in the {league['name']} this season, with how many goals?",
            f"Who leads the {league['name']} goal scorers, and how many has she or he scored?",
            f"Which player has scored most goals in the {league['name']}, and how many?",
        ],
        [FOOTBALL.call("List Leagues", season="2025"), SCOUT.call("Top Scorers", league_id=league["id"], limit=5)],
        lambda x: [x[1]["scorers"][0]["name"], x[1]["scorers"][0]["goals"]],
    )
