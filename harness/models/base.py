"""The one interface every model sits behind, and what it returns."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from harness.types.messages import Function, Message
from harness.types.query import AgentQuery


class GenerateConfig(BaseModel):
    """Sampling settings for one request.

    ``query`` is the agent's view of the episode's query (id, instruction, offered APIs, group; never
    the gold). LLM adapters never read it; offline agents (baseline, oracle) use it so that they need
    no prompt parsing to know the instruction and the API docs.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    temperature: float = 0.0
    top_p: float | None = None
    max_tokens: int | None = None
    stop: list[str] = Field(default_factory=list)
    seed: int | None = None
    query: AgentQuery | None = None
    # The name of one offered function the model must call (a judge's structured answer). Adapters
    # whose provider can force a call send it; others rely on the prompt asking for that call.
    tool_choice: str | None = None


class Usage(BaseModel):
    """Token counts as the provider reported them (or as the local tokenizer counted them)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )


class ModelOutput(BaseModel):
    """One generation: an assistant message with at most one tool call, plus accounting."""

    message: Message
    usage: Usage = Field(default_factory=Usage)
    latency_s: float = 0.0
    cost_usd: float = 0.0
    cached: bool = False
    # The provider's raw text for text-format models (ToolLLaMA, Vicuna, Alpaca), kept for transcripts.
    raw_text: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)


# Key in ModelOutput.extra set by text-format adapters (ToolLLaMA, Vicuna, Alpaca) when a reply could
# not be read as a tool call; the strategy turns it into an error observation the model sees.
PARSE_ERROR = "parse_error"
# With PARSE_ERROR: the arguments of a text reply whose Action names no function.
NAMELESS_CALL = "nameless_call_arguments"


class ModelError(Exception):
    """A model cannot be used at all (missing key, weights or extra). The message is one line that
    names what is missing and how to provide it; it never contains a secret."""


class ModelCallError(Exception):
    """One request failed for good: retries were exhausted (429, 5xx, timeouts, malformed bodies) or
    the provider refused the request itself (400: e.g. a prompt longer than the context). The model
    is still usable for other requests, so a strategy records this as the episode's error. The
    message is one line and never contains a secret."""


@runtime_checkable
class ModelAdapter(Protocol):
    """Anything that turns a conversation and a function list into one assistant turn."""

    name: str

    async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        """Return the next assistant message. Transport failures that survive retries raise; a reply
        that cannot be parsed into a tool call is returned as plain content, never raised."""
        ...
