"""Building the hosted-API models (OpenAI-compatible servers, Anthropic) from ``-M`` arguments."""

from __future__ import annotations

from harness.models.anthropic_messages import DEFAULT_MAX_TOKENS, AnthropicAdapter, anthropic_client
from harness.models.args import ArgReader
from harness.models.base import ModelAdapter, ModelError
from harness.models.openai_chat import TOOL_APIS, OpenAIChatAdapter, openai_client
from harness.models.react_chat import TOOL_FORMATS, ReActChatAdapter
from harness.models.wrapper import WrapDefaults, wrap_model


def _model_id(model: str, args: ArgReader, family: str) -> str:
    model = args.text("model", model) or model
    if not model:
        raise ModelError(f"model {args.model} needs a model id: -M model=<id> (or use {family}:<id>)")
    return model


def _finish(
    adapter: OpenAIChatAdapter | AnthropicAdapter, args: ArgReader, provider: str, tool_format: str
) -> ModelAdapter:
    """The adapter, in ReAct text form when asked, inside the wrapper."""
    chosen = args.choice("tool_format", TOOL_FORMATS, tool_format)
    identity = {**adapter.identity, "tool_format": chosen}
    outer: ModelAdapter = ReActChatAdapter(adapter, args.model) if chosen == "react" else adapter
    return wrap_model(outer, args, identity, WrapDefaults(provider=provider, price_model=adapter.model))


def build_openai(model: str, args: ArgReader, tool_format: str = "native") -> ModelAdapter:
    """Chat Completions: ``-M base_url, api_key, model, tool_api, tool_format, platform`` (``azure``:
    ``azure_endpoint, api_version``) + wrapper args."""
    model = _model_id(model, args, "openai")
    client = openai_client(args)
    adapter = OpenAIChatAdapter(client, model, tool_api=args.choice("tool_api", TOOL_APIS, "tools"), name=args.model)
    return _finish(adapter, args, f"openai@{client.base_url}", tool_format)


def build_anthropic(model: str, args: ArgReader, tool_format: str = "native") -> ModelAdapter:
    """The Messages API: ``-M base_url, api_key, model, max_tokens, tool_format, platform`` (``bedrock``:
    ``aws_region``; ``vertex``: ``region, project_id, access_token``) + wrapper args."""
    model = _model_id(model, args, "anthropic")
    client = anthropic_client(args)
    max_tokens = args.integer("max_tokens", DEFAULT_MAX_TOKENS, minimum=1)
    adapter = AnthropicAdapter(client, model, max_tokens=max_tokens, name=args.model)
    return _finish(adapter, args, f"anthropic@{client.base_url}", tool_format)
