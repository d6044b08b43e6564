"""Text completion through a server's OpenAI Completions endpoint (``vllm serve``, SGLang,
llama.cpp, TGI ...): how a ToolLLaMA, Vicuna or Alpaca checkpoint served elsewhere is used."""

from __future__ import annotations

from typing import Any

from harness.models.base import GenerateConfig
from harness.models.openai_chat import sampling_body
from harness.models.retry import RetryableError
from harness.models.sdk import SdkClient
from harness.models.text_adapter import Completion
from harness.models.wire import read_usage

# ToolBench let ToolLLaMA write up to 512 new tokens per step.
DEFAULT_MAX_NEW_TOKENS = 512


class OpenAICompletionsBackend:
    """POSTs the rendered prompt to ``/completions``."""

    def __init__(self, client: SdkClient, model: str) -> None:
        self.client = client
        self.model = model

    @property
    def identity(self) -> dict[str, Any]:
        """What answers: for the cache key and the provider's concurrency bound."""
        return {"backend": "openai-completions", "base_url": self.client.base_url, "model": self.model}

    async def complete(self, prompt: str, config: GenerateConfig, stop: list[str]) -> Completion:
        body: dict[str, Any] = {"model": self.model, "prompt": prompt, **sampling_body(config)}
        body.setdefault("max_tokens", DEFAULT_MAX_NEW_TOKENS)
        if stop:
            body["stop"] = stop
        reply = await self.client.post("/completions", body)
        choices = reply.get("choices")
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
            raise RetryableError("reply has no choices")
        text = choices[0].get("text")
        if not isinstance(text, str):
            raise RetryableError("reply's first choice has no text")
        usage = read_usage(reply, "prompt_tokens", "completion_tokens")
        extra = {"finish_reason": choices[0].get("finish_reason")} if choices[0].get("finish_reason") else {}
        return Completion(text, usage.prompt_tokens, usage.completion_tokens, extra)

    async def aclose(self) -> None:
        await self.client.aclose()
