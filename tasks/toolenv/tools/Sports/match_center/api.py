"""Match Center: fixtures, results, match details and head-to-head records."""

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
    "tool_name": "Match Center",
    "tool_description": "Football fixtures and results by team or date, goal scorers and head-to-head records.",
}


def _row(m):
    teams = kit.index("teams", "id")
    score = f"{m['home_goals']}-{m['away_goals']}" if m["status"] == "Finished" else None
    return {
        "match_id": m["id"],
        "date": m["date"],
        "round": m["round"],
        "home": teams[m["home_team_id"]]["name"],
        "away": teams[m["away_team_id"]]["name"],
        "status": m["status"],
        "score": score,
    }


@kit.api("Team Fixtures", example=lambda: {"team_id": kit.table("teams")[0]["id"]})
def team_fixtures(team_id: str, status: str = "all", page: int = 1, limit: int = 10):
    """A team's matches in date order: finished ones with scores and scheduled ones.

    team_id: Team id (from Pitchside Football's Search Teams).
    status: all, finished or scheduled.
    page: Page number, starting at 1.
    limit: Matches per page (1-50).
    """
    team = kit.get("teams", "id", str(team_id).strip(), "team")
    kit.require(
        status in ("all", "finished", "scheduled"), f"Invalid status '{status}': use all, finished or scheduled."
    )
    rows = [
        _row(m)
        for m in kit.table("matches")
        if team["id"] in (m["home_team_id"], m["away_team_id"]) and status in ("all", m["status"].lower())
    ]
    return {"team": team["name"], **kit.paginate(rows, page, limit, key="matches")}


@kit.api("Matches by Date", example={"date": "2025-06-07"})
def matches_by_date(date: str):
    """Every match of every league on a date.

    date: The day as YYYY-MM-DD (matches are played on Saturdays).
    """
    when = kit.parse_date(date).isoformat()
    leagues = kit.index("leagues", "id")
    return {
        "date": when,
        "matches": [
            {**_row(m), "league": leagues[m["league_id"]]["name"]} for m in kit.table("matches") if m["date"] == when
        ],
    }


@kit.api("Match Details", example=lambda: {"match_id": kit.table("matches")[0]["id"]})
def match_details(match_id: str):
    """Score and goal scorers (minute and player) of a match.

    match_id: The match_id from Team Fixtures or Matches by Date.
    """
    m = kit.get("matches", "id", str(match_id).strip(), "match", "Find matches with Team Fixtures.")
    players, teams = kit.index("players", "id"), kit.index("teams", "id")
    return {
        **_row(m),
        "goals": [
            {"minute": g["minute"], "player": players[g["player_id"]]["name"], "team": teams[g["team_id"]]["name"]}
            for g in m["scorers"]
        ],
    }


@kit.api(
    "Head to Head",
    example=lambda: {
        "team_a": kit.table("matches")[0]["home_team_id"],
        "team_b": kit.table("matches")[0]["away_team_id"],
    },
)
def head_to_head(team_a: str, team_b: str):
    """All matches between two teams this season with wins, draws and goals per side.

    team_a: First team id.
    team_b: Second team id.
    """
    a = kit.get("teams", "id", str(team_a).strip(), "team")
    b = kit.get("teams", "id", str(team_b).strip(), "team")
    kit.require(a["id"] != b["id"], "team_a and team_b must be different teams.")
    games = [m for m in kit.table("matches") if {m["home_team_id"], m["away_team_id"]} == {a["id"], b["id"]}]
    summary = {"team_a_wins": 0, "team_b_wins": 0, "draws": 0}
    for m in games:
        if m["status"] != "Finished":
            continue
        a_goals = m["home_goals"] if m["home_team_id"] == a["id"] else m["away_goals"]
        b_goals = m["away_goals"] if m["home_team_id"] == a["id"] else m["home_goals"]
        key = "team_a_wins" if a_goals > b_goals else "team_b_wins" if b_goals > a_goals else "draws"
        summary[key] += 1
    return {"team_a": a["name"], "team_b": b["name"], **summary, "matches": [_row(m) for m in games]}
