"""Campus Directory: universities, rankings and course catalogues."""

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
    "tool_name": "Campus Directory",
    "tool_description": "Universities worldwide: search, profiles with tuition and acceptance rate, rankings and courses.",
}


def _university(university_id):
    return kit.get("universities", "id", str(university_id).strip(), "university", "Find ids with Search Universities.")


def _summary(u):
    return {
        "university_id": u["id"],
        "name": u["name"],
        "city": kit.city(u["city_id"])["name"],
        "world_rank": u["world_rank"],
    }


@kit.api("Search Universities", example={"query": "Institute"})
def search_universities(query: str, country: str = ""):
    """Universities whose name or city contains the text.

    query: Part of the university or city name.
    country: Two-letter country code or name; empty for all.
    """
    query = kit.non_empty(query, "query")
    code = kit.country(country)["code"] if str(country).strip() else ""
    return {
        "universities": [
            _summary(u)
            for u in kit.table("universities")
            if (kit.contains(u["name"], query) or kit.contains(kit.city(u["city_id"])["name"], query))
            and code in ("", kit.city(u["city_id"])["country_code"])
        ]
    }


@kit.api("University Details", example=lambda: {"university_id": kit.table("universities")[0]["id"]})
def university_details(university_id: str):
    """Founding year, students, acceptance rate, yearly tuition and departments.

    university_id: The university_id from Search Universities.
    """
    u = _university(university_id)
    return {
        **_summary(u),
        "founded": u["founded"],
        "students": u["students"],
        "acceptance_rate": u["acceptance_rate"],
        "tuition_usd_per_year": u["tuition_usd"],
        "departments": u["departments"],
    }


@kit.api("University Courses", example=lambda: {"university_id": kit.table("universities")[0]["id"]})
def university_courses(university_id: str, department: str = "", page: int = 1, limit: int = 10):
    """Courses offered, optionally of one department.

    university_id: The university_id from Search Universities.
    department: Only this department; empty for all.
    page: Page number, starting at 1.
    limit: Courses per page (1-50).
    """
    u = _university(university_id)
    rows = [c for c in u["courses"] if department in ("", c["department"])]
    return {"university": u["name"], **kit.paginate(rows, page, limit, key="courses")}


@kit.api("University Rankings", example={"continent": "Europe"})
def university_rankings(continent: str, limit: int = 10):
    """Universities by world rank, on one continent or worldwide.

    continent: Africa, Asia, Europe, North America, South America, Oceania, or "all".
    limit: Number of universities (1-50).
    """
    continent = kit.non_empty(continent, "continent")
    kit.require(1 <= limit <= 50, f"Invalid limit {limit}: choose between 1 and 50.")
    countries = kit.index("countries", "code")
    rows = sorted(
        (
            u
            for u in kit.table("universities")
            if continent.lower() == "all" or countries[kit.city(u["city_id"])["country_code"]]["continent"] == continent
        ),
        key=lambda u: u["world_rank"],
    )
    kit.require(bool(rows), f"No universities found for continent '{continent}'.")
    return {"continent": continent, "universities": [_summary(u) for u in rows[:limit]]}
