"""Anthropic's Messages API with native tool use (tool_use / tool_result blocks)."""

from __future__ import annotations

import json
import os
from typing import Any

from harness.models.base import GenerateConfig, ModelError, ModelOutput
from harness.models.http import JsonClient
from harness.models.providers import ANTHROPIC_API_KEY_ENV
from harness.models.retry import RetryableError
from harness.models.wire import assistant_output, is_skipped, read_usage
from harness.types.messages import Function, Message, ToolCall

ANTHROPIC_BASE_URL_ENV = "ANTHROPIC_BASE_URL"
DEFAULT_ANTHROPIC_BASE_URL = "https://api.anthropic.com"
ANTHROPIC_VERSION = "2023-06-01"
# The API requires max_tokens; ToolBench capped ChatGPT's replies at 1024 tokens, so the same here.
DEFAULT_MAX_TOKENS = 1024
_EMPTY_TURN = "(no content)"  # the API refuses empty text blocks and empty turns


def _tool_input(call: ToolCall) -> dict[str, Any]:
    """tool_use.input must be an object; a model's unparseable arguments travel under ``arguments``."""
    parsed = call.parsed_arguments()
    return parsed if parsed is not None else {"arguments": call.arguments}


def messages_to_anthropic(messages: list[Message]) -> tuple[str, list[dict[str, Any]]]:
    """(system prompt, turns). System messages join the top-level prompt; tool results become user
    turns with tool_result blocks; consecutive turns of one role are merged, since the API wants
    user and assistant to alternate. Calls without ids get ``toolu_<message index>``."""
    system: list[str] = []
    turns: list[dict[str, Any]] = []
    last_call_id: str | None = None

    def add(role: str, blocks: list[dict[str, Any]]) -> None:
        if turns and turns[-1]["role"] == role:
            turns[-1]["content"].extend(blocks)
        else:
            turns.append({"role": role, "content": blocks})

    for index, message in enumerate(messages):
        if is_skipped(message):
            continue
        text = message.content or ""
        if message.role == "system":
            system.append(text)
        elif message.role == "user":
            add("user", [{"type": "text", "text": text or _EMPTY_TURN}])
        elif message.role == "assistant":
            blocks: list[dict[str, Any]] = [{"type": "text", "text": text}] if text.strip() else []
            if message.tool_call is not None:
                last_call_id = message.tool_call.id or f"toolu_{index}"
                blocks.append(
                    {
                        "type": "tool_use",
                        "id": last_call_id,
                        "name": message.tool_call.name,
                        "input": _tool_input(message.tool_call),
                    }
                )
            add("assistant", blocks or [{"type": "text", "text": _EMPTY_TURN}])
        else:
            call_id = message.tool_call_id or last_call_id or f"toolu_{index}"
            add("user", [{"type": "tool_result", "tool_use_id": call_id, "content": text or _EMPTY_TURN}])
    return "\n\n".join(s for s in system if s), turns


def functions_to_anthropic(functions: list[Function]) -> list[dict[str, Any]]:
    """Function schemas as Anthropic tools (``input_schema`` is the JSON-schema parameters)."""
    return [{"name": f.name, "description": f.description, "input_schema": f.parameters} for f in functions]


def output_from_anthropic(body: dict[str, Any]) -> ModelOutput:
    """Text blocks joined as the content; the first tool_use as the call, later ones in ``extra``."""
    blocks = body.get("content")
    if not isinstance(blocks, list):
        raise RetryableError("reply has no content blocks")
    texts = [
        b["text"] for b in blocks if isinstance(b, dict) and b.get("type") == "text" and isinstance(b.get("text"), str)
    ]
    calls = [
        ToolCall(
            name=str(b.get("name", "")),
            arguments=json.dumps(b.get("input", {}), ensure_ascii=False),
            id=b.get("id") if isinstance(b.get("id"), str) else None,
        )
        for b in blocks
        if isinstance(b, dict) and b.get("type") == "tool_use"
    ]
    usage = read_usage(body, "input_tokens", "output_tokens")
    return assistant_output("".join(texts), calls, usage, body.get("stop_reason"))


def anthropic_client(base_url: str | None, api_key: str | None, label: str) -> JsonClient:
    """A client for the Messages API. As in the official SDK: the base URL from the argument, else
    ``$ANTHROPIC_BASE_URL``, else Anthropic's (without ``/v1``); the key from the argument, else
    ``$ANTHROPIC_API_KEY``."""
    url = (base_url or os.environ.get(ANTHROPIC_BASE_URL_ENV) or DEFAULT_ANTHROPIC_BASE_URL).rstrip("/")
    url = url.removesuffix("/v1")  # a URL given the OpenAI way still works
    key = api_key or os.environ.get(ANTHROPIC_API_KEY_ENV)
    if not key:
        raise ModelError(f"model {label} needs ${ANTHROPIC_API_KEY_ENV} (or -M api_key=...)")
    headers = {"x-api-key": key, "anthropic-version": ANTHROPIC_VERSION}
    return JsonClient(url, headers, secrets=[key], provider="Anthropic API", key_env=ANTHROPIC_API_KEY_ENV)


class AnthropicAdapter:
    """One Messages request per turn; the function list goes as native tools."""

    def __init__(self, client: JsonClient, model: str, max_tokens: int = DEFAULT_MAX_TOKENS, name: str | None = None):
        self.client = client
        self.model = model
        self.max_tokens = max_tokens
        self.name = name or f"anthropic:{model}"

    @property
    def identity(self) -> dict[str, Any]:
        """What answers: for the cache key and the provider's concurrency bound."""
        return {"adapter": "anthropic", "base_url": self.client.base_url, "model": self.model}

    def request_body(
        self, messages: list[Message], functions: list[Function], config: GenerateConfig
    ) -> dict[str, Any]:
        """The JSON body of one request."""
        system, turns = messages_to_anthropic(messages)
        body: dict[str, Any] = {
            "model": self.model,
            "max_tokens": config.max_tokens or self.max_tokens,
            "messages": turns,
            "temperature": config.temperature,
        }
        if system:
            body["system"] = system
        if config.top_p is not None:
            body["top_p"] = config.top_p
        if config.stop:
            body["stop_sequences"] = list(config.stop)
        if functions:
            body["tools"] = functions_to_anthropic(functions)
        if functions and config.tool_choice:
            body["tool_choice"] = {"type": "tool", "name": config.tool_choice}
        return body

    async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        reply = await self.client.post("/v1/messages", self.request_body(messages, functions, config))
        return output_from_anthropic(reply)

    async def aclose(self) -> None:
        await self.client.aclose()
