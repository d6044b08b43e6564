"""Scout Player Stats: player search, profiles and scoring charts."""

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
    "tool_name": "Scout Player Stats",
    "tool_description": "Football player search, profiles with season goals and appearances, and top scorer lists.",
}


@kit.api("Search Players", example={"name": "Silva"})
def search_players(name: str, page: int = 1, limit: int = 20):
    """Players whose name contains the text, with team and player id.

    name: Whole or partial player name.
    page: Page number, starting at 1.
    limit: Players per page (1-50).
    """
    name = kit.non_empty(name, "name")
    teams = kit.index("teams", "id")
    found = [
        {"player_id": p["id"], "name": p["name"], "team": teams[p["team_id"]]["name"], "position": p["position"]}
        for p in kit.table("players")
        if kit.contains(p["name"], name)
    ]
    return kit.paginate(found, page, limit, key="players")


@kit.api("Player Profile", example=lambda: {"player_id": kit.table("players")[1]["id"]})
def player_profile(player_id: str):
    """Age, nationality, team, shirt number, and season goals and appearances of a player.

    player_id: The player_id from Search Players.
    """
    p = kit.get("players", "id", str(player_id).strip(), "player", "Find players with Search Players.")
    return {
        "player_id": p["id"],
        "name": p["name"],
        "age": p["age"],
        "nationality": kit.country(p["nationality"])["name"],
        "team": kit.index("teams", "id")[p["team_id"]]["name"],
        "number": p["number"],
        "position": p["position"],
        "season": {"goals": p["goals"], "appearances": p["appearances"]},
    }


@kit.api("Top Scorers", example=lambda: {"league_id": kit.table("leagues")[0]["id"]})
def top_scorers(league_id: str, limit: int = 10):
    """The league's leading goal scorers this season.

    league_id: League id (from Pitchside Football's List Leagues).
    limit: Number of players (1-50).
    """
    league = kit.get("leagues", "id", str(league_id).strip(), "league")
    kit.require(1 <= limit <= 50, f"Invalid limit {limit}: choose between 1 and 50.")
    teams = kit.index("teams", "id")
    found = sorted(
        (p for p in kit.table("players") if teams[p["team_id"]]["league_id"] == league["id"] and p["goals"]),
        key=lambda p: (-p["goals"], p["name"]),
    )
    return {
        "league": league["name"],
        "scorers": [
            {"rank": i + 1, "name": p["name"], "team": teams[p["team_id"]]["name"], "goals": p["goals"]}
            for i, p in enumerate(found[:limit])
        ],
    }
