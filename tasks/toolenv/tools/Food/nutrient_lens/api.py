"""Nutrient Lens: nutrition facts for ingredients and ingredient lists."""

import importlib.util
import re
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
    "tool_name": "Nutrient Lens",
    "tool_description": "Calories, protein, fat, carbohydrates and fibre for ingredients, amounts and whole ingredient lists.",
}
ITEM = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*g\s+(.+?)\s*$")


def _ingredient(name):
    wanted = kit.fold(kit.non_empty(name, "ingredient"))
    for row in kit.table("ingredients"):
        if kit.fold(row["name"]) == wanted:
            return row
    raise kit.ApiError(f"Unknown ingredient '{name}'. Find names with Search Ingredients.", 404)


def _scaled(row, grams):
    return {k: round(v * grams / 100, 1) for k, v in row["per_100g"].items()}


@kit.api("Search Ingredients", example={"query": "rice"})
def search_ingredients(query: str):
    """Ingredient names known to the nutrition database that contain the text.

    query: Part of an ingredient name.
    """
    query = kit.non_empty(query, "query")
    return {"ingredients": [r["name"] for r in kit.table("ingredients") if kit.contains(r["name"], query)]}


@kit.api("Ingredient Nutrition", example={"ingredient": "salmon fillet", "grams": 150})
def ingredient_nutrition(ingredient: str, grams: float):
    """Nutrition of an amount of one ingredient.

    ingredient: Ingredient name from Search Ingredients.
    grams: Amount in grams.
    """
    kit.require(0 < grams <= 5000, f"Invalid grams {grams}: give an amount between 0 and 5000.")
    row = _ingredient(ingredient)
    return {"ingredient": row["name"], "grams": grams, **_scaled(row, grams)}


@kit.api("Analyze Ingredient List", example={"items": "200 g white rice, 150 g chicken breast, 10 g olive oil"})
def analyze_ingredient_list(items: str):
    """Total nutrition of a comma-separated list of amounts such as "200 g white rice, 50 g spinach".

    items: Comma-separated "<grams> g <ingredient>" entries.
    """
    entries = [e for e in kit.non_empty(items, "items").split(",") if e.strip()]
    totals = {"kcal": 0.0, "protein_g": 0.0, "fat_g": 0.0, "carbs_g": 0.0, "fiber_g": 0.0}
    lines = []
    for entry in entries:
        match = ITEM.match(entry)
        kit.require(match is not None, f"Cannot read '{entry.strip()}': write each entry as '<grams> g <ingredient>'.")
        row, grams = _ingredient(match.group(2)), float(match.group(1))
        values = _scaled(row, grams)
        lines.append({"ingredient": row["name"], "grams": grams, "kcal": values["kcal"]})
        for key in totals:
            totals[key] += values[key]
    return {"items": lines, "total": {k: round(v, 1) for k, v in totals.items()}}
