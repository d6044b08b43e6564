"""CoinWatch Crypto: coin listings, prices and 30-day price history."""

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
    "tool_name": "CoinWatch Crypto",
    "tool_description": "Listings of crypto coins by market cap, current prices and daily price history.",
}


def _coin(coin_id):
    wanted = kit.fold(kit.non_empty(coin_id, "coin_id"))
    for coin in kit.table("coins"):
        if wanted in (coin["id"], kit.fold(coin["symbol"])):
            return coin
    raise kit.ApiError(f"Unknown coin '{coin_id}'. Use an id or symbol from List Coins.", 404)


@kit.api("List Coins", example={"order": "market_cap"})
def list_coins(order: str, page: int = 1, limit: int = 10):
    """Coins with id, symbol, price and market cap, ordered and paged.

    order: market_cap (largest first), price (highest first) or name.
    page: Page number, starting at 1.
    limit: Coins per page (1-50).
    """
    keys = {
        "market_cap": lambda c: -c["market_cap_usd"],
        "price": lambda c: -c["price_usd"],
        "name": lambda c: c["name"],
    }
    kit.require(order in keys, f"Invalid order '{order}': use market_cap, price or name.")
    rows = [
        {
            "id": c["id"],
            "symbol": c["symbol"],
            "name": c["name"],
            "price_usd": c["price_usd"],
            "market_cap_usd": c["market_cap_usd"],
        }
        for c in sorted(kit.table("coins"), key=keys[order])
    ]
    return kit.paginate(rows, page, limit, key="coins")


@kit.api("Coin Price", example={"coin_id": "lumen-coin"})
def coin_price(coin_id: str):
    """Current price, 24-hour and 7-day change, supply and market cap of a coin.

    coin_id: Coin id or symbol from List Coins.
    """
    coin = _coin(coin_id)
    days = sorted(coin["history"])
    now, day_ago, week_ago = (coin["history"][days[i]] for i in (-1, -2, -8))
    return {
        "id": coin["id"],
        "symbol": coin["symbol"],
        "name": coin["name"],
        "price_usd": now,
        "change_24h_percent": round((now / day_ago - 1) * 100, 2),
        "change_7d_percent": round((now / week_ago - 1) * 100, 2),
        "circulating_supply": coin["circulating_supply"],
        "market_cap_usd": coin["market_cap_usd"],
    }


@kit.api("Coin History", example={"coin_id": "lumen-coin", "date": "2025-06-01"})
def coin_history(coin_id: str, date: str):
    """A coin's closing price on one day within the last 30 days.

    coin_id: Coin id or symbol from List Coins.
    date: The day as YYYY-MM-DD.
    """
    coin = _coin(coin_id)
    when = kit.parse_date(date).isoformat()
    kit.require(
        when in coin["history"],
        f"No price for {when}: history covers {min(coin['history'])} to {max(coin['history'])}.",
    )
    return {"id": coin["id"], "date": when, "price_usd": coin["history"][when]}
