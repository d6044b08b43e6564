"""Intents for the Education, Email, Entertainment and Gaming tools."""

from __future__ import annotations

from datetime import timedelta

from data_builder.intents.base import Tool, bound, intent, listed, pick
from harness.util.text import fact_text

CAMPUS = Tool("Education", "Campus Directory")
LEXICON = Tool("Education", "Lexicon Dictionary")
NUMBERS = Tool("Education", "Number Facts")
MAIL = Tool("Email", "MailCheck")
BOOKS = Tool("Entertainment", "BookShelf")
PODS = Tool("Entertainment", "PodDirectory")
GAMES = Tool("Gaming", "GameShelf")
TRIVIA = Tool("Gaming", "Trivia Vault")
# What a list of synonyms (antonyms) is called in an answer; the response states only the words.
_SYNONYM_WORDS = ("synonyms", "synonym", "same", "similar", "another word", "other words")
_ANTONYM_WORDS = ("antonyms", "antonym", "opposite", "opposites")


def _uni(rng, w):
    return rng.choice(w["universities"])


@CAMPUS.template("search", "Search Universities")
def _search(rng, w):
    u = _uni(rng, w)
    c = w.city(u["city_id"])
    return intent(
        f"campus.search:{u['id']}",
        [
            f"Which universities are there in {c['name']}?",
            f"List the universities in {c['name']}.",
            f"I'd like to study in {c['name']}. Which universities can I choose from?",
        ],
        [CAMPUS.call("Search Universities", query=c["name"])],
        lambda r: [u["name"]],
    )


@CAMPUS.template("details", "University Details")
def _details(rng, w):
    u = _uni(rng, w)
    return intent(
        f"campus.details:{u['id']}",
        [
            f"How much is tuition per year at {u['name']}, and how many students does it have?",
            f"What's the yearly tuition of {u['name']}, and its number of students?",
            f"How many students does {u['name']} have, and what does it cost?",
        ],
        [CAMPUS.call("Search Universities", query=u["name"]), CAMPUS.call("University Details", university_id=u["id"])],
        lambda r: [r[1]["tuition_usd_per_year"], bound(r[1]["students"], "students")],
    )


@CAMPUS.template("courses", "University Courses")
def _courses(rng, w):
    u = _uni(rng, w)
    dept = rng.choice(u["departments"])
    return intent(
        f"campus.courses:{u['id']}:{dept}",
        [
            f"Which {dept} courses does {u['name']} offer?",
            f"List the {dept} courses at {u['name']}.",
            f"What can I take in {dept} at {u['name']}?",
        ],
        [
            CAMPUS.call("Search Universities", query=u["name"]),
            CAMPUS.call("University Courses", university_id=u["id"], department=dept),
        ],
        lambda r: [listed([c["title"] for c in r[1]["courses"]])],
    )


@CAMPUS.template("rankings", "University Rankings")
def _rankings(rng, w):
    continent = rng.choice(["Europe", "Asia", "North America", "South America", "Africa", "Oceania"])
    return intent(
        f"campus.rankings:{continent}",
        [
            f"What's the best-ranked university in {continent}?",
            f"Which is the top university in {continent} by world rank?",
            f"Which {continent} university ranks highest worldwide?",
        ],
        [CAMPUS.call("University Rankings", continent=continent, limit=5)],
        lambda r: [r[0]["universities"][0]["name"]],
    )


def _word(rng, w, where=None):
    return pick(rng, w["words"], where)


@LEXICON.template("define", "Define Word")
def _define(rng, w):
    e = _word(rng, w)
    return intent(
        f"lexicon.define:{e['word']}",
        [
            f'What does "{e["word"]}" mean?',
            f"Define the word {e['word']}.",
            f"Give me the meaning of '{e['word']}'.",
        ],
        [LEXICON.call("Define Word", word=e["word"])],
        lambda r: [r[0]["definition"]],
    )


@LEXICON.template("synonyms", "Synonyms")
def _synonyms(rng, w):
    e = _word(rng, w)
    return intent(
        f"lexicon.synonyms:{e['word']}",
        [
            f'What\'s another word for "{e["word"]}"?',
            f"Give me synonyms of {e['word']}.",
            f"Which words mean the same as '{e['word']}'?",
        ],
        [LEXICON.call("Synonyms", word=e["word"])],
        # The response is the list itself; what it is must be said ("synonyms of brief: short, ...").
        lambda r: [listed(r[0]["synonyms"], *_SYNONYM_WORDS)],
    )


@LEXICON.template("antonyms", "Antonyms")
def _antonyms(rng, w):
    e = _word(rng, w, lambda e: e["antonyms"])
    return intent(
        f"lexicon.antonyms:{e['word']}",
        [
            f'What\'s the opposite of "{e["word"]}"?',
            f"Give me antonyms of {e['word']}.",
            f"Which words mean the opposite of '{e['word']}'?",
        ],
        [LEXICON.call("Antonyms", word=e["word"])],
        lambda r: [listed(r[0]["antonyms"], *_ANTONYM_WORDS)],
    )


@LEXICON.template("daily", "Word of the Day")
def _daily(rng, w):
    when = (w.today + timedelta(days=rng.randint(-100, 30))).isoformat()
    return intent(
        f"lexicon.daily:{when}",
        [
            f"What was the word of the day on {when}, and what does it mean?",
            f"Which word is featured on {when}, and what does it mean?",
            f"Tell me the word of the day for {when} and its definition.",
        ],
        [LEXICON.call("Word of the Day", date=when)],
        lambda r: [r[0]["word"], r[0]["definition"]],
    )


@NUMBERS.template("prime", "Is Prime")
def _prime(rng, w):
    n = rng.randint(100, 100000)
    return intent(
        f"numbers.prime:{n}",
        [
            f"Is {n} a prime number? What's the next prime after it?",
            f"Check whether {n} is prime, and give me the first prime greater than it.",
            f"Is {n} prime? Also, what's the first prime greater than {n}?",
        ],
        [NUMBERS.call("Is Prime", number=n)],
        lambda r: [bound(fact_text(r[0]["is_prime"]), "prime"), r[0]["next_prime"]],
    )


@NUMBERS.template("factors", "Prime Factors")
def _factors(rng, w):
    n = rng.randint(100, 999999)
    return intent(
        f"numbers.factors:{n}",
        [
            f"What is the prime factorisation of {n}, and which is its largest prime factor?",
            f"Factor {n} into primes. What's the biggest one?",
            f"Which primes multiply to {n}, and which of them is the largest?",
        ],
        [NUMBERS.call("Prime Factors", number=n)],
        # The factorisation alone is the response itself; the largest factor must be named as such.
        lambda r: [r[0]["expression"], bound(max(r[0]["factors"]), "largest", "biggest", "highest")],
    )


@NUMBERS.template("words", "Number to Words")
def _to_words(rng, w):
    n = rng.randint(1000, 9999999)
    return intent(
        f"numbers.words:{n}",
        [
            f"How do you write {n} in words?",
            f"Spell out the number {n} in English.",
            f"I need {n} written out in words for a cheque.",
        ],
        [NUMBERS.call("Number to Words", number=n)],
        lambda r: [r[0]["words"]],
    )


@NUMBERS.template("roman", "Roman Numerals")
def _roman(rng, w):
    n = rng.randint(1, 3999)
    return intent(
        f"numbers.roman:{n}",
        [
            f"What is {n} in Roman numerals?",
            f"Write the year {n} as Roman numerals.",
            f"Convert {n} to Roman numerals.",
        ],
        [NUMBERS.call("Roman Numerals", value=str(n))],
        lambda r: [r[0]["roman"]],
    )


def _person_mail(rng, w, domain):
    user = rng.choice(w["users"])
    return f"{user['display_name'].split()[0].lower()}.{user['display_name'].split()[-1].lower()}@{domain}"


@MAIL.template("validate", "Validate Email")
def _validate(rng, w):
    domain = rng.choice(["gmail.com", "outlook.com", rng.choice(w["domains"])["domain"], "mailinator.com"])
    email = _person_mail(rng, w, domain)
    return intent(
        f"mail.validate:{email}",
        [
            f"Is {email} a valid email address that can receive mail? Is it disposable?",
            f"Validate the email {email}: can it receive mail, and is it a disposable address?",
            f"Before I send an invoice to {email}: is it valid, and is it a throwaway address?",
        ],
        [MAIL.call("Validate Email", email=email)],
        lambda r: [
            bound(fact_text(r[0]["valid_syntax"] and r[0]["domain_accepts_mail"]), "valid", "receive", "deliverable"),
            bound(fact_text(r[0]["disposable"]), "disposable", "throwaway"),
        ],
    )


@MAIL.template("disposable", "Disposable Check")
def _disposable(rng, w):
    domain = rng.choice(["mailinator.com", "trashbox.io", "gmail.com", rng.choice(w["domains"])["domain"]])
    return intent(
        f"mail.disposable:{domain}",
        [
            f"Is {domain} a throwaway email domain?",
            f"Should I block sign-ups from {domain} as disposable?",
            f"Check whether {domain} is a disposable mail provider.",
        ],
        [MAIL.call("Disposable Check", domain=domain)],
        lambda r: [str(r[0]["disposable"]).lower()],
    )


@MAIL.template("suggest", "Suggest Domain")
def _suggest(rng, w):
    typo = rng.choice(["gmial.com", "gamil.com", "outlok.com", "hotmial.com", "yaho.com", "iclod.com"])
    email = _person_mail(rng, w, typo)
    return intent(
        f"mail.suggest:{email}",
        [
            f"A customer typed {email}. What did they probably mean?",
            f"Is there a typo in {email}? Suggest the corrected address.",
            f"Fix the email address {email}.",
        ],
        [MAIL.call("Suggest Domain", email=email)],
        # The response repeats the typo beside the fix: the answer must say which one is meant.
        lambda r: [bound(r[0]["suggestion"], "meant", "mean", "correct", "corrected", "suggestion", "should be")],
    )


def _book(rng, w):
    return rng.choice(w["books"])


@BOOKS.template("search", "Search Books")
def _books(rng, w):
    b = _book(rng, w)
    return intent(
        f"books.search:{b['id']}",
        [
            f'Who wrote the book "{b["title"]}", and in which year was it published?',
            f'Find "{b["title"]}" - author and publication year?',
            f'When was "{b["title"]}" published, and by whom was it written?',
        ],
        [BOOKS.call("Search Books", query=b["title"])],
        lambda r: [
            next(x["author"] for x in r[0]["books"] if x["book_id"] == b["id"]),
            bound(
                next(x["year"] for x in r[0]["books"] if x["book_id"] == b["id"]),
                *("published", "year", "written", "released", "came out", "from"),
            ),
        ],
    )


@BOOKS.template("details", "Book Details")
def _book_details(rng, w):
    b = _book(rng, w)
    return intent(
        f"books.details:{b['id']}",
        [
            f'What\'s the ISBN of "{b["title"]}", and who published it?',
            f'Give me the ISBN and publisher of "{b["title"]}".',
            f'Which publisher put out "{b["title"]}", and under which ISBN?',
        ],
        [BOOKS.call("Search Books", query=b["title"]), BOOKS.call("Book Details", book_id=b["id"])],
        lambda r: [r[1]["isbn"], r[1]["publisher"]],
    )


@BOOKS.template("author", "Books by Author")
def _by_author(rng, w):
    a = rng.choice(w["authors"])
    return intent(
        f"books.author:{a['id']}",
        [
            f"What was {a['name']}'s first book, and when did it come out?",
            f"Which of {a['name']}'s books is the oldest, and from which year?",
            f"What was {a['name']}'s first book, and in which year was it published?",
        ],
        [BOOKS.call("Books by Author", author=a["name"])],
        lambda r: [
            r[0]["books"][0]["title"],
            bound(r[0]["books"][0]["year"], *("published", "year", "written", "released", "came out", "from")),
        ],
    )


@BOOKS.template("top", "Top Rated Books")
def _top_books(rng, w):
    genre = rng.choice(sorted({b["genre"] for b in w["books"]}))
    return intent(
        f"books.top:{genre}",
        [
            f"What's the best-rated {genre.lower()} book?",
            f"Recommend the top-rated {genre.lower()} book.",
            f"Which {genre.lower()} title do readers rate highest?",
        ],
        [BOOKS.call("Top Rated Books", genre=genre)],
        lambda r: [r[0]["books"][0]["title"]],
    )


def _pod(rng, w):
    return rng.choice(w["podcasts"])


@PODS.template("search", "Search Podcasts")
def _pods(rng, w):
    p = _pod(rng, w)
    return intent(
        f"pods.search:{p['id']}",
        [
            f'Who hosts the podcast "{p["title"]}", and in which category is it?',
            f'Find "{p["title"]}" - host and category?',
            f'What kind of show is "{p["title"]}", and who presents it?',
        ],
        [PODS.call("Search Podcasts", query=p["title"])],
        lambda r: [p["host"], p["category"]],
    )


@PODS.template("category", "Podcasts by Category")
def _pod_category(rng, w):
    category = rng.choice(sorted({p["category"] for p in w["podcasts"]}))
    return intent(
        f"pods.category:{category}",
        [
            f"What's the best-rated {category.lower()} podcast?",
            f"Recommend the best-rated {category.lower()} podcast.",
            f"Which {category.lower()} podcast has the top rating?",
        ],
        [PODS.call("Podcasts by Category", category=category)],
        lambda r: [r[0]["podcasts"][0]["title"]],
    )


@PODS.template("episodes", "Podcast Episodes")
def _episodes(rng, w):
    p = _pod(rng, w)
    return intent(
        f"pods.episodes:{p['id']}",
        [
            f'What were the three most recent episodes of "{p["title"]}"?',
            f"List the latest three episodes of {p['title']}.",
            f'Show me the newest three episodes of "{p["title"]}".',
        ],
        [PODS.call("Search Podcasts", query=p["title"]), PODS.call("Podcast Episodes", podcast_id=p["id"], limit=3)],
        lambda r: [listed([e["title"] for e in r[1]["episodes"]])],
    )


@PODS.template("latest", "Latest Episode")
def _latest(rng, w):
    p = _pod(rng, w)
    return intent(
        f"pods.latest:{p['id']}",
        [
            f'What\'s the latest episode of "{p["title"]}", and when was it published?',
            f'When did "{p["title"]}" last publish an episode, and what is it called?',
            f"Tell me the title and publication date of the newest episode of {p['title']}.",
        ],
        [PODS.call("Search Podcasts", query=p["title"]), PODS.call("Latest Episode", podcast_id=p["id"])],
        lambda r: [r[1]["title"], r[1]["published"]],
    )


def _game(rng, w):
    return rng.choice(w["games"])


@GAMES.template("search", "Search Games")
def _games(rng, w):
    g = _game(rng, w)
    return intent(
        f"games.search:{g['id']}",
        [
            f'When did the game "{g["title"]}" come out?',
            f'Find the video game "{g["title"]}" and its release year.',
            f'What year was "{g["title"]}" released?',
        ],
        [GAMES.call("Search Games", title=g["title"])],
        lambda r: [g["year"]],
    )


@GAMES.template("details", "Game Details")
def _game_details(rng, w):
    g = _game(rng, w)
    return intent(
        f"games.details:{g['id']}",
        [
            f'Who developed "{g["title"]}" and which platforms is it on?',
            f'Which studio made "{g["title"]}", and on which platforms can I play it?',
            f'Tell me the developer and platforms of the game "{g["title"]}".',
        ],
        [GAMES.call("Search Games", title=g["title"]), GAMES.call("Game Details", game_id=g["id"])],
        lambda r: [r[1]["developer"], listed(r[1]["platforms"])],
    )


@GAMES.template("prices", "Game Prices")
def _prices(rng, w):
    g = _game(rng, w)
    platform = rng.choice(g["platforms"])
    return intent(
        f"games.prices:{g['id']}:{platform}",
        [
            f'How much is "{g["title"]}" on {platform} right now?',
            f'What\'s the sale price of "{g["title"]}" on {platform}?',
            f'Current {platform} price of "{g["title"]}"?',
        ],
        [GAMES.call("Search Games", title=g["title"]), GAMES.call("Game Prices", game_id=g["id"])],
        lambda r: [next(p["sale_price_usd"] for p in r[1]["prices"] if p["platform"] == platform)],
    )


@GAMES.template("platform", "Games by Platform")
def _by_platform(rng, w):
    platform = rng.choice(["PC", "PlayStation", "Xbox", "Switch", "Mobile"])
    return intent(
        f"games.platform:{platform}",
        [
            f"What's the highest-rated game on {platform}?",
            f"Top {platform} game by critic score?",
            f"Which {platform} game do critics rate best?",
        ],
        [GAMES.call("Games by Platform", platform=platform, limit=5)],
        lambda r: [r[0]["games"][0]["title"]],
    )


@TRIVIA.template("categories", "Trivia Categories")
def _categories(rng, w):
    category = rng.choice(sorted({q["category"] for q in w["trivia"]}))
    return intent(
        f"trivia.categories:{category}",
        [
            f"How many {category} questions does the trivia bank have?",
            f"How many questions are in the {category} category of the trivia bank?",
            f"How big is the trivia category {category}, in questions?",
        ],
        [TRIVIA.call("Trivia Categories", include_counts=True)],
        lambda r: [next(c["questions"] for c in r[0]["categories"] if c["name"] == category)],
    )


@TRIVIA.template("questions", "Trivia Questions")
def _questions(rng, w):
    category = rng.choice(sorted({q["category"] for q in w["trivia"]}))
    return intent(
        f"trivia.questions:{category}",
        [
            f"Give me three {category.lower()} trivia questions.",
            f"I'm hosting a quiz. Show me three {category.lower()} questions.",
            f"Fetch three {category.lower()} quiz questions.",
        ],
        [TRIVIA.call("Trivia Questions", category=category, limit=3)],
        lambda r: [listed([q["question"] for q in r[0]["questions"]])],
    )


@TRIVIA.template("check", "Check Answer")
def _check(rng, w):
    q = rng.choice(w["trivia"])
    guess = rng.choice(q["choices"])
    return intent(
        f"trivia.check:{q['id']}:{guess}",
        [
            f'For the quiz question "{q["question"]}", is "{guess}" right? What is the correct answer?',
            f'I answered "{guess}" to "{q["question"]}". Correct? If not, what is?',
            f'Check my answer "{guess}" for: {q["question"]} - is it right, and what is the right answer?',
        ],
        [
            TRIVIA.call("Trivia Questions", category=q["category"], limit=50, page=1),
            TRIVIA.call("Check Answer", question_id=q["id"], answer=guess),
        ],
        lambda r: [bound(fact_text(r[1]["correct"]), "correct", "right", "wrong"), r[1]["correct_answer"]],
    )
