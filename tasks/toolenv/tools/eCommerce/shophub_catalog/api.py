"""ShopHub Catalog: product search with filters and paging, details, reviews and categories."""

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
    "tool_name": "ShopHub Catalog",
    "tool_description": "An online shop's catalogue: search products, read details and customer reviews, browse categories.",
}
SORTS = {
    "relevance": None,
    "price_asc": lambda p: (p["price_usd"], p["name"]),
    "price_desc": lambda p: (-p["price_usd"], p["name"]),
    "rating": lambda p: (-p["rating"], p["name"]),
}


def _product(product_id):
    return kit.get("products", "id", str(product_id).strip(), "product", "Find product ids with Search Products.")


def _summary(p):
    return {
        "product_id": p["id"],
        "name": p["name"],
        "brand": p["brand"],
        "price_usd": p["price_usd"],
        "rating": p["rating"],
        "review_count": p["review_count"],
    }


@kit.api("Search Products", example={"query": "Espresso"})
def search_products(
    query: str, category: str = "", sort: str = "relevance", max_price: float = 0, page: int = 1, limit: int = 10
):
    """Products whose name or brand contains the text.

    query: Words from the product name or brand.
    category: Only this category (see List Categories); empty for all.
    sort: relevance, price_asc, price_desc or rating.
    max_price: Highest price in US dollars; 0 for no limit.
    page: Page number, starting at 1.
    limit: Products per page (1-50).
    """
    query = kit.non_empty(query, "query")
    kit.require(sort in SORTS, f"Invalid sort '{sort}': use {', '.join(SORTS)}.")
    found = [
        p
        for p in kit.table("products")
        if (kit.contains(p["name"], query) or kit.contains(p["brand"], query))
        and category in ("", p["category"])
        and (max_price <= 0 or p["price_usd"] <= max_price)
    ]
    if SORTS[sort]:
        found.sort(key=SORTS[sort])
    return kit.paginate([_summary(p) for p in found], page, limit, key="products")


@kit.api("Product Details", example=lambda: {"product_id": kit.table("products")[0]["id"]})
def product_details(product_id: str):
    """Category, price, colour, weight, warranty and release date of a product.

    product_id: The product_id from Search Products.
    """
    p = _product(product_id)
    return {
        **_summary(p),
        "category": p["category"],
        "color": p["color"],
        "weight_kg": p["weight_kg"],
        "warranty_months": p["warranty_months"],
        "release_date": p["release_date"],
    }


@kit.api("Product Reviews", example=lambda: {"product_id": kit.table("products")[0]["id"]})
def product_reviews(product_id: str, min_rating: int = 1, page: int = 1, limit: int = 5):
    """Customer reviews of a product, newest first.

    product_id: The product_id from Search Products.
    min_rating: Only reviews with at least this many stars (1-5).
    page: Page number, starting at 1.
    limit: Reviews per page (1-20).
    """
    p = _product(product_id)
    kit.require(1 <= min_rating <= 5, f"Invalid min_rating {min_rating}: choose 1 to 5.")
    rows = sorted(
        (r for r in kit.table("product_reviews") if r["product_id"] == p["id"] and r["rating"] >= min_rating),
        key=lambda r: r["date"],
        reverse=True,
    )
    reviews = [
        {
            "author": r["author"],
            "rating": r["rating"],
            "date": r["date"],
            "title": r["title"],
            "verified_purchase": r["verified_purchase"],
        }
        for r in rows
    ]
    return {"product_id": p["id"], **kit.paginate(reviews, page, limit, key="reviews", max_limit=20)}


@kit.api("List Categories", example={"parent": "root"})
def list_categories(parent: str):
    """Product categories with the number of products in each.

    parent: Only "root" exists: categories are not nested.
    """
    kit.require(str(parent).strip() == "root", f"Unknown parent '{parent}': categories are flat, use 'root'.")
    counts = {}
    for p in kit.table("products"):
        counts[p["category"]] = counts.get(p["category"], 0) + 1
    return {"categories": [{"name": name, "products": counts[name]} for name in sorted(counts)]}
