"""FitCalc: BMI, calorie needs, calories burned, ideal weight and heart-rate zones."""

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
    "tool_name": "FitCalc",
    "tool_description": "Health calculators: body mass index, daily calorie needs, calories burned by activity, ideal weight, heart-rate zones.",
}
ACTIVITY = {"sedentary": 1.2, "light": 1.375, "moderate": 1.55, "active": 1.725, "very_active": 1.9}


def _body(weight_kg, height_cm):
    kit.require(20 <= weight_kg <= 400, f"Invalid weight_kg {weight_kg}: give 20 to 400.")
    kit.require(100 <= height_cm <= 250, f"Invalid height_cm {height_cm}: give 100 to 250.")


@kit.api("BMI", example={"weight_kg": 72, "height_cm": 178})
def bmi(weight_kg: float, height_cm: float):
    """Body mass index and its WHO category.

    weight_kg: Body weight in kilograms.
    height_cm: Height in centimetres.
    """
    _body(weight_kg, height_cm)
    value = round(weight_kg / (height_cm / 100) ** 2, 1)
    category = (
        "Underweight" if value < 18.5 else "Normal weight" if value < 25 else "Overweight" if value < 30 else "Obesity"
    )
    return {"bmi": value, "category": category}


@kit.api("Daily Calories", example={"weight_kg": 72, "height_cm": 178, "age": 35, "sex": "male"})
def daily_calories(weight_kg: float, height_cm: float, age: int, sex: str, activity: str = "moderate"):
    """Basal metabolic rate (Mifflin-St Jeor) and the calories needed to keep weight at an activity level.

    weight_kg: Body weight in kilograms.
    height_cm: Height in centimetres.
    age: Age in years (15-100).
    sex: male or female.
    activity: sedentary, light, moderate, active or very_active.
    """
    _body(weight_kg, height_cm)
    kit.require(15 <= age <= 100, f"Invalid age {age}: give 15 to 100.")
    kit.require(sex in ("male", "female"), f"Invalid sex '{sex}': use male or female.")
    kit.require(activity in ACTIVITY, f"Invalid activity '{activity}': use {', '.join(ACTIVITY)}.")
    bmr = 10 * weight_kg + 6.25 * height_cm - 5 * age + (5 if sex == "male" else -161)
    return {"bmr": round(bmr), "maintenance_calories": round(bmr * ACTIVITY[activity]), "activity": activity}


@kit.api("Calories Burned", example={"exercise": "Running", "minutes": 30, "weight_kg": 70})
def calories_burned(exercise: str, minutes: int, weight_kg: float):
    """Calories burned by an exercise from its MET value (see Exercise Library for names).

    exercise: Exercise name such as "Running" or "Cycling".
    minutes: Duration in minutes (1-600).
    weight_kg: Body weight in kilograms.
    """
    kit.require(1 <= minutes <= 600, f"Invalid minutes {minutes}: give 1 to 600.")
    kit.require(20 <= weight_kg <= 400, f"Invalid weight_kg {weight_kg}: give 20 to 400.")
    row = next(
        (e for e in kit.table("exercises") if kit.fold(e["name"]) == kit.fold(kit.non_empty(exercise, "exercise"))),
        None,
    )
    if row is None:
        raise kit.ApiError(f"Unknown exercise '{exercise}'. Look names up with Exercise Library.", 404)
    return {
        "exercise": row["name"],
        "minutes": minutes,
        "met": row["met"],
        "calories": round(row["met"] * 3.5 * weight_kg / 200 * minutes),
    }


@kit.api("Ideal Weight", example={"height_cm": 165, "sex": "female"})
def ideal_weight(height_cm: float, sex: str):
    """Ideal body weight by the Devine formula and the healthy BMI weight range.

    height_cm: Height in centimetres.
    sex: male or female.
    """
    _body(70, height_cm)
    kit.require(sex in ("male", "female"), f"Invalid sex '{sex}': use male or female.")
    inches_over = max(0.0, height_cm / 2.54 - 60)
    devine = (50 if sex == "male" else 45.5) + 2.3 * inches_over
    metres = height_cm / 100
    return {
        "ideal_weight_kg": round(devine, 1),
        "healthy_range_kg": [round(18.5 * metres**2, 1), round(24.9 * metres**2, 1)],
    }


@kit.api("Heart Rate Zones", example={"age": 40})
def heart_rate_zones(age: int, resting_bpm: int = 0):
    """Training heart-rate zones from the age-predicted maximum (220 - age), using heart-rate reserve when a
    resting rate is given.

    age: Age in years (10-100).
    resting_bpm: Resting heart rate; 0 if unknown.
    """
    kit.require(10 <= age <= 100, f"Invalid age {age}: give 10 to 100.")
    kit.require(
        resting_bpm == 0 or 30 <= resting_bpm <= 120, f"Invalid resting_bpm {resting_bpm}: give 30 to 120 or 0."
    )
    top = 220 - age

    def at(share):
        return round(resting_bpm + (top - resting_bpm) * share) if resting_bpm else round(top * share)

    zones = [
        ("Recovery", 0.5, 0.6),
        ("Endurance", 0.6, 0.7),
        ("Tempo", 0.7, 0.8),
        ("Threshold", 0.8, 0.9),
        ("Maximum", 0.9, 1.0),
    ]
    return {
        "max_heart_rate": top,
        "zones": [
            {"zone": i + 1, "name": n, "from_bpm": at(lo), "to_bpm": at(hi)} for i, (n, lo, hi) in enumerate(zones)
        ],
    }
