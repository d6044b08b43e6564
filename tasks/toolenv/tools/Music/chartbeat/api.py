"""ChartBeat: weekly top-20 song charts, global and by country."""

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
    "tool_name": "ChartBeat",
    "tool_description": "Weekly top-20 song charts worldwide and for selected countries, and a song's chart positions.",
}


def _entries(chart):
    songs, artists = kit.index("songs", "id"), kit.index("artists", "id")
    return [
        {
            "position": e["position"],
            "song_id": e["song_id"],
            "title": songs[e["song_id"]]["title"],
            "artist": artists[songs[e["song_id"]]["artist_id"]]["name"],
            "last_week": e["last_week"],
            "weeks_on_chart": e["weeks_on_chart"],
        }
        for e in chart["entries"]
    ]


@kit.api("Country Chart", example=lambda: {"country": kit.table("charts")[1]["chart"]})
def country_chart(country: str, limit: int = 20):
    """This week's top songs in a country.

    country: Two-letter country code or name; only some countries have charts (see Global Chart for the rest).
    limit: Number of positions (1-20).
    """
    code = kit.country(kit.non_empty(country, "country"))["code"]
    chart = kit.index("charts", "chart").get(code)
    if chart is None:
        available = ", ".join(c["chart"] for c in kit.table("charts") if c["chart"] != "GLOBAL")
        raise kit.ApiError(f"No chart for {code}. Charts exist for: {available}.", 404)
    kit.require(1 <= limit <= 20, f"Invalid limit {limit}: choose 1 to 20.")
    return {"chart": code, "week_of": chart["week_of"], "entries": _entries(chart)[:limit]}


@kit.api("Global Chart", example={"limit": 10})
def global_chart(limit: int):
    """This week's worldwide top songs.

    limit: Number of positions (1-20).
    """
    kit.require(1 <= limit <= 20, f"Invalid limit {limit}: choose 1 to 20.")
    chart = kit.index("charts", "chart")["GLOBAL"]
    return {"chart": "GLOBAL", "week_of": chart["week_of"], "entries": _entries(chart)[:limit]}


@kit.api("Song Chart Positions", example=lambda: {"song_id": kit.table("charts")[0]["entries"][0]["song_id"]})
def song_chart_positions(song_id: str):
    """Every chart a song is on this week and its position there.

    song_id: A song id (from TuneVault Music or a chart).
    """
    song = kit.get("songs", "id", str(song_id).strip(), "song")
    positions = [
        {"chart": c["chart"], "position": e["position"]}
        for c in kit.table("charts")
        for e in c["entries"]
        if e["song_id"] == song["id"]
    ]
    return {"song_id": song["id"], "title": song["title"], "charts": positions}
