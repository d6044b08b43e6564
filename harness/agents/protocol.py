"""What passes between the harness and an agent under test (documented in docs/agents.md).

A command agent gets an :class:`AgentRequest` as one JSON object on stdin (and its main fields in
``HARNESS_*`` environment variables) and may print an :class:`AgentReply` as the last line of its
stdout. An HTTP agent gets the request as the body of a POST and answers with the reply as JSON.
The request is built from an ``AgentQuery``, so it has no field that could carry the gold.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL = "toolharness-agent/1"

# Environment variables a command agent also finds its request in.
ENV_MCP_URL = "HARNESS_MCP_URL"
ENV_QUERY = "HARNESS_QUERY"
ENV_QUERY_ID = "HARNESS_QUERY_ID"
ENV_REQUEST = "HARNESS_AGENT_REQUEST"  # the whole request as JSON

# `_meta` keys of a tools/call: the agent's reasoning before the call, and the observation's status code.
META_THOUGHT = "toolharness/thought"
META_STATUS = "toolharness/status_code"

# Characters of an agent's stdout and stderr kept: enough for a reply, bounded against a flood.
MAX_OUTPUT_CHARS = 1_000_000


class AgentInfo(BaseModel):
    """Who the agent is: its name, version and the model behind it, when it says."""

    model_config = ConfigDict(extra="ignore")

    name: str | None = None
    version: str | None = None
    model: str | None = None


class AgentRequest(BaseModel):
    """One episode as the agent receives it. ``describe`` asks only for an :class:`AgentInfo`."""

    protocol: str = PROTOCOL
    describe: bool = False
    query_id: str = ""
    query: str = ""
    group: str | None = None
    mcp_url: str = ""
    max_calls: int | None = None  # tool calls the session answers, Finish included
    wall_time_s: float | None = None


class AgentReply(BaseModel):
    """What the agent may answer with; every field is optional.

    ``answer`` counts when the agent made no ``Finish`` call; ``thoughts`` are its reasoning not
    attached to a call; ``error`` is a failure the agent reports itself.
    """

    model_config = ConfigDict(extra="ignore")

    answer: str | None = None
    thoughts: list[str] = Field(default_factory=list)
    error: str | None = None
    name: str | None = None
    version: str | None = None
    model: str | None = None

    def info(self) -> AgentInfo:
        """The identity fields of the reply."""
        return AgentInfo(name=self.name, version=self.version, model=self.model)


class AgentSettings(BaseModel):
    """An external agent as the system under test: how to reach it (``--agent``) and who it is."""

    target: str  # a command line or an http(s) URL
    name: str
    version: str | None = None
    model: str | None = None

    def spec_entry(self, kind: str) -> dict[str, Any]:
        """What the RunSpec's ``agent`` key records."""
        return {"name": self.name, "version": self.version, "model": self.model, "kind": kind}
