"""What a tool environment returns for one call."""

from __future__ import annotations

from enum import IntEnum

from pydantic import BaseModel


# The codes live with the observation that carries them, so every layer (the store's views too) can
# name them; how an answer body maps to a code is the tool layer's business (harness/envs/status.py).
class Status(IntEnum):
    """ToolBench's status codes (``_step``'s docstring)."""

    OK = 0
    NO_SUCH_FUNCTION = 1
    BAD_INPUT = 2
    FINISH_ANSWER = 3
    FINISH_GIVE_UP = 4
    TIMEOUT = 5
    NOT_FOUND = 6
    UNAUTHORIZED = 7
    UNSUBSCRIBED = 8
    TOO_MANY_REQUESTS = 9
    RATE_LIMIT = 10
    MESSAGE_ERROR = 11
    REQUEST_ERROR = 12


class Observation(BaseModel):
    """The result of one tool call, errors included (errors are observations, never exceptions).

    ``status_code`` follows ToolBench: 0 success, 1 hallucinated function name, 2 bad arguments,
    3 a Finish with give_answer, 4 give_up_and_restart, 5-12 the server-side error classes.

    ``backend`` names what answered (``local``, ``schema``, ``cache``, ``virtual:simulator`` ...) and
    ``category`` / ``tool_name`` / ``api_name`` the API the function name resolved to (ToolBench's doc
    names; empty for Finish and unknown names), so that the store can record every call.
    """

    text: str
    status_code: int = 0
    latency_s: float = 0.0
    cache_hit: bool = False
    backend: str = ""
    category: str = ""
    tool_name: str = ""
    api_name: str = ""
