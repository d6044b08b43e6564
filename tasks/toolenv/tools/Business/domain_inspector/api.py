"""Domain Inspector: WHOIS records, DNS records and availability of domain names."""

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
    "tool_name": "Domain Inspector",
    "tool_description": "WHOIS registration data and DNS records of domains, and whether a name is free to register.",
}


def _domain(domain):
    name = kit.non_empty(domain, "domain").lower().removeprefix("https://").removeprefix("www.").strip("/")
    kit.require("." in name and " " not in name, f"Invalid domain '{domain}': give a name such as example.com.")
    return name, kit.index("domains", "domain").get(name)


@kit.api("WHOIS Lookup", example=lambda: {"domain": kit.table("domains")[0]["domain"]})
def whois_lookup(domain: str):
    """Registrar, owner, creation and expiry dates of a registered domain.

    domain: Domain name such as example.com.
    """
    name, row = _domain(domain)
    if row is None:
        raise kit.ApiError(f"No WHOIS record for {name}: the domain is not registered.", 404)
    return {
        "domain": name,
        "registrar": row["registrar"],
        "owner": row["owner"],
        "created": row["created"],
        "expires": row["expires"],
        "nameservers": row["nameservers"],
    }


@kit.api("DNS Records", example=lambda: {"domain": kit.table("domains")[0]["domain"]})
def dns_records(domain: str, record_type: str = "A"):
    """DNS records of a registered domain.

    domain: Domain name such as example.com.
    record_type: A, MX or TXT.
    """
    name, row = _domain(domain)
    kit.require(record_type in ("A", "MX", "TXT"), f"Invalid record_type '{record_type}': use A, MX or TXT.")
    if row is None:
        raise kit.ApiError(f"No DNS records for {name}: the domain is not registered.", 404)
    return {"domain": name, "type": record_type, "records": row["records"][record_type]}


@kit.api("Domain Availability", example={"domain": "my-new-bakery.com"})
def domain_availability(domain: str):
    """Whether a domain name can be registered, with the yearly price.

    domain: Domain name such as example.com.
    """
    name, row = _domain(domain)
    tld = name.rsplit(".", 1)[1]
    prices = {"com": 12.99, "net": 14.99, "org": 11.99, "io": 39.0, "dev": 15.0}
    kit.require(
        tld in prices, f"Unsupported top-level domain '.{tld}': use one of {', '.join('.' + t for t in prices)}."
    )
    return {"domain": name, "available": row is None, "price_usd_per_year": prices[tld] if row is None else None}
