"""Shared pieces of the tool-world tests: the bundled catalog and ToolBench's reading of a reply."""

from __future__ import annotations

from functools import cache
from typing import Any

from data_builder.catalog import Catalog, default_catalog
from harness.types.docs import ApiDoc

# ToolBench's server (process_error) looks for these phrases, in this order, and its client turns the
# resulting error class into a status code (rapidapi.py's _step); a reply with none of them but the word
# "error" is a message error (11), and anything else is a normal answer (0).
_PHRASES = [
    ("Your Client (working) ---> Gateway (working) ---> API (not working)", 6),
    ("The request to the API has timed out", 5),
    ("Unauthorized", 7),
    ("unauthorized", 7),
    ("You are not subscribed to this API.", 8),
    ("Too many requests", 9),
    ("You have exceeded", 10),
    ("you are being rate limited", 10),
    ("error", 11),
]


def toolbench_status(reply: Any) -> int:
    """The status code ToolBench would give an API's raw reply."""
    text = str(reply)
    for phrase, status in _PHRASES:
        if phrase in text:
            return status
    return 0


@cache
def catalog() -> Catalog:
    return default_catalog()


def all_apis() -> list[ApiDoc]:
    return catalog().api_docs()


def example_arguments(api: ApiDoc) -> dict[str, Any]:
    """The documented example values of an API's required parameters."""
    return {p.name: p.default for p in api.required_parameters}


def call(api: ApiDoc, **arguments: Any) -> Any:
    return catalog().function(api.tool_name, api.api_name)(**arguments)
