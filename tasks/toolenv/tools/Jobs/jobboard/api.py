"""JobBoard: job postings with salaries, by title, city and company."""

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
    "tool_name": "JobBoard",
    "tool_description": "Job postings: search by title and city, posting details, a company's openings and salary estimates.",
}


def _summary(j):
    return {
        "job_id": j["id"],
        "title": j["title"],
        "company": kit.index("companies", "id")[j["company_id"]]["name"],
        "city": kit.city(j["city_id"])["name"],
        "remote": j["remote"],
        "posted": j["posted"],
    }


@kit.api("Search Jobs", example={"title": "Engineer"})
def search_jobs(title: str, city: str = "", remote: str = "", page: int = 1, limit: int = 10):
    """Postings whose title contains the text, newest first.

    title: Words from the job title.
    city: Only jobs in this city; empty for all.
    remote: On-site, Hybrid or Remote; empty for all.
    page: Page number, starting at 1.
    limit: Jobs per page (1-50).
    """
    title = kit.non_empty(title, "title")
    city_id = kit.city_named(city)["id"] if str(city).strip() else ""
    kit.require(
        remote in ("", "On-site", "Hybrid", "Remote"), f"Invalid remote '{remote}': use On-site, Hybrid or Remote."
    )
    found = sorted(
        (
            j
            for j in kit.table("jobs")
            if kit.contains(j["title"], title) and city_id in ("", j["city_id"]) and remote in ("", j["remote"])
        ),
        key=lambda j: (j["posted"], j["id"]),
        reverse=True,
    )
    return kit.paginate([_summary(j) for j in found], page, limit, key="jobs")


@kit.api("Job Details", example=lambda: {"job_id": kit.table("jobs")[0]["id"]})
def job_details(job_id: str):
    """Salary range, employment type, required experience and skills of a posting.

    job_id: The job_id from Search Jobs.
    """
    j = kit.get("jobs", "id", str(job_id).strip(), "job", "Find jobs with Search Jobs.")
    return {
        **_summary(j),
        "employment_type": j["employment_type"],
        "salary_min_usd": j["salary_min_usd"],
        "salary_max_usd": j["salary_max_usd"],
        "experience_years": j["experience_years"],
        "skills": j["skills"],
    }


@kit.api("Company Jobs", example=lambda: {"company_id": kit.table("jobs")[0]["company_id"]})
def company_jobs(company_id: str):
    """All open postings of a company.

    company_id: Company id (from Company Registry's Search Companies).
    """
    c = kit.get("companies", "id", str(company_id).strip(), "company")
    return {"company": c["name"], "jobs": [_summary(j) for j in kit.table("jobs") if j["company_id"] == c["id"]]}


@kit.api("Salary Estimate", example={"title": "Data Analyst"})
def salary_estimate(title: str, city: str = ""):
    """Average advertised salary range for postings whose title contains the text.

    title: Job title words, e.g. "Data Analyst".
    city: Only postings in this city; empty for all.
    """
    title = kit.non_empty(title, "title")
    city_id = kit.city_named(city)["id"] if str(city).strip() else ""
    rows = [j for j in kit.table("jobs") if kit.contains(j["title"], title) and city_id in ("", j["city_id"])]
    if not rows:
        raise kit.ApiError(f"No postings match '{title}'; try a broader title.", 404)
    return {
        "title": title,
        "postings": len(rows),
        "average_min_usd": round(sum(j["salary_min_usd"] for j in rows) / len(rows)),
        "average_max_usd": round(sum(j["salary_max_usd"] for j in rows) / len(rows)),
    }
