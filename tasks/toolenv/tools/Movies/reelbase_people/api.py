"""ReelBase People: actors and directors with their filmographies."""

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
    "tool_name": "ReelBase People",
    "tool_description": "Actors and directors: search by name, biography facts and full filmography.",
}


def _person(person_id):
    return kit.get("film_people", "id", str(person_id).strip(), "person", "Find people with Search People.")


@kit.api("Search People", example={"name": "Silva"})
def search_people(name: str):
    """People whose name contains the text, with their profession and person id.

    name: Whole or partial name.
    """
    name = kit.non_empty(name, "name")
    return {
        "people": [
            {"person_id": p["id"], "name": p["name"], "profession": p["profession"]}
            for p in kit.table("film_people")
            if kit.contains(p["name"], name)
        ]
    }


@kit.api("Person Details", example=lambda: {"person_id": kit.table("film_people")[0]["id"]})
def person_details(person_id: str):
    """Birth date, birthplace, profession and number of awards of a person.

    person_id: The person_id from Search People.
    """
    p = _person(person_id)
    return {
        "person_id": p["id"],
        "name": p["name"],
        "profession": p["profession"],
        "birth_date": p["birth_date"],
        "birthplace": kit.place(kit.city(p["birth_city_id"])),
        "awards": p["awards"],
    }


@kit.api("Person Filmography", example=lambda: {"person_id": kit.table("film_people")[0]["id"]})
def person_filmography(person_id: str):
    """Every film a person acted in or directed, newest first.

    person_id: The person_id from Search People.
    """
    p = _person(person_id)
    credits = []
    for f in kit.table("films"):
        for c in f["cast"]:
            if c["person_id"] == p["id"]:
                credits.append({"film_id": f["id"], "title": f["title"], "year": f["year"], "role": c["character"]})
        if f["director_id"] == p["id"]:
            credits.append({"film_id": f["id"], "title": f["title"], "year": f["year"], "role": "Director"})
    credits.sort(key=lambda c: (-c["year"], c["title"]))
    return {"person_id": p["id"], "name": p["name"], "count": len(credits), "credits": credits}
