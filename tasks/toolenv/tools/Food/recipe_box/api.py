"""Recipe Box: recipes by name, ingredient and cuisine, with full ingredient lists and steps."""

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
    "tool_name": "Recipe Box",
    "tool_description": "Search recipes by name, ingredient or cuisine, and read ingredients, times and steps.",
}


def _summary(r):
    return {
        "recipe_id": r["id"],
        "name": r["name"],
        "cuisine": r["cuisine"],
        "rating": r["rating"],
        "total_time_min": r["prep_min"] + r["cook_min"],
        "vegetarian": r["vegetarian"],
    }


@kit.api("Search Recipes", example={"query": "Curry"})
def search_recipes(query: str, vegetarian: bool = False, page: int = 1, limit: int = 10):
    """Recipes whose name contains the text.

    query: Part of a recipe name, e.g. "Tagine".
    vegetarian: Only vegetarian recipes when true.
    page: Page number, starting at 1.
    limit: Recipes per page (1-50).
    """
    query = kit.non_empty(query, "query")
    found = [
        _summary(r)
        for r in kit.table("recipes")
        if kit.contains(r["name"], query) and (r["vegetarian"] or not vegetarian)
    ]
    return kit.paginate(found, page, limit, key="recipes")


@kit.api("Recipe Details", example=lambda: {"recipe_id": kit.table("recipes")[0]["id"]})
def recipe_details(recipe_id: str, servings: int = 0):
    """Ingredients (grams, optionally scaled to a number of servings), times, difficulty and steps.

    recipe_id: The recipe_id from a search.
    servings: Scale the ingredients to this many servings; 0 keeps the recipe's own servings.
    """
    r = kit.get("recipes", "id", str(recipe_id).strip(), "recipe", "Find recipes with Search Recipes.")
    kit.require(0 <= servings <= 50, f"Invalid servings {servings}: choose 0 to 50.")
    factor = servings / r["servings"] if servings else 1
    return {
        **_summary(r),
        "servings": servings or r["servings"],
        "prep_min": r["prep_min"],
        "cook_min": r["cook_min"],
        "difficulty": r["difficulty"],
        "ingredients": [{"name": i["name"], "grams": round(i["grams"] * factor)} for i in r["ingredients"]],
        "steps": r["steps"],
    }


@kit.api("Recipes by Ingredient", example={"ingredient": "spinach"})
def recipes_by_ingredient(ingredient: str, page: int = 1, limit: int = 10):
    """Recipes that use an ingredient, best rated first.

    ingredient: Ingredient name, e.g. "chickpeas".
    page: Page number, starting at 1.
    limit: Recipes per page (1-50).
    """
    ingredient = kit.non_empty(ingredient, "ingredient")
    found = sorted(
        (r for r in kit.table("recipes") if any(kit.fold(i["name"]) == kit.fold(ingredient) for i in r["ingredients"])),
        key=lambda r: (-r["rating"], r["name"]),
    )
    return {"ingredient": ingredient, **kit.paginate([_summary(r) for r in found], page, limit, key="recipes")}


@kit.api("Recipes by Cuisine", example={"cuisine": "Thai"})
def recipes_by_cuisine(cuisine: str, max_minutes: int = 0, page: int = 1, limit: int = 10):
    """Recipes of a cuisine, quickest first, optionally within a total time.

    cuisine: Italian, Mexican, Japanese, Indian, French, Thai, Greek, Moroccan, Spanish or Korean.
    max_minutes: Only recipes with a total time up to this; 0 for any.
    page: Page number, starting at 1.
    limit: Recipes per page (1-50).
    """
    known = sorted({r["cuisine"] for r in kit.table("recipes")})
    match = [c for c in known if kit.fold(c) == kit.fold(cuisine)]
    kit.require(bool(match), f"Unknown cuisine '{cuisine}'. Known cuisines: {', '.join(known)}.")
    found = sorted(
        (
            r
            for r in kit.table("recipes")
            if r["cuisine"] == match[0] and (not max_minutes or r["prep_min"] + r["cook_min"] <= max_minutes)
        ),
        key=lambda r: (r["prep_min"] + r["cook_min"], r["name"]),
    )
    return {"cuisine": match[0], **kit.paginate([_summary(r) for r in found], page, limit, key="recipes")}
