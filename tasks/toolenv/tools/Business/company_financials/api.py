"""Company Financials: yearly income statement and balance sheet figures."""

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
    "tool_name": "Company Financials",
    "tool_description": "Yearly revenue, net income, assets and liabilities of companies (2020-2024) and growth rates.",
}


def _year(company_id, year):
    c = kit.get("companies", "id", str(company_id).strip(), "company", "Find company ids with Company Registry.")
    row = next((f for f in c["financials"] if f["year"] == year), None)
    if row is None:
        raise kit.ApiError(f"No financials for {year}: years 2020 to 2024 are available.", 404)
    return c, row


@kit.api("Income Statement", example=lambda: {"company_id": kit.table("companies")[0]["id"], "year": 2024})
def income_statement(company_id: str, year: int):
    """Revenue, net income and net margin of a company in a year (billions of US dollars).

    company_id: Company id (from Company Registry).
    year: Fiscal year, 2020-2024.
    """
    c, f = _year(company_id, year)
    return {
        "company": c["name"],
        "year": year,
        "revenue_usd_billion": f["revenue_usd_billion"],
        "net_income_usd_billion": f["net_income_usd_billion"],
        "net_margin_percent": round(f["net_income_usd_billion"] / f["revenue_usd_billion"] * 100, 1),
    }


@kit.api("Balance Sheet", example=lambda: {"company_id": kit.table("companies")[0]["id"], "year": 2024})
def balance_sheet(company_id: str, year: int):
    """Total assets, liabilities and equity of a company at the end of a year (billions of US dollars).

    company_id: Company id (from Company Registry).
    year: Fiscal year, 2020-2024.
    """
    c, f = _year(company_id, year)
    return {
        "company": c["name"],
        "year": year,
        "total_assets_usd_billion": f["total_assets_usd_billion"],
        "total_liabilities_usd_billion": f["total_liabilities_usd_billion"],
        "equity_usd_billion": round(f["total_assets_usd_billion"] - f["total_liabilities_usd_billion"], 2),
    }


@kit.api("Revenue Growth", example=lambda: {"company_id": kit.table("companies")[0]["id"]})
def revenue_growth(company_id: str, from_year: int = 2020, to_year: int = 2024):
    """Revenue change between two years, in percent and as a compound annual growth rate.

    company_id: Company id (from Company Registry).
    from_year: First year, 2020-2024.
    to_year: Last year, 2020-2024, after from_year.
    """
    kit.require(from_year < to_year, "from_year must be before to_year.")
    c, first = _year(company_id, from_year)
    _, last = _year(company_id, to_year)
    ratio = last["revenue_usd_billion"] / first["revenue_usd_billion"]
    return {
        "company": c["name"],
        "from_year": from_year,
        "to_year": to_year,
        "growth_percent": round((ratio - 1) * 100, 1),
        "cagr_percent": round((ratio ** (1 / (to_year - from_year)) - 1) * 100, 2),
    }
