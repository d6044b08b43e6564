"""A model without native tool calling: a prompt format on top of a text-completion backend."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from harness.models.base import GenerateConfig, ModelOutput, Usage
from harness.models.formats import PromptFormat, read_reply
from harness.types.messages import Function, Message


@dataclass
class Completion:
    """What a backend generated for one prompt."""

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class TextBackend(Protocol):
    """Continues a prompt: a local transformers model, an in-process vLLM engine, or a server's
    Completions endpoint."""

    async def complete(self, prompt: str, config: GenerateConfig, stop: list[str]) -> Completion:
        """The continuation of ``prompt``, ending before any of ``stop`` (when the backend can)."""
        ...


def cut_at_stop(text: str, stop: list[str]) -> str:
    """``text`` up to the first stop string; backends that cannot stop on strings overshoot."""
    cut = len(text)
    for marker in stop:
        if marker:
            at = text.find(marker)
            if 0 <= at < cut:
                cut = at
    return text[:cut]


class TextFormatAdapter:
    """Renders the conversation with ``prompt_format``, lets ``backend`` continue it, and reads the
    continuation back into one assistant message (a reply without a readable action comes back as
    plain content with ``extra['parse_error']``)."""

    def __init__(self, backend: TextBackend, prompt_format: PromptFormat, name: str) -> None:
        self.backend = backend
        self.format = prompt_format
        self.name = name

    async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        prompt = self.format.render(messages, functions)
        stop = [*self.format.stop, *config.stop]
        completion = await self.backend.complete(prompt, config, stop)
        text = cut_at_stop(completion.text, stop)
        message, extra = read_reply(text)
        usage = Usage(prompt_tokens=completion.prompt_tokens, completion_tokens=completion.completion_tokens)
        return ModelOutput(message=message, usage=usage, raw_text=text, extra={**completion.extra, **extra})

    async def aclose(self) -> None:
        closer = getattr(self.backend, "aclose", None)
        if closer is not None:
            await closer()
