"""LyricLine: song lyrics and lyric search."""

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
    "tool_name": "LyricLine",
    "tool_description": "Song lyrics by song id and search for songs containing a line; explicit songs are not licensed.",
}


@kit.api("Get Lyrics", example=lambda: {"song_id": next(s["id"] for s in kit.table("songs") if not s["explicit"])})
def get_lyrics(song_id: str):
    """The lyrics of a song, line by line. Songs marked explicit are unavailable for licensing reasons.

    song_id: A song id (from TuneVault Music).
    """
    song = kit.get("songs", "id", str(song_id).strip(), "song", "Find song ids with TuneVault Music's Search Songs.")
    if song["explicit"]:
        return {"error": "Lyrics unavailable: this song is not licensed for display.", "status_code": 451}
    return {"song_id": song["id"], "title": song["title"], "lines": song["lyrics"]}


@kit.api("Search Lyrics", example={"line": "the road goes on"})
def search_lyrics(line: str, limit: int = 10):
    """Songs whose lyrics contain a phrase.

    line: A phrase from the lyrics.
    limit: Maximum number of songs (1-50).
    """
    line = kit.non_empty(line, "line")
    kit.require(1 <= limit <= 50, f"Invalid limit {limit}: choose between 1 and 50.")
    artists = kit.index("artists", "id")
    found = [
        {"song_id": s["id"], "title": s["title"], "artist": artists[s["artist_id"]]["name"]}
        for s in kit.table("songs")
        if any(kit.contains(text, line) for text in s["lyrics"])
    ]
    return {"total": len(found), "songs": found[:limit]}


@kit.api("Artist Lyrics Index", example=lambda: {"artist_id": kit.table("artists")[0]["id"]})
def artist_lyrics_index(artist_id: str):
    """An artist's songs and whether their lyrics can be shown.

    artist_id: Artist id (from TuneVault Music's Search Artists).
    """
    artist = kit.get("artists", "id", str(artist_id).strip(), "artist")
    rows = [
        {"song_id": s["id"], "title": s["title"], "lyrics_available": not s["explicit"]}
        for s in kit.table("songs")
        if s["artist_id"] == artist["id"]
    ]
    return {"artist": artist["name"], "songs": rows, "available": sum(r["lyrics_available"] for r in rows)}
