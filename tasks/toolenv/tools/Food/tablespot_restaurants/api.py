"""TableSpot Restaurants: restaurants by city and cuisine, details and menus."""

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
    "tool_name": "TableSpot Restaurants",
    "tool_description": "Find restaurants in a city by cuisine and price, with contact details, hours and menus.",
}


def _restaurant(restaurant_id):
    return kit.get(
        "restaurants", "id", str(restaurant_id).strip(), "restaurant", "Find restaurants with Search Restaurants."
    )


@kit.api("Search Restaurants", example={"city": "Lyon"})
def search_restaurants(city: str, cuisine: str = "", max_price_level: int = 4):
    """Restaurants in a city, best rated first.

    city: City name.
    cuisine: Only this cuisine, e.g. "Italian"; empty for all.
    max_price_level: Highest price level to include, 1 ($) to 4 ($$$$).
    """
    row = kit.city_named(kit.non_empty(city, "city"))
    kit.require(1 <= max_price_level <= 4, f"Invalid max_price_level {max_price_level}: choose 1 to 4.")
    found = sorted(
        (
            r
            for r in kit.table("restaurants")
            if r["city_id"] == row["id"]
            and (not cuisine or kit.fold(cuisine) == kit.fold(r["cuisine"]))
            and len(r["price_level"]) <= max_price_level
        ),
        key=lambda r: (-r["rating"], r["name"]),
    )
    return {
        **kit.place(row),
        "restaurants": [
            {
                "restaurant_id": r["id"],
                "name": r["name"],
                "cuisine": r["cuisine"],
                "price_level": r["price_level"],
                "rating": r["rating"],
            }
            for r in found
        ],
    }


@kit.api("Restaurant Details", example=lambda: {"restaurant_id": kit.table("restaurants")[0]["id"]})
def restaurant_details(restaurant_id: str):
    """Address, phone, opening hours, rating and number of reviews of a restaurant.

    restaurant_id: The restaurant_id from Search Restaurants.
    """
    r = _restaurant(restaurant_id)
    return {
        "restaurant_id": r["id"],
        "name": r["name"],
        "cuisine": r["cuisine"],
        "address": r["address"],
        "phone": r["phone"],
        "opening_hours": r["opening_hours"],
        "rating": r["rating"],
        "reviews": r["reviews"],
        "price_level": r["price_level"],
    }


@kit.api("Restaurant Menu", example=lambda: {"restaurant_id": kit.table("restaurants")[0]["id"]})
def restaurant_menu(restaurant_id: str, vegetarian_only: bool = False):
    """Dishes and prices (US dollars) of a restaurant.

    restaurant_id: The restaurant_id from Search Restaurants.
    vegetarian_only: Only vegetarian dishes when true.
    """
    r = _restaurant(restaurant_id)
    return {"restaurant": r["name"], "menu": [m for m in r["menu"] if m["vegetarian"] or not vegetarian_only]}
