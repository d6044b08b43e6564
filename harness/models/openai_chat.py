"""OpenAI Chat Completions with native tool calling, through the official ``openai`` SDK, for any
OpenAI-compatible server (OpenAI itself, Azure OpenAI, ``vllm serve``, SGLang, llama.cpp's server,
Ollama ...)."""

from __future__ import annotations

import json
import os
from typing import Any

from harness.models.args import ArgReader
from harness.models.base import GenerateConfig, ModelError, ModelOutput
from harness.models.providers import OPENAI_API_KEY_ENV
from harness.models.retry import RetryableError
from harness.models.sdk import SdkClient, shared_client
from harness.models.wire import assistant_output, is_skipped, read_usage
from harness.models.wrapper import WrapDefaults, in_flight_bound
from harness.types.messages import Function, Message, ToolCall

OPENAI_BASE_URL_ENV = "OPENAI_BASE_URL"
DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1"
# ``tools`` is the current API; ``functions`` is the 2023 one ToolBench's ChatGPT runs used, which
# some older servers still speak.
TOOL_APIS = ("tools", "functions")


def _call_id(index: int) -> str:
    return f"call_{index}"


def messages_to_openai(messages: list[Message], tool_api: str = "tools") -> list[dict[str, Any]]:
    """Our messages in Chat Completions form.

    Tool calls without an id (ToolBench transcripts have none) get ``call_<message index>``, and a
    tool message without ``tool_call_id`` answers the latest call, so any transcript is accepted.
    """
    out: list[dict[str, Any]] = []
    last_call_id: str | None = None
    for index, message in enumerate(messages):
        if is_skipped(message):
            continue
        if message.role in ("system", "user"):
            out.append({"role": message.role, "content": message.content or ""})
        elif message.role == "assistant":
            entry: dict[str, Any] = {"role": "assistant", "content": message.content or None}
            call = message.tool_call
            if call is not None and tool_api == "functions":
                entry["function_call"] = {"name": call.name, "arguments": call.arguments}
            elif call is not None:
                last_call_id = call.id or _call_id(index)
                entry["tool_calls"] = [
                    {
                        "id": last_call_id,
                        "type": "function",
                        "function": {"name": call.name, "arguments": call.arguments},
                    }
                ]
            if entry["content"] is None and call is None:
                entry["content"] = ""
            out.append(entry)
        elif tool_api == "functions":
            out.append({"role": "function", "name": message.name or "", "content": message.content or ""})
        else:
            call_id = message.tool_call_id or last_call_id or _call_id(index)
            out.append({"role": "tool", "tool_call_id": call_id, "content": message.content or ""})
    return out


def functions_to_openai(functions: list[Function], tool_api: str = "tools") -> list[dict[str, Any]]:
    """Function schemas as sent; ToolBench's extra keys (``optional``, ``example_value``) go along
    unchanged, as they did in ToolBench's own requests."""
    if tool_api == "functions":
        return [f.model_dump() for f in functions]
    return [{"type": "function", "function": f.model_dump()} for f in functions]


def _tool_call(raw: dict[str, Any]) -> ToolCall | None:
    function = raw.get("function", raw)
    if not isinstance(function, dict) or not isinstance(function.get("name"), str):
        return None
    arguments = function.get("arguments", "")
    if not isinstance(arguments, str):  # some servers (Ollama) send an object
        arguments = json.dumps(arguments, ensure_ascii=False)
    # ChatGPT sometimes prefixes a namespace ("functions.x"); ToolBench keeps the last part.
    name = function["name"].split(".")[-1]
    call_id = raw.get("id") if isinstance(raw.get("id"), str) else None
    return ToolCall(name=name, arguments=arguments, id=call_id)


def output_from_openai(body: dict[str, Any]) -> ModelOutput:
    """The first choice of a Chat Completions reply; a second or later tool call is kept in
    ``extra['dropped_tool_calls']`` since a step holds one call."""
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise RetryableError("reply has no choices")
    message = choices[0].get("message")
    if not isinstance(message, dict):
        raise RetryableError("reply's first choice has no message")
    raw_calls = message.get("tool_calls") or []
    if not raw_calls and isinstance(message.get("function_call"), dict):
        raw_calls = [{"function": message["function_call"]}]
    calls = [c for c in (_tool_call(r) for r in raw_calls if isinstance(r, dict)) if c is not None]
    content = message.get("content")
    usage = read_usage(body, "prompt_tokens", "completion_tokens")
    return assistant_output(content if isinstance(content, str) else "", calls, usage, choices[0].get("finish_reason"))


def sampling_body(config: GenerateConfig) -> dict[str, Any]:
    """The sampling fields both OpenAI endpoints share."""
    body: dict[str, Any] = {"temperature": config.temperature}
    if config.top_p is not None:
        body["top_p"] = config.top_p
    if config.max_tokens is not None:
        body["max_tokens"] = config.max_tokens
    if config.stop:
        body["stop"] = list(config.stop)
    if config.seed is not None:
        body["seed"] = config.seed
    return body


def forced_call(name: str, tool_api: str = "tools") -> dict[str, Any]:
    """The request field that makes the model call function ``name``."""
    if tool_api == "functions":
        return {"function_call": {"name": name}}
    return {"tool_choice": {"type": "function", "function": {"name": name}}}


AZURE_KEY_ENV = "AZURE_OPENAI_API_KEY"
AZURE_ENDPOINT_ENV = "AZURE_OPENAI_ENDPOINT"
AZURE_TOKEN_ENV = "AZURE_OPENAI_AD_TOKEN"
AZURE_VERSION_ENV = "OPENAI_API_VERSION"
PLATFORMS = ("openai", "azure")


def openai_client(args: ArgReader) -> SdkClient:
    """The SDK client for ``-M platform=openai`` (any OpenAI-compatible server) or ``azure``.

    OpenAI-compatible: like the SDK, the base URL comes from ``-M base_url``, else ``$OPENAI_BASE_URL``,
    else OpenAI's; the key from ``-M api_key``, else ``$OPENAI_API_KEY``, and one is required (any
    value works for a local server that checks none). Azure OpenAI: ``-M azure_endpoint`` (or
    ``base_url``, ``$AZURE_OPENAI_ENDPOINT``), ``-M api_version`` (or ``$OPENAI_API_VERSION``), the key
    from ``-M api_key`` or ``$AZURE_OPENAI_API_KEY`` (or an Entra ID token in ``$AZURE_OPENAI_AD_TOKEN``);
    the model id names the deployment."""
    platform = args.choice("platform", PLATFORMS, "openai")
    pool = in_flight_bound(args, WrapDefaults(provider="openai"))  # as many connections as calls in flight
    if platform == "azure":
        return _azure_client(args, pool)
    url = args.text("base_url") or os.environ.get(OPENAI_BASE_URL_ENV) or DEFAULT_OPENAI_BASE_URL
    key = args.text("api_key") or os.environ.get(OPENAI_API_KEY_ENV)
    if not key:
        raise ModelError(
            f"model {args.model} needs ${OPENAI_API_KEY_ENV} (for a local server without keys any value works, "
            f"e.g. {OPENAI_API_KEY_ENV}=x)"
        )

    def make(http: Any) -> Any:
        import openai

        return openai.AsyncOpenAI(api_key=key, base_url=url, max_retries=0, http_client=http, timeout=http.timeout)

    return shared_client(
        {"platform": "openai", "url": url, "key": key},
        lambda: SdkClient(
            "openai", make, url, [key], "OpenAI-compatible server", f"${OPENAI_API_KEY_ENV}", pool, fast=True
        ),
    )


def _azure_client(args: ArgReader, pool: int) -> SdkClient:
    endpoint = args.text("azure_endpoint") or args.text("base_url") or os.environ.get(AZURE_ENDPOINT_ENV)
    version = args.text("api_version") or os.environ.get(AZURE_VERSION_ENV)
    key = args.text("api_key") or os.environ.get(AZURE_KEY_ENV)
    token = None if key else os.environ.get(AZURE_TOKEN_ENV)
    missing = [
        what
        for what, value in (
            (f"-M azure_endpoint=https://NAME.openai.azure.com or ${AZURE_ENDPOINT_ENV}", endpoint),
            (f"-M api_version=... or ${AZURE_VERSION_ENV}", version),
            (f"${AZURE_KEY_ENV} (or -M api_key, or ${AZURE_TOKEN_ENV})", key or token),
        )
        if not value
    ]
    if missing:
        raise ModelError(f"model {args.model} on Azure OpenAI needs {'; '.join(missing)}")
    assert endpoint is not None

    def make(http: Any) -> Any:
        import openai

        return openai.AsyncAzureOpenAI(
            azure_endpoint=endpoint,
            api_version=version,
            api_key=key,
            azure_ad_token=token,
            max_retries=0,
            http_client=http,
            timeout=http.timeout,
        )

    secret = key or token or ""
    return shared_client(
        {"platform": "azure", "url": endpoint, "version": version, "key": secret},
        lambda: SdkClient("openai", make, endpoint, [secret], "Azure OpenAI", f"${AZURE_KEY_ENV}", pool),
    )


class OpenAIChatAdapter:
    """One Chat Completions request per turn; the function list goes as native tools."""

    def __init__(self, client: SdkClient, model: str, tool_api: str = "tools", name: str | None = None) -> None:
        self.client = client
        self.model = model
        self.tool_api = tool_api
        self.name = name or f"openai:{model}"

    @property
    def identity(self) -> dict[str, Any]:
        """What answers: for the cache key and the provider's concurrency bound."""
        identity = {"adapter": "openai", "base_url": self.client.base_url, "model": self.model}
        if self.client.provider == "Azure OpenAI":  # other servers keep the identity (and cache keys) they had
            identity["platform"] = "azure"
        return {**identity, "tool_api": self.tool_api}

    def request_body(
        self, messages: list[Message], functions: list[Function], config: GenerateConfig
    ) -> dict[str, Any]:
        """The JSON body of one request."""
        body: dict[str, Any] = {"model": self.model, "messages": messages_to_openai(messages, self.tool_api)}
        body.update(sampling_body(config))
        if functions:
            body[self.tool_api] = functions_to_openai(functions, self.tool_api)
        if functions and config.tool_choice:
            body.update(forced_call(config.tool_choice, self.tool_api))
        return body

    async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        reply = await self.client.post("/chat/completions", self.request_body(messages, functions, config))
        return output_from_openai(reply)

    async def aclose(self) -> None:
        await self.client.aclose()
