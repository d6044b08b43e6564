"""Intents for the Text_Analysis, Translation and Science tools (and a few late additions elsewhere)."""

from __future__ import annotations

import urllib.parse

from data_builder.intents.base import Tool, bound, intent, listed, pick, reply, works
from data_builder.intents.media import LYRICS, MUSIC
from data_builder.intents.tools import CODEC
from data_builder.intents.travel import ADVISOR

SENTIMENT = Tool("Text_Analysis", "Sentiment Scope")
DETECT = Tool("Text_Analysis", "Language Detector")
PHRASES = Tool("Translation", "Phrasebook")
ELEMENTS = Tool("Science", "Periodic Table")
STATS = Tool("Science", "Stats Calculator")
PLANETS = Tool("Science", "Planet Facts")
REVIEWS = [
    "The staff were friendly and the room was clean and lovely",
    "Terrible service, cold food and a rude waiter, never again",
    "The museum was amazing and the guide was really helpful",
    "Our train was late and the carriage was dirty and noisy",
    "Fantastic views, delicious lunch, I would recommend it to anyone",
    "The hotel was fine, nothing special, breakfast was slow",
]


@SENTIMENT.template("analyze", "Analyze Sentiment")
def _sentiment(rng, w):
    text = rng.choice(REVIEWS)
    return intent(
        f"sentiment.analyze:{text}",
        [
            f'Is this review positive or negative, and what is its sentiment score? "{text}"',
            f"What's the sentiment label and score of: {text}",
            f'Analyse the tone of this customer comment (label and score): "{text}"',
        ],
        [SENTIMENT.call("Analyze Sentiment", text=text)],
        lambda r: [r[0]["label"], r[0]["score"]],
    )


@SENTIMENT.template("compare", "Compare Sentiment")
def _compare(rng, w):
    a, b = rng.sample(REVIEWS, 2)
    return intent(
        f"sentiment.compare:{a}:{b}",
        [
            f'Is each of these reviews positive, negative or neutral? A: "{a}" B: "{b}"',
            f'Compare the sentiment of "{a}" and "{b}": label each one positive, negative or neutral.',
            f'Review one says "{a}", review two says "{b}". What is the sentiment label of each?',
        ],
        [SENTIMENT.call("Compare Sentiment", text_a=a, text_b=b)],
        lambda r: [r[0]["text_a"]["label"], r[0]["text_b"]["label"]],
    )


@SENTIMENT.template("keywords", "Extract Keywords")
def _keywords(rng, w):
    a = rng.choice(w["articles"])
    text = f"{a['title']}. {a['summary']}"
    return intent(
        f"sentiment.keywords:{a['id']}",
        [
            f'What is the top keyword of this text? "{text}"',
            f"Extract the single top keyword from: {text}",
            f'Which word comes up most in "{text}" (ignoring stop words)?',
        ],
        [SENTIMENT.call("Extract Keywords", text=text, top=3)],
        lambda r: [r[0]["keywords"][0]["word"]],
    )


@SENTIMENT.template("readability", "Readability Score")
def _readability(rng, w):
    word = rng.choice(w["words"])
    text = f"{word['example']} It means {word['definition']}."
    return intent(
        f"sentiment.readability:{word['word']}",
        [
            f'How easy is this to read (Flesch score and level)? "{text}"',
            f"Give me the Flesch reading ease and the reading level of: {text}",
            f'Rate the readability of the text "{text}": score and level.',
        ],
        [SENTIMENT.call("Readability Score", text=text)],
        lambda r: [r[0]["flesch_reading_ease"], r[0]["level"]],
    )


@DETECT.template("detect", "Detect Language")
def _detect(rng, w):
    code = rng.choice(["es", "fr", "de", "it", "pt"])
    phrase = pick(
        rng,
        w["phrases"],
        lambda p: (
            works(DETECT.call("Detect Language", text=p["texts"][code]))
            and reply(DETECT.call("Detect Language", text=p["texts"][code]))["language"] == code
        ),
    )
    text = phrase["texts"][code]
    return intent(
        f"detect:{phrase['key']}:{code}",
        [
            f'What language is "{text}"?',
            f"Detect the language of this text: {text}",
            f'Someone wrote "{text}" to me. Which language is that?',
        ],
        [DETECT.call("Detect Language", text=text)],
        lambda r: [r[0]["name"]],
    )


@DETECT.template("supported", "Supported Languages")
def _supported(rng, w):
    lang = rng.choice(w["languages"])
    return intent(
        f"detect.supported:{lang['code']}",
        [
            f"Can your detector recognise {lang['name']}? Which languages does it know?",
            "Which languages can the language detector identify?",
            f"Is {lang['name']} among the languages the detector supports? List them all.",
        ],
        [DETECT.call("Supported Languages", scope="detection")],
        # The response is the list itself beside the codes: the answer says what the names are.
        lambda r: [
            listed(
                [x["name"] for x in r[0]["languages"]],
                *("languages", "language", "supports", "supported", "recognise", "recognises", "identify", "knows"),
            )
        ],
    )


@DETECT.template("details", "Language Details")
def _language(rng, w):
    lang = rng.choice(w["languages"])
    return intent(
        f"detect.details:{lang['code']}",
        [
            f"Which countries speak {lang['name']} (language code {lang['code']})?",
            f"In which of your countries is {lang['name']} spoken?",
            f"Tell me where the language '{lang['code']}' is spoken.",
        ],
        [DETECT.call("Language Details", code=lang["code"])],
        lambda r: [listed(r[0]["spoken_in"] or [lang["name"]])],
    )


def _langs(rng, w):
    src, dst = rng.sample(w["languages"], 2)
    return src, dst


@PHRASES.template("translate", "Translate Phrase")
def _translate(rng, w):
    phrase = rng.choice(w["phrases"])
    src, dst = _langs(rng, w)
    text = phrase["texts"][src["code"]]
    return intent(
        f"phrases.translate:{phrase['key']}:{src['code']}:{dst['code']}",
        [
            f'How do I say "{text}" in {dst["name"]}?',
            f'Translate "{text}" from {src["name"]} to {dst["name"]}.',
            f'What\'s the {dst["name"]} for "{text}"?',
        ],
        [PHRASES.call("Translate Phrase", text=text, source=src["code"], target=dst["code"])],
        lambda r: [r[0]["translation"]],
    )


@PHRASES.template("list", "List Phrases")
def _phrases(rng, w):
    lang = rng.choice(w["languages"])
    return intent(
        f"phrases.list:{lang['code']}",
        [
            f"Which {lang['name']} phrases does the phrasebook have? The first three will do.",
            f"List the first three phrases available in {lang['name']}.",
            f"Show me the first three entries of the {lang['name']} phrase list.",
        ],
        [PHRASES.call("List Phrases", language=lang["code"])],
        lambda r: [listed(r[0]["phrases"][:3])],
    )


@PHRASES.template("languages", "List Languages")
def _languages(rng, w):
    lang = rng.choice(w["languages"])
    return intent(
        f"phrases.languages:{lang['code']}",
        [
            "Which languages does the phrasebook cover?",
            f"What's the language code for {lang['name']} in the phrasebook?",
            f"Does the phrasebook support {lang['name']}, and under which code?",
        ],
        [PHRASES.call("List Languages", include_names=True)],
        lambda r: [lang["code"]],
    )


@PHRASES.template("all", "Phrase in All Languages")
def _all(rng, w):
    phrase = rng.choice(w["phrases"])
    text = phrase["texts"]["en"]
    return intent(
        f"phrases.all:{phrase['key']}",
        [
            f'How do you say "{text}" in every language you know?',
            f'Give me "{text}" in all the phrasebook\'s languages.',
            f'Translate "{text}" into Spanish, French, German, Italian and Portuguese.',
        ],
        [PHRASES.call("Phrase in All Languages", text=text)],
        # The response names each language by its code: an answer says which language each one is.
        lambda r: [
            bound(t["text"], w.by("languages", "code")[t["language"]]["name"])
            for t in r[0]["translations"]
            if t["language"] != "en"
        ],
    )


@ELEMENTS.template("details", "Element Details")
def _element(rng, w):
    e = rng.choice(w["elements"])
    return intent(
        f"elements.details:{e['symbol']}",
        [
            f"What are the atomic number and atomic mass of {e['name']}?",
            f"Give me the atomic number and mass of {e['name']} ({e['symbol']}).",
            f"Which atomic number does {e['name']} have, and what's its atomic mass?",
        ],
        [ELEMENTS.call("Element Details", symbol=e["symbol"])],
        lambda r: [bound(r[0]["number"], "atomic number", "number"), r[0]["atomic_mass"]],
    )


@ELEMENTS.template("search", "Search Elements")
def _elements(rng, w):
    e = rng.choice(w["elements"])
    part = e["name"][:4]
    return intent(
        f"elements.search:{part}",
        [
            f"Which elements have names containing '{part}', and what are their symbols?",
            f"Search the periodic table for '{part}': names and symbols?",
            f"List elements whose name includes '{part}', with their symbols.",
        ],
        [ELEMENTS.call("Search Elements", query=part)],
        lambda r: [e["name"], e["symbol"]],
    )


@ELEMENTS.template("group", "Elements by Group")
def _group(rng, w):
    group = rng.choice([1, 2, 14, 17, 18])
    return intent(
        f"elements.group:{group}",
        [
            f"Which element of group {group} of the periodic table is the lightest?",
            f"Of the group {group} elements, which one is lightest?",
            f"What's the lightest element in group {group}?",
        ],
        [ELEMENTS.call("Elements by Group", group=group)],
        lambda r: [r[0]["elements"][0]["name"]],
    )


@ELEMENTS.template("molar", "Molar Mass")
def _molar(rng, w):
    formula = rng.choice(["H2O", "CO2", "NaCl", "C6H12O6", "CH4", "NH3", "H2SO4", "CaCO3", "Fe2O3", "KCl"])
    return intent(
        f"elements.molar:{formula}",
        [
            f"What's the molar mass of {formula}?",
            f"Compute the molar mass of {formula} in g/mol.",
            f"How many grams does one mole of {formula} weigh?",
        ],
        [ELEMENTS.call("Molar Mass", formula=formula)],
        lambda r: [r[0]["molar_mass_g_per_mol"]],
    )


def _values(rng, n=8):
    return ", ".join(str(rng.randint(1, 99)) for _ in range(n))


@STATS.template("describe", "Describe Data")
def _describe(rng, w):
    values = _values(rng)
    return intent(
        f"stats.describe:{values}",
        [
            f"What are the mean and median of {values}?",
            f"Give me the mean and the median of this data set: {values}",
            f"Give me the average and median of {values}.",
        ],
        [STATS.call("Describe Data", values=values)],
        lambda r: [r[0]["mean"], r[0]["median"]],
    )


@STATS.template("percentile", "Percentile")
def _percentile(rng, w):
    values, p = _values(rng, 10), rng.choice([25, 50, 75, 90])
    return intent(
        f"stats.percentile:{values}:{p}",
        [
            f"What's the {p}th percentile of {values}?",
            f"Compute percentile {p} of these numbers: {values}",
            f"Which value marks the {p}th percentile in {values}?",
        ],
        [STATS.call("Percentile", values=values, percentile=p)],
        lambda r: [r[0]["value"]],
    )


@STATS.template("zscore", "Z Score")
def _z(rng, w):
    values, value = _values(rng), rng.randint(1, 99)
    return intent(
        f"stats.z:{values}:{value}",
        [
            f"What's the z-score of {value} within {values}?",
            f"How many standard deviations is {value} from the mean of {values}?",
            f"Standardise {value} against the sample {values}.",
        ],
        [STATS.call("Z Score", value=value, values=values)],
        lambda r: [r[0]["z_score"]],
    )


@STATS.template("correlation", "Correlation")
def _correlation(rng, w):
    x = [rng.randint(1, 50) for _ in range(6)]
    y = [v * 2 + rng.randint(-10, 10) for v in x]
    xs, ys = ", ".join(map(str, x)), ", ".join(map(str, y))
    return intent(
        f"stats.corr:{xs}:{ys}",
        [
            f"How strongly are x = {xs} and y = {ys} correlated?",
            f"Pearson correlation between [{xs}] and [{ys}]?",
            f"Compute r for x: {xs}; y: {ys}.",
        ],
        [STATS.call("Correlation", x=xs, y=ys)],
        lambda r: [r[0]["pearson_r"]],
    )


@STATS.template("regression", "Linear Regression")
def _regression(rng, w):
    x = sorted(rng.sample(range(1, 30), 5))
    y = [round(v * rng.choice([1.5, 2, 3]) + rng.randint(-3, 3)) for v in x]
    xs, ys, target = ", ".join(map(str, x)), ", ".join(map(str, y)), rng.randint(30, 40)
    return intent(
        f"stats.reg:{xs}:{ys}:{target}",
        [
            f"Fit a line to x = {xs}, y = {ys}: what's the slope, and the predicted y at x = {target}?",
            f"What's the regression slope for x: {xs} and y: {ys}? Predict x={target}.",
            f"Using least squares on ({xs}) vs ({ys}), what is the slope, and what y do you expect at {target}?",
        ],
        [STATS.call("Linear Regression", x=xs, y=ys, predict_x=target)],
        lambda r: [r[0]["slope"], r[0]["predicted_y"]],
    )


@STATS.template("moving", "Moving Average")
def _moving(rng, w):
    values, window = _values(rng, 7), rng.choice([2, 3, 4])
    return intent(
        f"stats.moving:{values}:{window}",
        [
            f"Compute the {window}-point moving average of {values}.",
            f"Smooth {values} with a moving average of window {window}.",
            f"What are the rolling means (window {window}) of {values}?",
        ],
        [STATS.call("Moving Average", values=values, window=window)],
        lambda r: [listed(r[0]["averages"])],
    )


@PLANETS.template("details", "Planet Details")
def _planet(rng, w):
    p = rng.choice(w["planets"])
    return intent(
        f"planets.details:{p['name']}",
        [
            f"How many moons does {p['name']} have, and what is its diameter?",
            f"What's the diameter of {p['name']}, and how many moons orbit it?",
            f"Give me {p['name']}'s diameter and number of moons.",
        ],
        [PLANETS.call("Planet Details", planet=p["name"])],
        lambda r: [bound(r[0]["moons"], "moons", "moon"), r[0]["diameter_km"]],
    )


@PLANETS.template("list", "List Planets")
def _planets(rng, w):
    order = rng.choice(["diameter", "moons"])
    field = "moons" if order == "moons" else "diameter_km"
    return intent(
        f"planets.list:{order}",
        [
            f"Which planet has the {'most moons' if order == 'moons' else 'largest diameter'}, and how many?",
            f"Rank the planets by {order}: which is first, and with what {order}?",
            f"Which planet is first by {order}, and what is its {order}?",
        ],
        [PLANETS.call("List Planets", order=order)],
        lambda r: [
            r[0]["planets"][0]["name"],
            bound(r[0]["planets"][0][field], order, *(("moon",) if order == "moons" else ("km", "wide"))),
        ],
    )


@PLANETS.template("compare", "Compare Planets")
def _compare_planets(rng, w):
    a, b = rng.sample(w["planets"], 2)
    return intent(
        f"planets.compare:{a['name']}:{b['name']}",
        [
            f"How many times wider is {b['name']} than {a['name']}, and how far apart are their orbits?",
            f"Compare {a['name']} and {b['name']}: diameter ratio and gap between their orbits.",
            f"How far apart are the orbits of {a['name']} and {b['name']}, and what is their diameter ratio?",
        ],
        [PLANETS.call("Compare Planets", planet_a=a["name"], planet_b=b["name"])],
        lambda r: [r[0]["diameter_ratio"], r[0]["orbit_gap_million_km"]],
    )


@PLANETS.template("light", "Light Travel Time")
def _light(rng, w):
    p = rng.choice(w["planets"])
    return intent(
        f"planets.light:{p['name']}",
        [
            f"How long does sunlight take to reach {p['name']}?",
            f"Light travel time from the Sun to {p['name']}, in minutes?",
            f"How many minutes old is the sunlight hitting {p['name']}?",
        ],
        [PLANETS.call("Light Travel Time", planet=p["name"])],
        lambda r: [r[0]["minutes"]],
    )


@CODEC.template("urldecode", "URL Decode")
def _url_decode(rng, w):
    text = f"{rng.choice(w['cities'])['name']} & {rng.choice(w['cities'])['name']} / trip"
    encoded = urllib.parse.quote(text, safe="")
    return intent(
        f"codec.urldecode:{encoded}",
        [
            f"Decode this URL-encoded text: {encoded}",
            f"What does {encoded} say once percent-decoded?",
            f'URL-decode "{encoded}".',
        ],
        [CODEC.call("URL Decode", encoded=encoded)],
        lambda r: [r[0]["text"]],
    )


@ADVISOR.template("level", "Countries by Advisory Level")
def _level(rng, w):
    level = rng.choice(sorted({a["level"] for a in w["advisories"]}))
    return intent(
        f"advisor.level:{level}",
        [
            f"Which countries are at travel advisory level {level}?",
            f"List all countries with advisory level {level}.",
            f"Where is the travel advisory currently at level {level}?",
        ],
        [ADVISOR.call("Countries by Advisory Level", level=level)],
        lambda r: [listed(r[0]["countries"])],
    )


@LYRICS.template("index", "Artist Lyrics Index")
def _lyrics_index(rng, w):
    a = pick(rng, w["artists"], None)
    return intent(
        f"lyrics.index:{a['id']}",
        [
            f"For how many of {a['name']}'s songs can I read the lyrics?",
            f"How many {a['name']} songs have lyrics available?",
            f"Count {a['name']}'s songs with displayable lyrics.",
        ],
        [MUSIC.call("Search Artists", name=a["name"]), LYRICS.call("Artist Lyrics Index", artist_id=a["id"])],
        lambda r: [r[1]["available"]],
    )
