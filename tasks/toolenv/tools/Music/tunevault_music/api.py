"""TuneVault Music: artists, albums, tracks and songs."""

import importlib.util
import sys
from pathlib import Path

_KIT = str(Path(__file__).resolve().parents[3] / "_lib" / "toolkit.py")
if _KIT not in sys.modules:  # the shared toolkit, loaded by path (see _lib/toolkit.py)
    _spec = importlib.util.spec_from_file_location("toolenv_toolkit", _KIT)
    _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)  # published only when complete: tools load in parallel threads
    sys.modules.setdefault(_KIT, _module)
kit = sys.modules[_KIT]

TOOL = {
    "tool_name": "TuneVault Music",
    "tool_description": "Music catalogue: search artists and songs, artist profiles, discographies and album track lists.",
}


def _artist(artist_id):
    return kit.get("artists", "id", str(artist_id).strip(), "artist", "Find artists with Search Artists.")


def _minutes(seconds):
    return f"{seconds // 60}:{seconds % 60:02d}"


@kit.api("Search Artists", example={"name": "The"})
def search_artists(name: str, limit: int = 10):
    """Artists whose name contains the text.

    name: Whole or partial artist name.
    limit: Maximum number of artists (1-50).
    """
    name = kit.non_empty(name, "name")
    kit.require(1 <= limit <= 50, f"Invalid limit {limit}: choose between 1 and 50.")
    found = [
        {"artist_id": a["id"], "name": a["name"], "genre": a["genre"]}
        for a in kit.table("artists")
        if kit.contains(a["name"], name)
    ]
    return {"total": len(found), "artists": found[:limit]}


@kit.api("Artist Details", example=lambda: {"artist_id": kit.table("artists")[0]["id"]})
def artist_details(artist_id: str):
    """Genre, origin, year formed and monthly listeners of an artist.

    artist_id: The artist_id from Search Artists.
    """
    a = _artist(artist_id)
    return {
        "artist_id": a["id"],
        "name": a["name"],
        "genre": a["genre"],
        "country": kit.country(a["country_code"])["name"],
        "formed": a["formed"],
        "monthly_listeners": a["monthly_listeners"],
    }


@kit.api("Artist Albums", example=lambda: {"artist_id": kit.table("artists")[0]["id"]})
def artist_albums(artist_id: str):
    """An artist's albums, oldest first, with year, label and number of tracks.

    artist_id: The artist_id from Search Artists.
    """
    a = _artist(artist_id)
    albums = sorted(
        (x for x in kit.table("albums") if x["artist_id"] == a["id"]), key=lambda x: (x["year"], x["title"])
    )
    return {
        "artist": a["name"],
        "albums": [
            {
                "album_id": x["id"],
                "title": x["title"],
                "year": x["year"],
                "label": x["label"],
                "tracks": len(x["tracks"]),
            }
            for x in albums
        ],
    }


@kit.api("Album Tracks", example=lambda: {"album_id": kit.table("albums")[0]["id"]})
def album_tracks(album_id: str):
    """The track list of an album with durations.

    album_id: The album_id from Artist Albums.
    """
    album = kit.get("albums", "id", str(album_id).strip(), "album", "List albums with Artist Albums first.")
    songs = kit.index("songs", "id")
    tracks = [songs[s] for s in album["tracks"]]
    total = sum(t["duration_sec"] for t in tracks)
    return {
        "album": album["title"],
        "year": album["year"],
        "total_duration": _minutes(total),
        "tracks": [
            {
                "number": t["track_number"],
                "song_id": t["id"],
                "title": t["title"],
                "duration": _minutes(t["duration_sec"]),
            }
            for t in tracks
        ],
    }


@kit.api("Search Songs", example={"title": "Harbor"})
def search_songs(title: str, page: int = 1, limit: int = 10):
    """Songs whose title contains the text, with artist and song id.

    title: Whole or partial song title.
    page: Page number, starting at 1.
    limit: Songs per page (1-50).
    """
    title = kit.non_empty(title, "title")
    artists = kit.index("artists", "id")
    found = [
        {"song_id": s["id"], "title": s["title"], "artist": artists[s["artist_id"]]["name"], "year": s["year"]}
        for s in kit.table("songs")
        if kit.contains(s["title"], title)
    ]
    return kit.paginate(found, page, limit, key="songs")


@kit.api("Song Details", example=lambda: {"song_id": kit.table("songs")[0]["id"]})
def song_details(song_id: str):
    """Duration, tempo, key, play count and album of a song.

    song_id: The song_id from Search Songs or Album Tracks.
    """
    s = kit.get("songs", "id", str(song_id).strip(), "song", "Find songs with Search Songs.")
    return {
        "song_id": s["id"],
        "title": s["title"],
        "artist": kit.index("artists", "id")[s["artist_id"]]["name"],
        "album": kit.index("albums", "id")[s["album_id"]]["title"],
        "year": s["year"],
        "duration": _minutes(s["duration_sec"]),
        "bpm": s["bpm"],
        "key": s["key"],
        "plays": s["plays"],
        "explicit": s["explicit"],
    }
