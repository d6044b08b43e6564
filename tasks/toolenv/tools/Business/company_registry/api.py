"""Company Registry: registered companies, officers and filings."""

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
    "tool_name": "Company Registry",
    "tool_description": "Search registered companies, read their profiles, officers and recent filings.",
}


def _company(company_id):
    return kit.get("companies", "id", str(company_id).strip(), "company", "Find company ids with Search Companies.")


@kit.api("Search Companies", example={"name": "Systems"})
def search_companies(name: str, status: str = "", page: int = 1, limit: int = 10):
    """Companies whose name contains the text.

    name: Whole or partial company name.
    status: Only Active or Dissolved companies; empty for both.
    page: Page number, starting at 1.
    limit: Companies per page (1-50).
    """
    name = kit.non_empty(name, "name")
    kit.require(status in ("", "Active", "Dissolved"), f"Invalid status '{status}': use Active or Dissolved.")
    found = [
        {
            "company_id": c["id"],
            "name": c["name"],
            "status": c["status"],
            "registration_number": c["registration_number"],
        }
        for c in kit.table("companies")
        if kit.contains(c["name"], name) and status in ("", c["status"])
    ]
    return kit.paginate(found, page, limit, key="companies")


@kit.api("Company Profile", example=lambda: {"company_id": kit.table("companies")[0]["id"]})
def company_profile(company_id: str):
    """Sector, industry, headquarters, year founded, employees and website of a company.

    company_id: The company_id from Search Companies.
    """
    c = _company(company_id)
    return {
        "company_id": c["id"],
        "name": c["name"],
        "status": c["status"],
        "sector": c["sector"],
        "industry": c["industry"],
        "headquarters": kit.place(kit.city(c["hq_city_id"])),
        "founded": c["founded"],
        "employees": c["employees"],
        "website": c["website"],
        "ticker": c["ticker"],
    }


@kit.api("Company Officers", example=lambda: {"company_id": kit.table("companies")[0]["id"]})
def company_officers(company_id: str):
    """The company's officers with their roles and the year they were appointed.

    company_id: The company_id from Search Companies.
    """
    c = _company(company_id)
    return {"company": c["name"], "officers": c["officers"]}


@kit.api("Company Filings", example=lambda: {"company_id": kit.table("companies")[0]["id"]})
def company_filings(company_id: str, form_type: str = ""):
    """Recent regulatory filings, newest first.

    company_id: The company_id from Search Companies.
    form_type: Only this form, e.g. "10-K"; empty for all.
    """
    c = _company(company_id)
    return {"company": c["name"], "filings": [f for f in c["filings"] if form_type in ("", f["type"])]}


@kit.api(
    "Lookup Registration Number",
    example=lambda: {"registration_number": kit.table("companies")[0]["registration_number"]},
)
def lookup_registration_number(registration_number: str):
    """The company registered under a registration number.

    registration_number: Registration number: a country code followed by 8 digits.
    """
    c = kit.get(
        "companies", "registration_number", kit.non_empty(registration_number, "registration_number").upper(), "company"
    )
    return {"company_id": c["id"], "name": c["name"], "status": c["status"]}
