"""Exercise Library: exercises by name and muscle with equipment and difficulty."""

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
    "tool_name": "Exercise Library",
    "tool_description": "Exercises with the muscle they train, equipment, difficulty and MET intensity.",
}


@kit.api("Search Exercises", example={"name": "press"})
def search_exercises(name: str):
    """Exercises whose name contains the text.

    name: Part of an exercise name.
    """
    name = kit.non_empty(name, "name")
    return {
        "exercises": [
            {"exercise_id": e["id"], "name": e["name"], "muscle": e["muscle"]}
            for e in kit.table("exercises")
            if kit.contains(e["name"], name)
        ]
    }


@kit.api("Exercise Details", example={"exercise_id": "ex-01"})
def exercise_details(exercise_id: str):
    """Muscle, equipment, difficulty and MET value of an exercise.

    exercise_id: The exercise_id from a search.
    """
    e = kit.get("exercises", "id", str(exercise_id).strip(), "exercise", "Find exercises with Search Exercises.")
    return {
        "exercise_id": e["id"],
        "name": e["name"],
        "muscle": e["muscle"],
        "equipment": e["equipment"],
        "difficulty": e["difficulty"],
        "met": e["met"],
    }


@kit.api("Exercises by Muscle", example={"muscle": "Glutes"})
def exercises_by_muscle(muscle: str, difficulty: str = ""):
    """Exercises that train a muscle group, optionally of one difficulty.

    muscle: Muscle group such as Chest, Back, Core, Glutes, Quadriceps or Full body.
    difficulty: Beginner, Intermediate or Advanced; empty for all.
    """
    muscles = sorted({e["muscle"] for e in kit.table("exercises")})
    match = [m for m in muscles if kit.fold(m) == kit.fold(kit.non_empty(muscle, "muscle"))]
    kit.require(bool(match), f"Unknown muscle '{muscle}'. Known: {', '.join(muscles)}.")
    kit.require(
        difficulty in ("", "Beginner", "Intermediate", "Advanced"),
        f"Invalid difficulty '{difficulty}': use Beginner, Intermediate or Advanced.",
    )
    return {
        "muscle": match[0],
        "exercises": [
            {"exercise_id": e["id"], "name": e["name"], "equipment": e["equipment"], "difficulty": e["difficulty"]}
            for e in kit.table("exercises")
            if e["muscle"] == match[0] and difficulty in ("", e["difficulty"])
        ],
    }


@kit.api("Most Intense Exercises", example={"equipment": "Body weight"})
def most_intense_exercises(equipment: str, limit: int = 5):
    """Exercises ranked by MET intensity, for some equipment or any.

    equipment: Equipment such as "Body weight", "Barbell" or "Dumbbell", or "any".
    limit: Number of exercises (1-20).
    """
    equipment = kit.non_empty(equipment, "equipment")
    kit.require(1 <= limit <= 20, f"Invalid limit {limit}: choose 1 to 20.")
    rows = sorted(
        (
            e
            for e in kit.table("exercises")
            if equipment.lower() == "any" or kit.fold(e["equipment"]) == kit.fold(equipment)
        ),
        key=lambda e: (-e["met"], e["name"]),
    )
    kit.require(bool(rows), f"No exercises use '{equipment}'.")
    return {"equipment": equipment, "exercises": [{"name": e["name"], "met": e["met"]} for e in rows[:limit]]}
