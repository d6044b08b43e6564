"""Anthropic's Messages API with native tool use (tool_use / tool_result blocks), through the
official ``anthropic`` SDK: at Anthropic or any base URL, on Amazon Bedrock or on Google Vertex AI."""

from __future__ import annotations

import json
import os
from typing import Any

from harness.models.args import ArgReader
from harness.models.base import GenerateConfig, ModelError, ModelOutput
from harness.models.providers import ANTHROPIC_API_KEY_ENV
from harness.models.retry import RetryableError
from harness.models.sdk import SdkClient, missing_sdk_part, require_module, shared_client
from harness.models.wire import assistant_output, is_skipped, read_usage
from harness.models.wrapper import WrapDefaults, in_flight_bound
from harness.types.messages import Function, Message, ToolCall

ANTHROPIC_BASE_URL_ENV = "ANTHROPIC_BASE_URL"
DEFAULT_ANTHROPIC_BASE_URL = "https://api.anthropic.com"
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


BEDROCK_TOKEN_ENV = "AWS_BEARER_TOKEN_BEDROCK"
VERTEX_REGION_ENV = "CLOUD_ML_REGION"
VERTEX_PROJECT_ENV = "ANTHROPIC_VERTEX_PROJECT_ID"
VERTEX_HINT = "-M access_token or the Google credentials"
PLATFORMS = ("anthropic", "bedrock", "vertex")


def anthropic_client(args: ArgReader) -> SdkClient:
    """The SDK client for ``-M platform=anthropic`` (the Messages API at Anthropic or any base URL),
    ``bedrock`` (Amazon Bedrock) or ``vertex`` (Google Vertex AI).

    Anthropic: as in the SDK, the base URL from ``-M base_url``, else ``$ANTHROPIC_BASE_URL``, else
    Anthropic's (without ``/v1``); the key from ``-M api_key``, else ``$ANTHROPIC_API_KEY``.
    Bedrock: ``-M aws_region`` (or ``$AWS_REGION``) and a Bedrock API key (``-M api_key`` or
    ``$AWS_BEARER_TOKEN_BEDROCK``) or AWS credentials (``anthropic[bedrock]``). Vertex: ``-M region``
    (or ``$CLOUD_ML_REGION``), ``-M project_id`` (or ``$ANTHROPIC_VERTEX_PROJECT_ID``) and ``-M
    access_token`` or Google credentials (``anthropic[vertex]``)."""
    platform = args.choice("platform", PLATFORMS, "anthropic")
    pool = in_flight_bound(args, WrapDefaults(provider="anthropic"))  # as many connections as calls in flight
    if platform == "bedrock":
        return _bedrock_client(args, pool)
    if platform == "vertex":
        return _vertex_client(args, pool)
    url = (args.text("base_url") or os.environ.get(ANTHROPIC_BASE_URL_ENV) or DEFAULT_ANTHROPIC_BASE_URL).rstrip("/")
    url = url.removesuffix("/v1")  # a URL given the OpenAI way still works
    key = args.text("api_key") or os.environ.get(ANTHROPIC_API_KEY_ENV)
    if not key:
        raise ModelError(f"model {args.model} needs ${ANTHROPIC_API_KEY_ENV} (or -M api_key=...)")

    def make(http: Any) -> Any:
        import anthropic

        return anthropic.AsyncAnthropic(
            api_key=key, base_url=url, max_retries=0, http_client=http, timeout=http.timeout
        )

    return shared_client(
        {"platform": "anthropic", "url": url, "key": key},
        lambda: SdkClient("anthropic", make, url, [key], "Anthropic API", f"${ANTHROPIC_API_KEY_ENV}", pool, fast=True),
    )


def _bedrock_client(args: ArgReader, pool: int) -> SdkClient:
    region = args.text("aws_region") or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if not region:
        raise ModelError(f"model {args.model} on Bedrock needs -M aws_region=... or $AWS_REGION")
    token = args.text("api_key") or os.environ.get(BEDROCK_TOKEN_ENV)
    if not token:
        require_module("botocore", lambda: missing_sdk_part("anthropic", "Bedrock with AWS credentials", "bedrock"))
    url = args.text("base_url") or f"https://bedrock-runtime.{region}.amazonaws.com"

    def make(http: Any) -> Any:
        import anthropic

        return anthropic.AsyncAnthropicBedrock(
            aws_region=region, api_key=token, base_url=url, max_retries=0, http_client=http, timeout=http.timeout
        )

    hint = f"${BEDROCK_TOKEN_ENV} or the AWS credentials"
    return shared_client(
        {"platform": "bedrock", "url": url, "key": token},
        lambda: SdkClient("anthropic", make, url, [token or ""], "Anthropic on Bedrock", hint, pool),
    )


def _vertex_client(args: ArgReader, pool: int) -> SdkClient:
    region = args.text("region") or os.environ.get(VERTEX_REGION_ENV)
    project = args.text("project_id") or os.environ.get(VERTEX_PROJECT_ENV)
    missing = [
        what
        for what, value in (
            (f"-M region=... or ${VERTEX_REGION_ENV}", region),
            (f"-M project_id=... or ${VERTEX_PROJECT_ENV}", project),
        )
        if not value
    ]
    if missing or region is None or project is None:
        raise ModelError(f"model {args.model} on Vertex AI needs {'; '.join(missing)}")
    token = args.text("access_token")
    if not token:
        require_module(
            "google.auth", lambda: missing_sdk_part("anthropic", "Vertex AI without -M access_token", "vertex")
        )
    host = "aiplatform.googleapis.com" if region == "global" else f"{region}-aiplatform.googleapis.com"
    url = args.text("base_url") or f"https://{host}/v1"

    def make(http: Any) -> Any:
        import anthropic

        return anthropic.AsyncAnthropicVertex(
            region=region,
            project_id=project,
            access_token=token,
            base_url=url,
            max_retries=0,
            http_client=http,
            timeout=http.timeout,
        )

    return shared_client(
        {"platform": "vertex", "url": url, "project": project, "key": token},
        lambda: SdkClient("anthropic", make, url, [token or ""], "Anthropic on Vertex AI", VERTEX_HINT, pool),
    )


class AnthropicAdapter:
    """One Messages request per turn; the function list goes as native tools."""

    def __init__(self, client: SdkClient, model: str, max_tokens: int = DEFAULT_MAX_TOKENS, name: str | None = None):
        self.client = client
        self.model = model
        self.max_tokens = max_tokens
        self.name = name or f"anthropic:{model}"

    @property
    def identity(self) -> dict[str, Any]:
        """What answers: for the cache key and the provider's concurrency bound."""
        identity = {"adapter": "anthropic", "base_url": self.client.base_url, "model": self.model}
        if self.client.provider != "Anthropic API":  # Bedrock or Vertex; the Messages API keeps its old identity
            identity["platform"] = self.client.provider
        return identity

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
