"""Ticker Tape Stocks: symbol search, quotes, daily price history and dividends."""

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
    "tool_name": "Ticker Tape Stocks",
    "tool_description": "Stock symbol search, latest quotes, daily price history with paging, and dividends.",
}


def _prices(symbol):
    ticker = kit.non_empty(symbol, "symbol").upper()
    company = kit.index("companies", "ticker").get(ticker)
    if company is None:
        raise kit.ApiError(f"Unknown symbol '{symbol}'. Find symbols with Search Symbol.", 404)
    return company, kit.index("stock_prices", "ticker")[ticker]


def _quote(company, prices):
    last, previous = prices["bars"][-1], prices["bars"][-2]
    change = round(last["close"] - previous["close"], 2)
    return {
        "symbol": company["ticker"],
        "name": company["name"],
        "exchange": company["exchange"],
        "date": last["date"],
        "price": last["close"],
        "open": last["open"],
        "high": last["high"],
        "low": last["low"],
        "previous_close": previous["close"],
        "change": change,
        "change_percent": round(change / previous["close"] * 100, 2),
        "volume": last["volume"],
        "market_cap_usd": int(last["close"] * prices["shares_outstanding"]),
    }


@kit.api("Search Symbol", example={"keywords": "Solar"})
def search_symbol(keywords: str):
    """Companies whose name or ticker matches, with their ticker symbols and exchanges.

    keywords: Part of a company name or ticker.
    """
    keywords = kit.non_empty(keywords, "keywords")
    return {
        "matches": [
            {"symbol": c["ticker"], "name": c["name"], "exchange": c["exchange"], "sector": c["sector"]}
            for c in kit.table("companies")
            if kit.contains(c["name"], keywords) or kit.fold(c["ticker"]) == kit.fold(keywords)
        ]
    }


@kit.api("Stock Quote", example=lambda: {"symbol": kit.table("companies")[0]["ticker"]})
def stock_quote(symbol: str):
    """Latest daily quote: closing price, change against the previous close, volume and market cap.

    symbol: Ticker symbol from Search Symbol.
    """
    return _quote(*_prices(symbol))


@kit.api(
    "Stock Quote v1",
    example=lambda: {"symbol": next(c["ticker"] for c in kit.table("companies") if c["exchange"] == "NASDAQ")},
)
def stock_quote_v1(symbol: str):
    """Deprecated first version of the quote endpoint; still answers for NASDAQ symbols only. Use Stock Quote.

    symbol: Ticker symbol from Search Symbol.
    """
    company, prices = _prices(symbol)
    if company["exchange"] != "NASDAQ":
        return {
            "error": "Stock Quote v1 is deprecated and only serves NASDAQ symbols. Use Stock Quote instead.",
            "deprecated": True,
            "status_code": 410,
        }
    quote = _quote(company, prices)
    return {
        "Global Quote": {
            "01. symbol": quote["symbol"],
            "05. price": str(quote["price"]),
            "07. latest trading day": quote["date"],
            "09. change": str(quote["change"]),
        }
    }


@kit.api("Price History", example=lambda: {"symbol": kit.table("companies")[0]["ticker"]})
def price_history(symbol: str, start_date: str = "", end_date: str = "", page: int = 1, limit: int = 20):
    """Daily open, high, low, close and volume, newest first, within an optional date range.

    symbol: Ticker symbol from Search Symbol.
    start_date: First day (YYYY-MM-DD); empty for the oldest available.
    end_date: Last day (YYYY-MM-DD); empty for the latest.
    page: Page number, starting at 1.
    limit: Days per page (1-50).
    """
    company, prices = _prices(symbol)
    low = kit.parse_date(start_date, "start_date").isoformat() if start_date else "0000"
    high = kit.parse_date(end_date, "end_date").isoformat() if end_date else "9999"
    kit.require(low <= high, "start_date must not be after end_date.")
    bars = [b for b in reversed(prices["bars"]) if low <= b["date"] <= high]
    return {"symbol": company["ticker"], **kit.paginate(bars, page, limit, key="prices")}


@kit.api(
    "Dividends", example=lambda: {"symbol": next(p["ticker"] for p in kit.table("stock_prices") if p["dividends"])}
)
def dividends(symbol: str):
    """Dividends paid over the last year (ex-dividend date and amount per share) and their total.

    symbol: Ticker symbol from Search Symbol.
    """
    company, prices = _prices(symbol)
    paid = prices["dividends"]
    return {
        "symbol": company["ticker"],
        "dividends": paid,
        "annual_total_usd": round(sum(d["amount_usd"] for d in paid), 2),
        "note": "" if paid else "This company paid no dividends in the last year.",
    }
