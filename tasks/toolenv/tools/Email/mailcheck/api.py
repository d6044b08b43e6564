"""MailCheck: email address validation, disposable-domain detection and typo suggestions."""

import importlib.util
import re
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
    "tool_name": "MailCheck",
    "tool_description": "Validates email addresses, flags disposable and free providers, and suggests fixes for mistyped domains.",
}
PATTERN = re.compile(r"^[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$")
DISPOSABLE = [
    "mailinator.com",
    "tempmail.net",
    "throwawaymail.com",
    "10minutemail.com",
    "trashbox.io",
    "guerrillamail.org",
]
FREE = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "proton.me", "icloud.com", "gmx.de"]


def _address(email):
    email = kit.non_empty(email, "email").lower()
    kit.require("@" in email, f"Invalid email '{email}': an address needs an @.")
    return email, email.rsplit("@", 1)[1]


def _distance(a, b):
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _suggest(domain):
    known = FREE + [d["domain"] for d in kit.table("domains")]
    best = min(known, key=lambda d: (_distance(domain, d), d))
    return best if 0 < _distance(domain, best) <= 2 else None


@kit.api("Validate Email", example={"email": "ana.silva@gmail.com"})
def validate_email(email: str):
    """Syntax check, provider type and whether the domain receives mail.

    email: The email address.
    """
    email, domain = _address(email)
    known = domain in FREE or domain in kit.index("domains", "domain") or domain in DISPOSABLE
    return {
        "email": email,
        "valid_syntax": bool(PATTERN.match(email)),
        "domain": domain,
        "free_provider": domain in FREE,
        "disposable": domain in DISPOSABLE,
        "domain_accepts_mail": known,
        "suggestion": _suggest(domain) if not known else None,
    }


@kit.api("Disposable Check", example={"domain": "mailinator.com"})
def disposable_check(domain: str):
    """Whether a domain belongs to a throwaway-mail service.

    domain: Email domain such as "mailinator.com".
    """
    domain = kit.non_empty(domain, "domain").lower().lstrip("@")
    return {"domain": domain, "disposable": domain in DISPOSABLE}


@kit.api("Suggest Domain", example={"email": "tom@gmial.com"})
def suggest_domain(email: str):
    """A likely intended address when the domain looks mistyped.

    email: The email address.
    """
    email, domain = _address(email)
    fix = _suggest(domain)
    return {"email": email, "suggestion": email.rsplit("@", 1)[0] + "@" + fix if fix else None}
