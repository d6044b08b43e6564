"""FX Rates: currency list, exchange rates, conversion and 30 days of history."""

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
    "tool_name": "FX Rates",
    "tool_description": "Exchange rates between 31 currencies, amount conversion and daily rates for the last 30 days.",
}


def _currency(code, name="currency"):
    row = kit.index("currencies", "code").get(kit.non_empty(code, name).upper())
    if row is None:
        raise kit.ApiError(f"Unknown currency '{code}'. Use a three-letter code from List Currencies.", 404)
    return row


def _rate(base, target, when):
    key = when.isoformat()
    kit.require(
        key in base["history"], f"No rates for {key}: rates cover {min(base['history'])} to {max(base['history'])}."
    )
    return target["history"][key] / base["history"][key]


@kit.api("List Currencies", example={"search": "dollar"})
def list_currencies(search: str):
    """Supported currencies with codes, names and symbols, filtered by a word.

    search: Part of a currency name or code, or "all".
    """
    search = kit.non_empty(search, "search")
    rows = [
        {"code": c["code"], "name": c["name"], "symbol": c["symbol"]}
        for c in kit.table("currencies")
        if search.lower() == "all" or kit.contains(c["name"], search) or kit.fold(c["code"]) == kit.fold(search)
    ]
    return {"count": len(rows), "currencies": rows}


@kit.api("Exchange Rate", example={"base": "EUR", "target": "JPY"})
def exchange_rate(base: str, target: str):
    """Today's rate: how many units of the target currency one unit of the base currency buys.

    base: Three-letter code of the currency you have.
    target: Three-letter code of the currency you want.
    """
    b, t = _currency(base, "base"), _currency(target, "target")
    return {
        "base": b["code"],
        "target": t["code"],
        "date": kit.today().isoformat(),
        "rate": round(_rate(b, t, kit.today()), 6),
    }


@kit.api("Convert Currency", example={"amount": 250, "from_currency": "USD", "to_currency": "EUR"})
def convert_currency(amount: float, from_currency: str, to_currency: str):
    """Convert an amount at today's rate (result rounded to 2 decimals).

    amount: The amount to convert.
    from_currency: Three-letter code of the currency of the amount.
    to_currency: Three-letter code of the currency to convert into.
    """
    kit.require(amount >= 0, f"Invalid amount {amount}: it must not be negative.")
    b, t = _currency(from_currency, "from_currency"), _currency(to_currency, "to_currency")
    rate = _rate(b, t, kit.today())
    return {
        "from": b["code"],
        "to": t["code"],
        "amount": amount,
        "rate": round(rate, 6),
        "result": round(amount * rate, 2),
        "date": kit.today().isoformat(),
    }


@kit.api("Historical Rate", example={"base": "GBP", "target": "USD", "date": "2025-06-01"})
def historical_rate(base: str, target: str, date: str):
    """The rate on a past day within the last 30 days.

    base: Three-letter code of the currency you have.
    target: Three-letter code of the currency you want.
    date: The day as YYYY-MM-DD.
    """
    b, t = _currency(base, "base"), _currency(target, "target")
    when = kit.parse_date(date)
    return {"base": b["code"], "target": t["code"], "date": when.isoformat(), "rate": round(_rate(b, t, when), 6)}


@kit.api("Latest Rates Legacy", example={"base": "USD"})
def latest_rates_legacy(base: str):
    """Deprecated: all of today's rates against one base. Only the USD base is still served; use Exchange Rate.

    base: Three-letter base currency code (only USD is still supported).
    """
    b = _currency(base, "base")
    if b["code"] != "USD":
        return {
            "error": f"This legacy endpoint is deprecated and no longer serves base {b['code']}. "
            "Use Exchange Rate instead.",
            "deprecated": True,
            "status_code": 410,
        }
    return {
        "base": "USD",
        "date": kit.today().isoformat(),
        "rates": [{"currency": c["code"], "rate": c["rate_per_usd"]} for c in kit.table("currencies")],
    }
