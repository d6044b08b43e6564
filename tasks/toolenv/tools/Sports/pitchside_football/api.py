"""Pitchside Football: leagues, standings, teams and squads."""

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
    "tool_name": "Pitchside Football",
    "tool_description": "Football leagues of the 2025 season: standings computed from results, teams, coaches and squads.",
}


def _team(team_id):
    return kit.get("teams", "id", str(team_id).strip(), "team", "Find team ids with Search Teams.")


def _standings(league_id):
    """The table of a league from its finished matches: 3 points a win, 1 a draw."""
    rows = {
        t: {"team_id": t, "played": 0, "won": 0, "drawn": 0, "lost": 0, "goals_for": 0, "goals_against": 0, "points": 0}
        for t in kit.index("leagues", "id")[league_id]["teams"]
    }
    for m in kit.table("matches"):
        if m["league_id"] != league_id or m["status"] != "Finished":
            continue
        for side, other, scored, conceded in (
            (m["home_team_id"], m["away_team_id"], m["home_goals"], m["away_goals"]),
            (m["away_team_id"], m["home_team_id"], m["away_goals"], m["home_goals"]),
        ):
            row = rows[side]
            row["played"] += 1
            row["goals_for"] += scored
            row["goals_against"] += conceded
            result = "won" if scored > conceded else "drawn" if scored == conceded else "lost"
            row[result] += 1
            row["points"] += {"won": 3, "drawn": 1, "lost": 0}[result]
    teams = kit.index("teams", "id")
    table = sorted(
        rows.values(),
        key=lambda r: (
            -r["points"],
            -(r["goals_for"] - r["goals_against"]),
            -r["goals_for"],
            teams[r["team_id"]]["name"],
        ),
    )
    return [
        {
            "position": i + 1,
            "team": teams[r["team_id"]]["name"],
            **r,
            "goal_difference": r["goals_for"] - r["goals_against"],
        }
        for i, r in enumerate(table)
    ]


@kit.api("List Leagues", example={"season": "2025"})
def list_leagues(season: str):
    """Leagues covered in a season, with their ids.

    season: Season year; only "2025" is available.
    """
    kit.require(str(season).strip() == "2025", f"No data for season '{season}': only the 2025 season is available.")
    return {
        "season": "2025",
        "leagues": [{"league_id": x["id"], "name": x["name"], "teams": len(x["teams"])} for x in kit.table("leagues")],
    }


@kit.api("League Standings", example=lambda: {"league_id": kit.table("leagues")[0]["id"]})
def league_standings(league_id: str):
    """The current league table (points, wins, draws, losses, goals).

    league_id: The league_id from List Leagues.
    """
    league = kit.get("leagues", "id", str(league_id).strip(), "league", "List leagues with List Leagues.")
    return {"league": league["name"], "standings": _standings(league["id"])}


@kit.api("Search Teams", example={"name": "United"})
def search_teams(name: str):
    """Teams whose name contains the text, with their team ids and leagues.

    name: Whole or partial team name, or a city name.
    """
    name = kit.non_empty(name, "name")
    leagues = kit.index("leagues", "id")
    return {
        "teams": [
            {"team_id": t["id"], "name": t["name"], "league": leagues[t["league_id"]]["name"]}
            for t in kit.table("teams")
            if kit.contains(t["name"], name)
        ]
    }


@kit.api("Team Details", example=lambda: {"team_id": kit.table("teams")[0]["id"]})
def team_details(team_id: str):
    """Home city, stadium, year founded, coach and current league position of a team.

    team_id: The team_id from Search Teams.
    """
    t = _team(team_id)
    position = next(r["position"] for r in _standings(t["league_id"]) if r["team_id"] == t["id"])
    return {
        "team_id": t["id"],
        "name": t["name"],
        **kit.place(kit.city(t["city_id"])),
        "stadium": t["stadium"],
        "founded": t["founded"],
        "coach": t["coach"],
        "league": kit.index("leagues", "id")[t["league_id"]]["name"],
        "league_position": position,
    }


@kit.api("Team Squad", example=lambda: {"team_id": kit.table("teams")[0]["id"]})
def team_squad(team_id: str, position: str = ""):
    """The players of a team with shirt numbers and positions.

    team_id: The team_id from Search Teams.
    position: Only Goalkeeper, Defender, Midfielder or Forward; empty for all.
    """
    t = _team(team_id)
    kit.require(
        position in ("", "Goalkeeper", "Defender", "Midfielder", "Forward"),
        f"Invalid position '{position}': use Goalkeeper, Defender, Midfielder or Forward.",
    )
    players = kit.index("players", "id")
    return {
        "team": t["name"],
        "players": [
            {"player_id": p["id"], "name": p["name"], "number": p["number"], "position": p["position"]}
            for p in (players[i] for i in t["squad"])
            if position in ("", p["position"])
        ],
    }
