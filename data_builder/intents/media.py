"""Intents for the Movies and Music tools."""

from __future__ import annotations

from datetime import timedelta

from data_builder.intents.base import Tool, intent, listed, ordinal, pick

FILMS = Tool("Movies", "ReelBase Films")
PEOPLE = Tool("Movies", "ReelBase People")
SHOWS = Tool("Movies", "Showtime Finder")
MUSIC = Tool("Music", "TuneVault Music")
CHARTS = Tool("Music", "ChartBeat")
LYRICS = Tool("Music", "LyricLine")


def _film_steps(f):
    return [FILMS.call("Search Films", title=f["title"])]


@FILMS.template("search", "Search Films")
def _search(rng, w):
    f = rng.choice(w["films"])
    return intent(
        f"films.search:{f['id']}",
        [
            f'When was the film "{f["title"]}" released, and how is it rated?',
            f'Find the movie "{f["title"]}" and tell me its year and rating.',
            f'What year did "{f["title"]}" come out, and what is its rating?',
        ],
        _film_steps(f),
        lambda r: [
            next(x["year"] for x in r[0]["films"] if x["film_id"] == f["id"]),
            next(x["rating"] for x in r[0]["films"] if x["film_id"] == f["id"]),
        ],
    )


@FILMS.template("details", "Film Details")
def _details(rng, w):
    f = rng.choice(w["films"])
    return intent(
        f"films.details:{f['id']}",
        [
            f'Who directed "{f["title"]}" and how long is it?',
            f'Give me the director and runtime of the film "{f["title"]}".',
            f'How long does "{f["title"]}" run, and who was the director?',
        ],
        [*_film_steps(f), FILMS.call("Film Details", film_id=f["id"])],
        lambda r: [r[1]["director"], r[1]["runtime_min"]],
    )


@FILMS.template("cast", "Film Cast")
def _cast(rng, w):
    f = rng.choice(w["films"])
    return intent(
        f"films.cast:{f['id']}",
        [
            f'Who stars in "{f["title"]}"?',
            f'List the main cast of "{f["title"]}".',
            f'Which actors are in the movie "{f["title"]}"?',
        ],
        [*_film_steps(f), FILMS.call("Film Cast", film_id=f["id"])],
        lambda r: [listed([c["name"] for c in r[1]["cast"]])],
    )


@FILMS.template("reviews", "Film Reviews")
def _reviews(rng, w):
    f = rng.choice(w["films"])
    return intent(
        f"films.reviews:{f['id']}",
        [
            f'Who wrote the latest critic review of "{f["title"]}", and what score did it give?',
            f'Show me the author and score of the most recent review of "{f["title"]}".',
            f'Which critic reviewed "{f["title"]}" most recently, and with what score?',
        ],
        [*_film_steps(f), FILMS.call("Film Reviews", film_id=f["id"], limit=1)],
        lambda r: [r[1]["reviews"][0]["author"], r[1]["reviews"][0]["score"]],
    )


@FILMS.template("top", "Top Rated Films")
def _top(rng, w):
    genre = rng.choice(sorted({g for f in w["films"] for g in f["genres"]}))
    n = rng.randint(1, 3)
    return intent(
        f"films.top:{genre}:{n}",
        [
            f"Among the best-rated {genre.lower()} films, which one is {ordinal(n)}?",
            f"Which {genre.lower()} film ranks {ordinal(n)} by rating?",
            f"Rank the {genre.lower()} movies by rating; which one is in {ordinal(n)} place?",
        ],
        [FILMS.call("Top Rated Films", genre=genre, limit=5)],
        lambda r: [r[0]["films"][n - 1]["title"]],
    )


def _person(rng, w, profession=None):
    return pick(rng, w["film_people"], lambda p: profession in (None, p["profession"]))


@PEOPLE.template("search", "Search People")
def _people(rng, w):
    p = _person(rng, w)
    return intent(
        f"people.search:{p['id']}",
        [
            f"Is {p['name']} an actor or a director?",
            f"Look up {p['name']} in the film database - what do they do?",
            f"What's {p['name']}'s profession in film?",
        ],
        [PEOPLE.call("Search People", name=p["name"])],
        lambda r: [p["profession"]],
    )


@PEOPLE.template("details", "Person Details")
def _person_details(rng, w):
    p = _person(rng, w)
    return intent(
        f"people.details:{p['id']}",
        [
            f"When was {p['name']} born, and where?",
            f"Give me {p['name']}'s birth date and birthplace.",
            f"Where and on which date was {p['name']} born?",
        ],
        [PEOPLE.call("Search People", name=p["name"]), PEOPLE.call("Person Details", person_id=p["id"])],
        lambda r: [r[1]["birth_date"], r[1]["birthplace"]["city"]],
    )


@PEOPLE.template("filmography", "Person Filmography")
def _filmography(rng, w):
    p = _person(rng, w, "Actor")
    return intent(
        f"people.filmography:{p['id']}",
        [
            f"Which film with {p['name']} is the most recent, and what role did they play in it?",
            f"In {p['name']}'s filmography, what is the newest film, and which character did they play?",
            f"What's the most recent film with {p['name']}, and what role did they play?",
        ],
        [PEOPLE.call("Search People", name=p["name"]), PEOPLE.call("Person Filmography", person_id=p["id"])],
        lambda r: [r[1]["credits"][0]["title"], r[1]["credits"][0]["role"]],
    )


@SHOWS.template("cinemas", "Cinemas in City")
def _cinemas(rng, w):
    c = w.city(rng.choice(w["cinemas"])["city_id"])
    return intent(
        f"shows.cinemas:{c['id']}",
        [
            f"Which cinemas are there in {c['name']}?",
            f"List the movie theatres in {c['name']}.",
            f"Where can I watch a film in {c['name']}? Give me the cinemas.",
        ],
        [SHOWS.call("Cinemas in City", city=c["name"])],
        lambda r: [listed([x["name"] for x in r[0]["cinemas"]])],
    )


@SHOWS.template("programme", "Cinema Programme")
def _programme(rng, w):
    cinema = rng.choice(w["cinemas"])
    c = w.city(cinema["city_id"])
    when = w.today + timedelta(days=rng.randint(0, 6))
    return intent(
        f"shows.programme:{cinema['id']}:{when}",
        [
            f"What's playing at {cinema['name']} on {when}?",
            f"Show me the films on the programme of {cinema['name']} for {when}.",
            f"Which films does {cinema['name']} in {c['name']} screen on {when}?",
        ],
        [
            SHOWS.call("Cinemas in City", city=c["name"]),
            SHOWS.call("Cinema Programme", cinema_id=cinema["id"], date=when.isoformat()),
        ],
        lambda r: [listed([x["title"] for x in r[1]["films"]])],
    )


@SHOWS.template("film", "Film Showtimes")
def _showtimes(rng, w):
    cinema = rng.choice(w["cinemas"])
    f = w.by("films", "id")[rng.choice(cinema["schedule"])["film_id"]]
    c = w.city(cinema["city_id"])
    when = w.today + timedelta(days=rng.randint(0, 6))
    return intent(
        f"shows.film:{f['id']}:{c['id']}:{when}",
        [
            f'At what times is "{f["title"]}" showing in {c["name"]} on {when}?',
            f'I want to see "{f["title"]}" in {c["name"]} on {when}. What are the showtimes?',
            f'Find showtimes for "{f["title"]}" in {c["name"]} on {when}.',
        ],
        [
            FILMS.call("Search Films", title=f["title"]),
            SHOWS.call("Film Showtimes", film_id=f["id"], city=c["name"], date=when.isoformat()),
        ],
        lambda r: [listed([t for s in r[1]["showtimes"] for t in s["times"]])],
    )


def _artist(rng, w):
    return rng.choice(w["artists"])


@MUSIC.template("artists", "Search Artists")
def _artists(rng, w):
    a = _artist(rng, w)
    return intent(
        f"music.artists:{a['id']}",
        [
            f"What genre does {a['name']} play?",
            f"Look up the artist {a['name']} and tell me their genre.",
            f"Is {a['name']} a jazz act, a rock band or something else?",
        ],
        [MUSIC.call("Search Artists", name=a["name"])],
        lambda r: [a["genre"]],
    )


@MUSIC.template("artist", "Artist Details")
def _artist_details(rng, w):
    a = _artist(rng, w)
    return intent(
        f"music.artist:{a['id']}",
        [
            f"Where is {a['name']} from, and when did they start?",
            f"Which country is {a['name']} from, and in which year were they formed?",
            f"Give me a short profile of {a['name']}: country and year formed.",
        ],
        [MUSIC.call("Search Artists", name=a["name"]), MUSIC.call("Artist Details", artist_id=a["id"])],
        lambda r: [r[1]["country"], r[1]["formed"]],
    )


@MUSIC.template("albums", "Artist Albums")
def _albums(rng, w):
    a = _artist(rng, w)
    return intent(
        f"music.albums:{a['id']}",
        [
            f"What was {a['name']}'s first album, and in which year was it released?",
            f"In {a['name']}'s discography, which album came first, and when?",
            f"Which was {a['name']}'s first album, and when did it come out?",
        ],
        [MUSIC.call("Search Artists", name=a["name"]), MUSIC.call("Artist Albums", artist_id=a["id"])],
        lambda r: [r[1]["albums"][0]["title"], r[1]["albums"][0]["year"]],
    )


@MUSIC.template("tracks", "Album Tracks")
def _tracks(rng, w):
    album = rng.choice(w["albums"])
    a = w.by("artists", "id")[album["artist_id"]]
    return intent(
        f"music.tracks:{album['id']}",
        [
            f'What\'s the opening track of "{album["title"]}" by {a["name"]}?',
            f'Which song opens {a["name"]}\'s album "{album["title"]}"?',
            f'Name the first song on "{album["title"]}" by {a["name"]}.',
        ],
        [
            MUSIC.call("Search Artists", name=a["name"]),
            MUSIC.call("Artist Albums", artist_id=a["id"]),
            MUSIC.call("Album Tracks", album_id=album["id"]),
        ],
        lambda r: [r[2]["tracks"][0]["title"]],
    )


@MUSIC.template("songs", "Search Songs")
def _songs(rng, w):
    s = rng.choice(w["songs"])
    a = w.by("artists", "id")[s["artist_id"]]
    return intent(
        f"music.songs:{s['id']}",
        [
            f'Who sings "{s["title"]}"? I think it came out around {s["year"]}.',
            f'Find the song "{s["title"]}" from {s["year"]} and tell me the artist.',
            f'Which artist recorded the {s["year"]} song "{s["title"]}"?',
        ],
        [MUSIC.call("Search Songs", title=s["title"], limit=50)],
        lambda r: [a["name"]],
    )


@MUSIC.template("song", "Song Details")
def _song(rng, w):
    s = rng.choice(w["songs"])
    a = w.by("artists", "id")[s["artist_id"]]
    return intent(
        f"music.song:{s['id']}",
        [
            f'How long is "{s["title"]}" by {a["name"]}, and what\'s its tempo?',
            f'How long is {a["name"]}\'s "{s["title"]}", and at what BPM?',
            f'Give me the duration and tempo of "{s["title"]}" by {a["name"]}.',
        ],
        [MUSIC.call("Search Songs", title=s["title"], limit=50), MUSIC.call("Song Details", song_id=s["id"])],
        lambda r: [r[1]["duration"], r[1]["bpm"]],
    )


@CHARTS.template("country", "Country Chart")
def _country_chart(rng, w):
    chart = rng.choice([c for c in w["charts"] if c["chart"] != "GLOBAL"])
    country = w.country(chart["chart"])
    n = rng.randint(1, 5)
    return intent(
        f"charts.country:{chart['chart']}:{n}",
        [
            f"What's number {n} on the {country['name']} charts this week, and who sings it?",
            f"Which song is at position {n} in {country['name']} this week, and by whom?",
            f"Which song and artist hold position {n} in {country['name']} this week?",
        ],
        [CHARTS.call("Country Chart", country=chart["chart"], limit=max(n, 3))],
        lambda r: [r[0]["entries"][n - 1]["title"], r[0]["entries"][n - 1]["artist"]],
    )


@CHARTS.template("global", "Global Chart")
def _global(rng, w):
    return intent(
        "charts.global",
        [
            "What's the number one song in the world this week, and who is it by?",
            "Who tops the global chart this week, and with which song?",
            "Show me this week's global number one and its artist.",
        ],
        [CHARTS.call("Global Chart", limit=5)],
        lambda r: [r[0]["entries"][0]["title"], r[0]["entries"][0]["artist"]],
    )


@CHARTS.template("positions", "Song Chart Positions")
def _positions(rng, w):
    chart = rng.choice(w["charts"])
    s = w.by("songs", "id")[rng.choice(chart["entries"])["song_id"]]
    a = w.by("artists", "id")[s["artist_id"]]
    return intent(
        f"charts.positions:{s['id']}",
        [
            f'On which charts is "{s["title"]}" by {a["name"]} this week, and at what positions?',
            f'Where does {a["name"]}\'s "{s["title"]}" chart this week?',
            f'How is "{s["title"]}" by {a["name"]} doing in the charts?',
        ],
        [MUSIC.call("Search Songs", title=s["title"], limit=50), CHARTS.call("Song Chart Positions", song_id=s["id"])],
        lambda r: [listed([x["position"] for x in r[1]["charts"]])],
    )


@LYRICS.template("lyrics", "Get Lyrics")
def _lyrics(rng, w):
    s = pick(rng, w["songs"], lambda s: not s["explicit"])
    a = w.by("artists", "id")[s["artist_id"]]
    return intent(
        f"lyrics.get:{s['id']}",
        [
            f'What\'s the first line of "{s["title"]}" by {a["name"]}?',
            f'What is the opening line of {a["name"]}\'s "{s["title"]}"?',
            f'How does "{s["title"]}" by {a["name"]} begin?',
        ],
        [MUSIC.call("Search Songs", title=s["title"], limit=50), LYRICS.call("Get Lyrics", song_id=s["id"])],
        lambda r: [r[1]["lines"][0]],
    )


@LYRICS.template("search", "Search Lyrics")
def _search_lyrics(rng, w):
    s = rng.choice(w["songs"])
    line = s["lyrics"][rng.randint(0, 3)]
    return intent(
        f"lyrics.search:{line}",
        [
            f'Which songs contain the line "{line.lower()}"? How many are there?',
            f'I keep hearing "{line.lower()}" in a song. How many songs have that lyric?',
            f'Search the lyrics for "{line.lower()}" and tell me how many songs match.',
        ],
        [LYRICS.call("Search Lyrics", line=line.lower())],
        lambda r: [r[0]["total"]],
    )
