"""StoreStock: physical shops, opening hours and what they have in stock."""

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
    "tool_name": "StoreStock",
    "tool_description": "ShopRight stores by city, their opening hours and live stock of catalogue products.",
}


def _store(store_id):
    return kit.get("stores", "id", str(store_id).strip(), "store", "Find stores with Stores in City.")


@kit.api("Stores in City", example=lambda: {"city": kit.city(kit.table("stores")[0]["city_id"])["name"]})
def stores_in_city(city: str):
    """Stores in a city with their ids.

    city: City name.
    """
    row = kit.city_named(kit.non_empty(city, "city"))
    return {
        **kit.place(row),
        "stores": [
            {"store_id": s["id"], "name": s["name"], "address": s["address"]}
            for s in kit.table("stores")
            if s["city_id"] == row["id"]
        ],
    }


@kit.api("Store Details", example=lambda: {"store_id": kit.table("stores")[0]["id"]})
def store_details(store_id: str):
    """Address, opening hours and number of products stocked by a store.

    store_id: The store_id from Stores in City.
    """
    s = _store(store_id)
    return {
        "store_id": s["id"],
        "name": s["name"],
        "address": s["address"],
        "opening_hours": s["opening_hours"],
        "products_stocked": sum(1 for q in s["inventory"].values() if q > 0),
    }


@kit.api(
    "Check Store Stock",
    example=lambda: {
        "store_id": kit.table("stores")[0]["id"],
        "product_id": sorted(kit.table("stores")[0]["inventory"])[0],
    },
)
def check_store_stock(store_id: str, product_id: str):
    """How many units of a product a store has.

    store_id: The store_id from Stores in City.
    product_id: Product id (from ShopHub Catalog).
    """
    s = _store(store_id)
    p = kit.get("products", "id", str(product_id).strip(), "product")
    quantity = s["inventory"].get(p["id"])
    return {
        "store": s["name"],
        "product": p["name"],
        "carried": quantity is not None,
        "quantity": quantity or 0,
        "in_stock": bool(quantity),
    }


@kit.api("Product Availability", example=lambda: {"product_id": sorted(kit.table("stores")[0]["inventory"])[0]})
def product_availability(product_id: str):
    """Every store that has a product in stock, with quantities.

    product_id: Product id (from ShopHub Catalog).
    """
    p = kit.get("products", "id", str(product_id).strip(), "product")
    rows = [
        {
            "store_id": s["id"],
            "store": s["name"],
            "city": kit.city(s["city_id"])["name"],
            "quantity": s["inventory"][p["id"]],
        }
        for s in kit.table("stores")
        if s["inventory"].get(p["id"])
    ]
    return {"product": p["name"], "stores": rows}
