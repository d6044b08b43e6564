"""Model names: what each one is, what it needs, and how it is built.

``load_model(name, args)`` is the only way the rest of the harness gets a model. It checks what the
model needs (a key, weights, an extra) before returning, so that a run fails with one clear line
before its first episode rather than in the middle.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from dataclasses import dataclass

from harness.models.anthropic_messages import ANTHROPIC_API_KEY_ENV
from harness.models.args import ArgReader
from harness.models.base import ModelAdapter, ModelError
from harness.models.baseline.agent import BaselineAgent
from harness.models.hosted import build_anthropic, build_openai
from harness.models.local import TEXT_MODEL_WEIGHTS, build_hf, build_text_model
from harness.models.openai_chat import OPENAI_API_KEY_ENV
from harness.models.oracle import OracleAgent
from harness.models.scripted import ScriptedModel

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


def _extra_installed(module: str) -> Callable[[], bool]:
    return lambda: importlib.util.find_spec(module) is not None


def _build_scripted(_: str, args: ArgReader) -> ModelAdapter:
    return ScriptedModel(name=args.model)


def _build_oracle(_: str, args: ArgReader) -> ModelAdapter:
    return OracleAgent(name=args.model)


def _build_baseline(_: str, args: ArgReader) -> ModelAdapter:
    return BaselineAgent(name=args.model, max_calls=args.integer("max_calls", 5, minimum=1))


_OPENAI_NEEDS = f"${OPENAI_API_KEY_ENV} (+ $OPENAI_BASE_URL or -M base_url for other servers)"
_ANTHROPIC_NEEDS = f"${ANTHROPIC_API_KEY_ENV} (+ $ANTHROPIC_BASE_URL or -M base_url for other servers)"


def _text_model(name: str, description: str) -> ModelSpec:
    weights = TEXT_MODEL_WEIGHTS[name]
    needs = f"weights: -M path=... or ${weights.env}, + the hf extra (or -M backend=vllm / -M base_url=...)"

    def build(_: str, args: ArgReader) -> ModelAdapter:
        return build_text_model(name, args)

    def ready() -> bool:
        return _env_set(weights.env)() and _extra_installed("transformers")()

    return ModelSpec(name, f"hf+{name} format", weights.hub_id, needs, description, build, ready)


def _openai(name: str, model: str, description: str) -> ModelSpec:
    needs = _OPENAI_NEEDS if model or name.endswith(":") else _OPENAI_NEEDS + "; -M model=<id>"
    return ModelSpec(name, "openai", model, needs, description, build_openai, _env_set(OPENAI_API_KEY_ENV))


def _anthropic(name: str, model: str, description: str, tool_format: str = "native") -> ModelSpec:
    needs = _ANTHROPIC_NEEDS if model or name.endswith(":") else _ANTHROPIC_NEEDS + "; -M model=<id>"

    def build(target: str, args: ArgReader) -> ModelAdapter:
        return build_anthropic(target, args, tool_format)

    adapter = "anthropic" if tool_format == "native" else f"anthropic+{tool_format} text"
    return ModelSpec(name, adapter, model, needs, description, build, _env_set(ANTHROPIC_API_KEY_ENV))


REGISTRY: tuple[ModelSpec, ...] = (
    _openai("chatgpt", "gpt-3.5-turbo-16k-0613", "ChatGPT as in the ToolLLM paper; -M model=... for another snapshot"),
    _openai("gpt-4", "gpt-4", "GPT-4 as in the ToolLLM paper"),
    _openai("gpt-4o", "gpt-4o", "GPT-4o"),
    _openai("openai", "", "any OpenAI-compatible server (vllm serve, SGLang, llama.cpp, Ollama)"),
    _openai("openai:", "", "a model id on an OpenAI-compatible server"),
    # Claude 2 predates tool use in the Messages API, so it is prompted in ReAct text form.
    _anthropic("claude-2", "claude-2.0", "Claude 2 as in the ToolLLM paper (ReAct in text)", "react"),
    _anthropic("claude", "claude-sonnet-4-5", "a current Claude model; -M model=... for another"),
    _anthropic("anthropic", "", "any Anthropic Messages API endpoint"),
    _anthropic("anthropic:", "", "a model id on the Anthropic Messages API"),
    _text_model("toolllama", "ToolLLaMA-2-7b-v2 in ToolBench's format (-M style=toolbench|stabletoolbench|train)"),
    _text_model("vicuna", "Vicuna (v1.1 chat layout) with the ReAct tool format"),
    _text_model("alpaca", "Alpaca (instruction layout) with the ReAct tool format"),
    ModelSpec(
        "hf:",
        "hf",
        "",
        "the hf extra (pip install -e '.[hf]'); -M format=chat|toolllama|vicuna|alpaca",
        "a local transformers model (folder, or hub id when online); -M backend=vllm for vLLM",
        build_hf,
        _extra_installed("transformers"),
    ),
    ModelSpec(
        "baseline",
        "baseline",
        "",
        "nothing",
        "offline agent without an LLM (similarity + argument filling)",
        _build_baseline,
    ),
    ModelSpec(
        "oracle",
        "oracle",
        "",
        "queries with gold (the sandbox suites)",
        "follows each query's gold call path: an upper bound and a check of the tool world",
        _build_oracle,
    ),
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
