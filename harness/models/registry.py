"""Model names: what each one is, what it needs, and how it is built.

``load_model(name, args)`` is the only way the rest of the harness gets a model. It checks what the
model needs (a key, weights, an extra) before returning, so that a run fails with one clear line
before its first episode rather than in the middle.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from harness.models.anthropic_messages import (
    ANTHROPIC_API_KEY_ENV,
    DEFAULT_MAX_TOKENS,
    AnthropicAdapter,
    anthropic_client,
)
from harness.models.args import ArgReader
from harness.models.base import ModelAdapter, ModelError
from harness.models.openai_chat import OPENAI_API_KEY_ENV, TOOL_APIS, OpenAIChatAdapter, openai_client
from harness.models.scripted import ScriptedModel
from harness.models.wrapper import WrapDefaults, wrap_model

Builder = Callable[[str, ArgReader], ModelAdapter]


@dataclass(frozen=True)
class ModelSpec:
    """One registry entry. ``name`` ends in ``:`` for a family (``openai:<model>``); ``build``
    receives what follows the colon (or the entry's default) and the ``-M`` arguments."""

    name: str
    adapter: str
    default: str  # model id, weights, or "" for offline agents
    needs: str  # what the user must provide, in words
    description: str
    build: Builder
    ready: Callable[[], bool] = lambda: True

    @property
    def display_name(self) -> str:
        """``openai:<model>`` for families, the plain name otherwise."""
        return f"{self.name}<{'path' if self.adapter == 'hf' else 'model'}>" if self.name.endswith(":") else self.name


def _env_set(variable: str) -> Callable[[], bool]:
    return lambda: bool(os.environ.get(variable))


def _build_openai(model: str, args: ArgReader) -> ModelAdapter:
    model = args.text("model", model) or model
    if not model:
        raise ModelError(f"model {args.model} needs a model id: -M model=<id> (or use openai:<id>)")
    client = openai_client(args.text("base_url"), args.text("api_key"), args.model)
    adapter = OpenAIChatAdapter(client, model, tool_api=args.choice("tool_api", TOOL_APIS, "tools"), name=args.model)
    defaults = WrapDefaults(provider=f"openai@{client.base_url}", price_model=model)
    return wrap_model(adapter, args, adapter.identity, defaults)


def _build_anthropic(model: str, args: ArgReader) -> ModelAdapter:
    model = args.text("model", model) or model
    if not model:
        raise ModelError(f"model {args.model} needs a model id: -M model=<id> (or use anthropic:<id>)")
    client = anthropic_client(args.text("base_url"), args.text("api_key"), args.model)
    max_tokens = args.integer("max_tokens", DEFAULT_MAX_TOKENS, minimum=1)
    adapter = AnthropicAdapter(client, model, max_tokens=max_tokens, name=args.model)
    defaults = WrapDefaults(provider=f"anthropic@{client.base_url}", price_model=model)
    return wrap_model(adapter, args, adapter.identity, defaults)


def _build_scripted(_: str, args: ArgReader) -> ModelAdapter:
    return ScriptedModel(name=args.model)


_OPENAI_NEEDS = f"${OPENAI_API_KEY_ENV} (+ $OPENAI_BASE_URL or -M base_url for other servers)"
_ANTHROPIC_NEEDS = f"${ANTHROPIC_API_KEY_ENV} (+ $ANTHROPIC_BASE_URL or -M base_url for other servers)"


def _openai(name: str, model: str, description: str) -> ModelSpec:
    needs = _OPENAI_NEEDS if model or name.endswith(":") else _OPENAI_NEEDS + "; -M model=<id>"
    return ModelSpec(name, "openai", model, needs, description, _build_openai, _env_set(OPENAI_API_KEY_ENV))


def _anthropic(name: str, model: str, description: str) -> ModelSpec:
    needs = _ANTHROPIC_NEEDS if model or name.endswith(":") else _ANTHROPIC_NEEDS + "; -M model=<id>"
    return ModelSpec(name, "anthropic", model, needs, description, _build_anthropic, _env_set(ANTHROPIC_API_KEY_ENV))


REGISTRY: tuple[ModelSpec, ...] = (
    _openai("chatgpt", "gpt-3.5-turbo-16k-0613", "ChatGPT as in the ToolLLM paper; -M model=... for another snapshot"),
    _openai("gpt-4", "gpt-4", "GPT-4 as in the ToolLLM paper"),
    _openai("gpt-4o", "gpt-4o", "GPT-4o"),
    _openai("openai", "", "any OpenAI-compatible server (vllm serve, SGLang, llama.cpp, Ollama)"),
    _openai("openai:", "", "a model id on an OpenAI-compatible server"),
    _anthropic("claude-2", "claude-2.0", "Claude 2 as in the ToolLLM paper"),
    _anthropic("claude", "claude-sonnet-4-5", "a current Claude model; -M model=... for another"),
    _anthropic("anthropic", "", "any Anthropic Messages API endpoint"),
    _anthropic("anthropic:", "", "a model id on the Anthropic Messages API"),
    ModelSpec("scripted", "scripted", "", "nothing", "replays given outputs (for tests)", _build_scripted),
)


def find_spec(name: str) -> tuple[ModelSpec, str]:
    """The entry for ``name`` and the part after a family's colon (else the entry's default)."""
    for spec in REGISTRY:
        if spec.name == name and not spec.name.endswith(":"):
            return spec, spec.default
    for spec in REGISTRY:
        if spec.name.endswith(":") and name.startswith(spec.name) and len(name) > len(spec.name):
            return spec, name[len(spec.name) :]
    raise ModelError(f"unknown model {name!r}: `harness ls models` lists the names")


def load_model(name: str, args: dict[str, str]) -> ModelAdapter:
    """Build the model called ``name`` with its ``-M`` arguments, or raise ``ModelError`` with one
    line naming what is missing (environment variable, weights path or extra) or what is wrong."""
    spec, target = find_spec(name)
    reader = ArgReader(name, args)
    model = spec.build(target, reader)
    reader.finish()
    return model


def list_models() -> list[ModelSpec]:
    """Every registry entry, in display order."""
    return list(REGISTRY)
