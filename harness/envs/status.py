"""ToolBench's status codes and the error strings that carry them.

ToolBench's client (``rapidapi.py``'s ``_step``) derives a call's status code from the ``error``
string of the server's ``{"error": ..., "response": ...}`` answer; its server (``server.py``'s
``process_error``) chooses that string by looking for known phrases in the API's response. We keep
both halves, so that a status code is always a function of the answer body alone: a cached or
replayed answer gets the same code as the live one, and a cache written here reads the same in
StableToolBench's server.

Where ToolBench leaves a class without a code we close the gap, and say so here:
- ``Rate limit error...`` (what ``process_error`` emits for "You have exceeded") is 10, not 0;
- a tool that raises (``Function executing ... error...``) is 11, not 0: the API answered with an error;
- wrong or missing arguments (``Parameter error...``) are 2, like unparseable ones;
- the gateway's time-out message is 5 and a blocked user is 7.
"""

from __future__ import annotations

from typing import Any

from harness.types.observation import Status

# The ``error`` strings of ToolBench's server, and ours where it has none.
PARSE_ERROR = "Tool input parse error...\n"
PARAMETER_ERROR = "Parameter error..."
TIMEOUT_ERROR = "Timeout error..."
GATEWAY_TIMEOUT_ERROR = "API temporarily not working error..."
NOT_WORKING_ERROR = "API not working error..."
UNAUTHORIZED_ERROR = "Unauthorized error..."
BLOCKED_ERROR = "Blocked error..."
UNSUBSCRIBED_ERROR = "Unsubscribed error..."
TOO_MANY_REQUESTS_ERROR = "Too many requests error..."
RATE_LIMIT_MINUTE_ERROR = "Rate limit per minute error..."
RATE_LIMIT_ERROR = "Rate limit error..."
MESSAGE_ERROR = "Message error..."
EXECUTION_ERROR_PREFIX = "Function executing"
REQUEST_ERROR = "request invalid, data error"
GATEWAY_ERROR = "Gateway error..."
NOT_RECORDED_ERROR = "Not recorded error..."

# Order matters only where one prefix starts another; none does.
_CODES_BY_PREFIX: tuple[tuple[str, Status], ...] = (
    (PARSE_ERROR.strip(), Status.BAD_INPUT),
    (PARAMETER_ERROR, Status.BAD_INPUT),
    (TIMEOUT_ERROR, Status.TIMEOUT),
    (GATEWAY_TIMEOUT_ERROR, Status.TIMEOUT),
    (NOT_WORKING_ERROR, Status.NOT_FOUND),
    (UNAUTHORIZED_ERROR, Status.UNAUTHORIZED),
    (BLOCKED_ERROR, Status.UNAUTHORIZED),
    (UNSUBSCRIBED_ERROR, Status.UNSUBSCRIBED),
    (TOO_MANY_REQUESTS_ERROR, Status.TOO_MANY_REQUESTS),
    (RATE_LIMIT_MINUTE_ERROR, Status.RATE_LIMIT),
    (RATE_LIMIT_ERROR, Status.RATE_LIMIT),
    (MESSAGE_ERROR, Status.MESSAGE_ERROR),
    (EXECUTION_ERROR_PREFIX, Status.MESSAGE_ERROR),
    (REQUEST_ERROR, Status.REQUEST_ERROR),
    (GATEWAY_ERROR, Status.REQUEST_ERROR),
    (NOT_RECORDED_ERROR, Status.REQUEST_ERROR),
)

# Answers worth asking for again rather than replaying from a cache in record mode.
TRANSIENT = frozenset({Status.TIMEOUT, Status.TOO_MANY_REQUESTS, Status.RATE_LIMIT, Status.REQUEST_ERROR})


def status_for_error(error: object) -> Status:
    """The status code an answer's ``error`` field stands for (0 for an empty one)."""
    if error is None or error == "":
        return Status.OK
    text = str(error)
    for prefix, status in _CODES_BY_PREFIX:
        if text.startswith(prefix):
            return status
    return Status.MESSAGE_ERROR


# ``process_error``'s phrases in its order: the first class whose phrase occurs in the answer wins.
_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("Your Client (working) ---> Gateway (working) ---> API (not working)",), NOT_WORKING_ERROR),
    (("The request to the API has timed out",), GATEWAY_TIMEOUT_ERROR),
    (("Unauthorized", "unauthorized"), UNAUTHORIZED_ERROR),
    (("You are not subscribed to this API.",), UNSUBSCRIBED_ERROR),
    (("Too many requests",), TOO_MANY_REQUESTS_ERROR),
    (("You have exceeded", "you are being rate limited"), RATE_LIMIT_ERROR),
    (("Access restricted. Check credits balance or enter the correct API key.",), RATE_LIMIT_ERROR),
    (("Oops, an error in the gateway has occurred.",), GATEWAY_ERROR),
    (("Blocked User. Please contact your API provider.",), BLOCKED_ERROR),
    (("error",), MESSAGE_ERROR),
)


def classify_response(response: Any) -> str:
    """The ``error`` string ToolBench's server gives an API's raw response, chosen by the phrases
    RapidAPI and the APIs themselves use. An empty string means a normal answer."""
    text = str(response)
    for phrases, error in _PHRASES:
        if any(phrase in text for phrase in phrases):
            return error
    return ""
