"""Intents for the computing tools of the Tools category."""

from __future__ import annotations

import math
from datetime import timedelta

from data_builder.intents.base import Tool, bound, intent, listed, reply
from harness.util.text import fact_text

UNITS = Tool("Tools", "Unit Converter")
TEXT = Tool("Tools", "Text Toolkit")
CODEC = Tool("Tools", "Codec Box")
CLOCK = Tool("Tools", "World Clock")
DATES = Tool("Tools", "Date Calculator")
COLORS = Tool("Tools", "Color Converter")
SENTENCES = [
    "The early train leaves at seven and the late train leaves at nine",
    "Fresh bread and fresh coffee make every morning better",
    "Our team shipped the release on time despite the storm",
    "A good map and a full tank are all you need for a road trip",
    "Never underestimate the value of a quiet afternoon with a good book",
]


@UNITS.template("list", "List Units")
def _list(rng, w):
    quantity = rng.choice(["length", "weight", "volume", "speed", "temperature"])
    return intent(
        f"units.list:{quantity}",
        [
            f"Which {quantity} units can the converter handle?",
            f"List the supported {quantity} unit symbols.",
            f"What abbreviations do I use for {quantity} conversions?",
        ],
        [UNITS.call("List Units", quantity=quantity)],
        # The response is the list beside the quantity asked about: the answer must say they are units.
        lambda r: [listed(r[0]["units"], "units", "unit", "symbols", "abbreviations")],
    )


def _round_near(value: float, factor: float) -> float | int:
    """A round number (two significant digits) near ``value * factor``, for a comparison to ask about."""
    target = value * factor
    if abs(target) < 1:
        return 1 if value < 1 else 0
    unit = 10.0 ** (math.floor(math.log10(abs(target))) - 1)
    rounded = round(target / unit) * unit
    return int(rounded) if rounded == int(rounded) else round(rounded, 2)


def _conversion(api, kind, pairs, values, more, less):
    """A conversion and a comparison of its result with a round number: the response states the
    result beside the request's own values, so the comparison is what only an answer says."""

    def make(rng, w):
        a, b = rng.choice(pairs)
        value = rng.choice(values)
        step = UNITS.call(api, value=value, from_unit=a, to_unit=b)
        limit = _round_near(float(reply(step)["result"]), rng.choice([0.5, 0.8, 1.25, 2]))
        return intent(
            f"units.{kind}:{value}:{a}:{b}:{limit}",
            [
                f"Convert {value} {a} to {b}. Is that {more} or {less} than {limit} {b}?",
                f"How many {b} is {value} {a}? Is it {more} or {less} than {limit} {b}?",
                f"What is {value} {a} in {b}, and is that {more} or {less} than {limit} {b}?",
            ],
            [step],
            lambda r: [r[0]["result"], bound(more if r[0]["result"] > limit else less, "than")],
        )

    return make


UNITS.template("length", "Convert Length")(
    _conversion(
        "Convert Length",
        "length",
        [("km", "mi"), ("ft", "m"), ("in", "cm"), ("mi", "km")],
        [3, 12.5, 42, 100],
        "longer",
        "shorter",
    )
)
UNITS.template("weight", "Convert Weight")(
    _conversion(
        "Convert Weight",
        "weight",
        [("lb", "kg"), ("kg", "lb"), ("oz", "g"), ("st", "kg")],
        [2, 11, 70, 185],
        "heavier",
        "lighter",
    )
)
UNITS.template("volume", "Convert Volume")(
    _conversion(
        "Convert Volume",
        "volume",
        [("cup", "ml"), ("gal", "l"), ("l", "floz"), ("tbsp", "ml")],
        [1.5, 3, 8],
        "more",
        "less",
    )
)
UNITS.template("speed", "Convert Speed")(
    _conversion(
        "Convert Speed",
        "speed",
        [("km/h", "mph"), ("mph", "km/h"), ("knot", "km/h"), ("m/s", "km/h")],
        [10, 55, 120],
        "faster",
        "slower",
    )
)
UNITS.template("temperature", "Convert Temperature")(
    _conversion(
        "Convert Temperature",
        "temperature",
        [("F", "C"), ("C", "F"), ("C", "K")],
        [-5, 21, 37, 98.6],
        "warmer",
        "colder",
    )
)


@TEXT.template("count", "Word Count")
def _count(rng, w):
    text = rng.choice(SENTENCES)
    return intent(
        f"text.count:{text}",
        [
            f'How many words and characters are in this sentence: "{text}"?',
            f"Count the words and characters in: {text}",
            f'Word and character count please: "{text}"',
        ],
        [TEXT.call("Word Count", text=text)],
        lambda r: [
            bound(r[0]["words"], "words", "word"),
            bound(r[0]["characters"], "characters", "character", "chars"),
        ],
    )


@TEXT.template("case", "Change Case")
def _case(rng, w):
    text, case = rng.choice(SENTENCES), rng.choice(["snake", "camel", "title"])
    return intent(
        f"text.case:{case}:{text}",
        [
            f'Convert "{text}" to {case} case.',
            f"Rewrite this in {case} case: {text}",
            f'What does "{text}" look like in {case} case?',
        ],
        [TEXT.call("Change Case", text=text, case=case)],
        lambda r: [r[0]["result"]],
    )


@TEXT.template("slug", "Slugify")
def _slug(rng, w):
    title = f"{rng.choice(w['films'])['title']}: a review from {rng.choice(w['cities'])['name']}"
    return intent(
        f"text.slug:{title}",
        [
            f'Make a URL slug for the blog title "{title}".',
            f"Slugify: {title}",
            f'What URL-friendly slug should I use for "{title}"?',
        ],
        [TEXT.call("Slugify", text=title)],
        # A slug reads as the title itself once normalised: only the word "slug" says it is one.
        lambda r: [bound(r[0]["slug"], "slug")],
    )


@TEXT.template("replace", "Find and Replace")
def _replace(rng, w):
    text = rng.choice(SENTENCES)
    word = rng.choice([x for x in text.split() if len(x) > 3])
    new = rng.choice(["banana", "rocket", "violin"])
    return intent(
        f"text.replace:{text}:{word}:{new}",
        [
            f'Replace "{word}" with "{new}" in: {text}',
            f"In the sentence \"{text}\", swap every '{word}' for '{new}'.",
            f"Change '{word}' to '{new}' in \"{text}\" and show me the result.",
        ],
        [TEXT.call("Find and Replace", text=text, find=word, replace=new)],
        lambda r: [r[0]["result"]],
    )


@TEXT.template("reverse", "Reverse Text")
def _reverse(rng, w):
    word = rng.choice(["level", "rotator", "stressed", "harbor", "racecar", "lantern", "Was it a car or a cat I saw"])
    return intent(
        f"text.reverse:{word}",
        [
            f'Is "{word}" a palindrome? Show it reversed.',
            f'Reverse the text "{word}" and tell me whether it is a palindrome.',
            f'Spell "{word}" backwards and tell me if it is a palindrome.',
        ],
        [TEXT.call("Reverse Text", text=word, mode="characters")],
        lambda r: [r[0]["result"], bound(fact_text(r[0]["is_palindrome"]), "palindrome")],
    )


def _phrase(rng, w):
    return rng.choice([c["name"] for c in w["cities"]] + SENTENCES)


def _text_template(suffix, api, key, phrasings):
    """A template sending one text to ``api`` and reading ``key`` of its reply."""

    def make(rng, w):
        text = _phrase(rng, w)
        return intent(
            f"codec.{suffix}:{text}",
            [p.format(text=text) for p in phrasings],
            [CODEC.call(api, text=text)],
            lambda r: [r[0][key]],
        )

    CODEC.template(suffix, api)(make)


_text_template(
    "b64enc",
    "Base64 Encode",
    "encoded",
    ['Base64-encode "{text}".', 'What\'s "{text}" in Base64?', 'Encode the string "{text}" as Base64.'],
)
_text_template(
    "sha256",
    "SHA256 Hash",
    "hex",
    [
        'What\'s the SHA-256 hash of "{text}"?',
        'Compute sha256("{text}").',
        'Give me the SHA-256 hex digest of the text "{text}".',
    ],
)
_text_template(
    "md5",
    "MD5 Hash",
    "hex",
    ['MD5 checksum of "{text}"?', 'Compute the MD5 hash of "{text}".', 'What does "{text}" hash to with MD5?'],
)


@CODEC.template("b64dec", "Base64 Decode")
def _b64dec(rng, w):
    import base64

    text = _phrase(rng, w)
    encoded = base64.b64encode(text.encode()).decode()
    return intent(
        f"codec.b64dec:{encoded}",
        [
            f"Decode this Base64: {encoded}",
            f"What text is {encoded} in Base64?",
            f"I got the Base64 string {encoded}. What does it say?",
        ],
        [CODEC.call("Base64 Decode", encoded=encoded)],
        lambda r: [r[0]["text"]],
    )


@CODEC.template("url", "URL Encode")
def _url(rng, w):
    text = f"{rng.choice(w['recipes'])['name']} & wine / {rng.randint(2, 8)} people"
    return intent(
        f"codec.url:{text}",
        [
            f'URL-encode "{text}".',
            f'How do I put "{text}" in a URL query string?',
            f'Percent-encode the text "{text}".',
        ],
        [CODEC.call("URL Encode", text=text)],
        lambda r: [r[0]["encoded"]],
    )


@CLOCK.template("now", "Current Time")
def _now(rng, w):
    c = rng.choice(w["cities"])
    return intent(
        f"clock.now:{c['id']}",
        [
            f"What time is it in {c['name']} right now?",
            f"Current local time in {c['name']}?",
            f"Give me the exact local time in {c['name']} now.",
        ],
        [CLOCK.call("Current Time", city=c["name"])],
        lambda r: [r[0]["local_time"]],
    )


@CLOCK.template("convert", "Convert Time")
def _convert(rng, w):
    a, b = rng.sample(w["cities"], 2)
    when = f"{w.today + timedelta(days=rng.randint(1, 20))} {rng.choice(['08:00', '09:30', '14:00', '17:45', '22:15'])}"
    return intent(
        f"clock.convert:{a['id']}:{b['id']}:{when}",
        [
            f"If it's {when} in {a['name']}, what time is it in {b['name']}?",
            f"I have a call at {when} {a['name']} time. When is that in {b['name']}?",
            f"Convert {when} from {a['name']} time to {b['name']} time.",
        ],
        [CLOCK.call("Convert Time", time=when, from_city=a["name"], to_city=b["name"])],
        lambda r: [r[0]["to"]["time"]],
    )


@CLOCK.template("difference", "Time Difference")
def _difference(rng, w):
    a, b = rng.sample(w["cities"], 2)
    return intent(
        f"clock.diff:{a['id']}:{b['id']}",
        [
            f"What's the time difference between {a['name']} and {b['name']}? Is {b['name']} ahead or behind?",
            f"How many hours is {b['name']} ahead of or behind {a['name']}?",
            f"Is {b['name']} ahead of or behind {a['name']}, and by how many hours?",
        ],
        [CLOCK.call("Time Difference", city_a=a["name"], city_b=b["name"])],
        lambda r: [f"{abs(r[0]['hours_ahead']):g}", "behind" if r[0]["hours_ahead"] < 0 else "ahead"],
    )


def _date(rng, w, span=400):
    return (w.today + timedelta(days=rng.randint(-span, span))).isoformat()


@DATES.template("between", "Days Between")
def _between(rng, w):
    a, b = sorted([_date(rng, w), _date(rng, w)])
    return intent(
        f"dates.between:{a}:{b}",
        [
            f"How many days are there from {a} to {b}?",
            f"Count the days between {a} and {b}.",
            f"What's the number of days separating {a} and {b}?",
        ],
        [DATES.call("Days Between", start_date=a, end_date=b)],
        lambda r: [r[0]["days"]],
    )


@DATES.template("add", "Add Days")
def _add(rng, w):
    a, days = _date(rng, w), rng.choice([30, 45, 90, 100, 180, -14])
    return intent(
        f"dates.add:{a}:{days}",
        [
            f"What date is {days} days after {a}, and which weekday?",
            f"Add {days} days to {a}. Which date and weekday is that?",
            f"If I start on {a}, on which date and weekday do I land {days} days later?",
        ],
        [DATES.call("Add Days", date=a, days=days)],
        lambda r: [r[0]["result"], r[0]["weekday"]],
    )


@DATES.template("weekday", "Day of Week")
def _weekday(rng, w):
    a = _date(rng, w, 20000)
    return intent(
        f"dates.weekday:{a}",
        [
            f"What day of the week was {a}?",
            f"Which weekday falls on {a}?",
            f"Tell me the weekday of {a}.",
        ],
        [DATES.call("Day of Week", date=a)],
        lambda r: [r[0]["weekday"]],
    )


@DATES.template("working", "Working Days")
def _working(rng, w):
    a, b = sorted([_date(rng, w, 90), _date(rng, w, 90)])
    return intent(
        f"dates.working:{a}:{b}",
        [
            f"How many working days (Mon-Fri) are there from {a} to {b}, inclusive?",
            f"Count the weekdays between {a} and {b}, both ends included.",
            f"Business days from {a} through {b}?",
        ],
        [DATES.call("Working Days", start_date=a, end_date=b)],
        lambda r: [r[0]["working_days"]],
    )


def _hex(rng):
    return "#" + "".join(rng.choice("0123456789ABCDEF") for _ in range(6))


@COLORS.template("hex", "Hex to RGB")
def _hex_rgb(rng, w):
    color = _hex(rng)
    return intent(
        f"colors.hex:{color}",
        [
            f"What are the RGB values of {color}?",
            f"Convert the colour {color} to RGB.",
            f"Break {color} down into red, green and blue.",
        ],
        [COLORS.call("Hex to RGB", hex=color)],
        lambda r: [r[0]["rgb"]["r"], r[0]["rgb"]["g"], r[0]["rgb"]["b"]],
    )


@COLORS.template("rgb", "RGB to Hex")
def _rgb_hex(rng, w):
    r_, g, b = (rng.randint(0, 255) for _ in range(3))
    return intent(
        f"colors.rgb:{r_}:{g}:{b}",
        [
            f"What's the hex code for rgb({r_}, {g}, {b})?",
            f"Convert RGB {r_}, {g}, {b} to a hex colour.",
            f"Give me the #RRGGBB code of red {r_}, green {g}, blue {b}.",
        ],
        [COLORS.call("RGB to Hex", r=r_, g=g, b=b)],
        lambda r: [r[0]["hex"]],
    )


@COLORS.template("contrast", "Contrast Ratio")
def _contrast(rng, w):
    fg, bg = rng.choice(["#FFFFFF", "#000000", "#333333"]), _hex(rng)
    return intent(
        f"colors.contrast:{fg}:{bg}",
        [
            f"Does {fg} text on a {bg} background pass WCAG AA? What's the contrast ratio?",
            f"Contrast ratio between {fg} and {bg}? Does it pass AA for normal text?",
            f"Does {fg} on {bg} pass WCAG AA for normal text, and what is the contrast ratio?",
        ],
        [COLORS.call("Contrast Ratio", foreground=fg, background=bg)],
        lambda r: [r[0]["ratio"], bound(fact_text(r[0]["passes_aa_normal_text"]), "aa", "passes", "pass", "wcag")],
    )
