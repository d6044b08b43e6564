"""What a tool environment returns for one call."""

from __future__ import annotations

from pydantic import BaseModel


class Observation(BaseModel):
    """The result of one tool call, errors included (errors are observations, never exceptions).

    ``status_code`` follows ToolBench: 0 success, 1 hallucinated function name, 2 bad arguments,
    3 a Finish with give_answer, 4 give_up_and_restart, 5-12 the server-side error classes.
    """

    text: str
    status_code: int = 0
    latency_s: float = 0.0
    cache_hit: bool = False
