"""A model that replays given outputs: deterministic agent-loop tests without an LLM."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from harness.models.base import GenerateConfig, ModelOutput, Usage
from harness.types.messages import Function, Message, ToolCall

Reply = ModelOutput | Message | ToolCall | str
Responder = Callable[[list[Message], list[Function], GenerateConfig], Reply]


def as_output(reply: Reply) -> ModelOutput:
    """Wrap a bare message, tool call or text into a ModelOutput."""
    if isinstance(reply, ModelOutput):
        return reply
    if isinstance(reply, Message):
        return ModelOutput(message=reply)
    if isinstance(reply, ToolCall):
        # As native tool-calling APIs do, a bare call comes without content (so without a thought).
        return ModelOutput(message=Message(role="assistant", content=None, tool_call=reply))
    return ModelOutput(message=Message(role="assistant", content=reply))


class ScriptedModel:
    """Replays ``script`` in order, or asks ``responder`` for each turn.

    Every request is kept in ``requests`` so tests can assert what the strategy sent. When the script
    runs out the model answers ``give_up`` through Finish, so a strategy bug shows up as a give-up
    rather than a hang. ``latency_s`` injects an async delay per call (for concurrency benchmarks).
    """

    def __init__(
        self,
        script: Sequence[Reply] = (),
        responder: Responder | None = None,
        name: str = "scripted",
        latency_s: float = 0.0,
        tokens_per_call: tuple[int, int] = (0, 0),
    ) -> None:
        self.name = name
        self._script = list(script)
        self._responder = responder
        self._latency_s = latency_s
        self._tokens = tokens_per_call
        self.requests: list[tuple[list[Message], list[Function], GenerateConfig]] = []

    async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        self.requests.append((list(messages), list(functions), config))
        if self._latency_s:
            await asyncio.sleep(self._latency_s)
        if self._responder is not None:
            reply: Reply = self._responder(messages, functions, config)
        elif self._script:
            reply = self._script.pop(0)
        else:
            reply = ToolCall(name="Finish", arguments='{"return_type": "give_up_and_restart"}')
        output = as_output(reply)
        if output.usage.total_tokens == 0 and any(self._tokens):
            usage = Usage(prompt_tokens=self._tokens[0], completion_tokens=self._tokens[1])
            output = output.model_copy(update={"usage": usage})
        output.latency_s = output.latency_s or self._latency_s
        return output
