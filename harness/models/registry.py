"""Model names: what each one is, what it needs, and how it is built.

``load_model(name, args)`` is the only way the rest of the harness gets a model. It checks what the
model needs (a key, weights, an extra) before returning, so that a run fails with one clear line
before its first episode rather than in the middle.

Entries live in :data:`MODELS` (see :mod:`harness.registry`). A builder is called as
``build(target, args)``: ``target`` is the part after a family's colon (``openai:<model>``) or the
entry's ``default``, and ``args`` an :class:`~harness.models.args.ArgReader` over the ``-M``
arguments. An entry registered with ``reads_gold=True`` (the oracle) is also given the run's
:data:`~harness.types.query.GoldBook` as ``gold=``; no other model ever receives gold. Builders import
their adapters inside, so listing models imports no vendor SDK and no torch. A plugin registers a
model with an entry point in ``toolharness.models`` whose object is such a builder.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from harness.models.args import ArgReader
from harness.models.base import ModelAdapter, ModelError
from harness.models.providers import ANTHROPIC_API_KEY_ENV, OPENAI_API_KEY_ENV, TEXT_MODEL_WEIGHTS
from harness.registry import Entry, Registry, UnknownComponent, record
from harness.types.query import GoldBook
from harness.types.runspec import without_secrets

MODELS = Registry("model", "models")


@dataclass(frozen=True)
class ModelSpec:
    """One entry as ``harness ls models`` shows it. ``name`` ends in ``:`` for a family."""

    name: str
    adapter: str
    default: str  # model id, weights, or "" for offline agents
    needs: str  # what the user must provide, in words
    description: str
    source: str
    ready: Callable[[], bool]

    @property
    def display_name(self) -> str:
        """``openai:<model>`` for families, the plain name otherwise."""
        return f"{self.name}<{'path' if self.adapter == 'hf' else 'model'}>" if self.name.endswith(":") else self.name


def _env_set(variable: str) -> Callable[[], bool]:
    return lambda: bool(os.environ.get(variable))


def _extra_installed(module: str) -> Callable[[], bool]:
    return lambda: importlib.util.find_spec(module) is not None


def _always() -> bool:
    return True


def spec_of(entry: Entry) -> ModelSpec:
    """The listing view of a registry entry (plugins say only what their entry point says)."""
    info = entry.info
    return ModelSpec(
        name=entry.name,
        adapter=str(info.get("adapter", entry.name.rstrip(":"))),
        default=str(info.get("default", "")),
        needs=str(info.get("needs", "")),
        description=entry.description,
        source=entry.source,
        ready=info.get("ready", _always),
    )


# -- built-in entries: each builder imports its adapter only when called --------------------------


def _build_scripted(_: str, args: ArgReader) -> ModelAdapter:
    from harness.models.scripted import ScriptedModel

    return ScriptedModel(name=args.model)


def _build_oracle(_: str, args: ArgReader, *, gold: GoldBook) -> ModelAdapter:
    from harness.models.oracle import OracleAgent

    return OracleAgent(gold, name=args.model)


def _build_baseline(_: str, args: ArgReader) -> ModelAdapter:
    from harness.models.baseline.agent import BaselineAgent

    return BaselineAgent(name=args.model, max_calls=args.integer("max_calls", 5, minimum=1))


def _hosted(provider: str, tool_format: str) -> Callable[[str, ArgReader], ModelAdapter]:
    def build(target: str, args: ArgReader) -> ModelAdapter:
        from harness.models import hosted

        builder = hosted.build_openai if provider == "openai" else hosted.build_anthropic
        return builder(target, args, tool_format)

    return build


def _text(format_name: str) -> Callable[[str, ArgReader], ModelAdapter]:
    def build(_: str, args: ArgReader) -> ModelAdapter:
        from harness.models.local import build_text_model

        return build_text_model(format_name, args)

    return build


def _build_hf(target: str, args: ArgReader) -> ModelAdapter:
    from harness.models.local import build_hf

    return build_hf(target, args)


_OPENAI_NEEDS = f"${OPENAI_API_KEY_ENV} (+ $OPENAI_BASE_URL or -M base_url for other servers)"
_ANTHROPIC_NEEDS = f"${ANTHROPIC_API_KEY_ENV} (+ $ANTHROPIC_BASE_URL or -M base_url for other servers)"


def _openai(name: str, model: str, description: str) -> None:
    needs = _OPENAI_NEEDS if model or name.endswith(":") else _OPENAI_NEEDS + "; -M model=<id>"
    MODELS.add(
        name,
        _hosted("openai", "native"),
        description,
        adapter="openai",
        default=model,
        needs=needs,
        ready=_env_set(OPENAI_API_KEY_ENV),
    )


def _anthropic(name: str, model: str, description: str, tool_format: str = "native") -> None:
    needs = _ANTHROPIC_NEEDS if model or name.endswith(":") else _ANTHROPIC_NEEDS + "; -M model=<id>"
    adapter = "anthropic" if tool_format == "native" else f"anthropic+{tool_format} text"
    MODELS.add(
        name,
        _hosted("anthropic", tool_format),
        description,
        adapter=adapter,
        default=model,
        needs=needs,
        ready=_env_set(ANTHROPIC_API_KEY_ENV),
    )


def _text_model(name: str, description: str) -> None:
    weights = TEXT_MODEL_WEIGHTS[name]
    needs = f"weights: -M path=... or ${weights.env}, + the hf extra (or -M backend=vllm / -M base_url=...)"
    has_weights, has_extra = _env_set(weights.env), _extra_installed("transformers")
    MODELS.add(
        name,
        _text(name),
        description,
        adapter=f"hf+{name} format",
        default=weights.hub_id,
        needs=needs,
        ready=lambda: has_weights() and has_extra(),
    )


_openai("chatgpt", "gpt-3.5-turbo-16k-0613", "ChatGPT as in the ToolLLM paper; -M model=... for another snapshot")
_openai("gpt-4", "gpt-4", "GPT-4 as in the ToolLLM paper")
_openai("gpt-4o", "gpt-4o", "GPT-4o")
_openai("openai", "", "any OpenAI-compatible server (vllm serve, SGLang, llama.cpp, Ollama)")
_openai("openai:", "", "a model id on an OpenAI-compatible server")
# Claude 2 predates tool use in the Messages API, so it is prompted in ReAct text form.
_anthropic("claude-2", "claude-2.0", "Claude 2 as in the ToolLLM paper (ReAct in text)", "react")
_anthropic("claude", "claude-sonnet-4-5", "a current Claude model; -M model=... for another")
_anthropic("anthropic", "", "any Anthropic Messages API endpoint")
_anthropic("anthropic:", "", "a model id on the Anthropic Messages API")
_text_model("toolllama", "ToolLLaMA-2-7b-v2 in ToolBench's format (-M style=toolbench|stabletoolbench|train)")
_text_model("vicuna", "Vicuna (v1.1 chat layout) with the ReAct tool format")
_text_model("alpaca", "Alpaca (instruction layout) with the ReAct tool format")
MODELS.add(
    "hf:",
    _build_hf,
    "a local transformers model (folder, or hub id when online); -M backend=vllm for vLLM",
    adapter="hf",
    needs="the hf extra (pip install -e '.[hf]'); -M format=chat|toolllama|vicuna|alpaca",
    ready=_extra_installed("transformers"),
)
MODELS.add(
    "baseline",
    _build_baseline,
    "offline agent without an LLM (similarity + argument filling)",
    adapter="baseline",
    needs="nothing",
)
MODELS.add(
    "oracle",
    _build_oracle,
    "follows each query's gold call path: an upper bound and a check of the tool world",
    adapter="oracle",
    needs="queries with gold (the sandbox suites)",
    reads_gold=True,
)
MODELS.add("scripted", _build_scripted, "replays given outputs (for tests)", adapter="scripted", needs="nothing")


# -- the API the rest of the harness uses ----------------------------------------------------------


def find_spec(name: str) -> tuple[ModelSpec, str]:
    """The entry for ``name`` and the part after a family's colon (else the entry's default)."""
    try:
        entry, target = MODELS.resolve(name)
    except UnknownComponent as exc:
        raise ModelError(str(exc)) from None
    spec = spec_of(entry)
    return spec, target if entry.family else spec.default


def load_model(
    name: str, args: dict[str, str], *, gold: GoldBook | None = None, concurrency: int | None = None
) -> ModelAdapter:
    """Build the model called ``name`` with its ``-M`` arguments, or raise ``ModelError`` with one
    line naming what is missing (environment variable, weights path or extra) or what is wrong.

    ``gold`` reaches only a model registered to read it (the oracle), which cannot run without it.
    ``concurrency`` is the run's episodes in flight: a provider's in-flight bound follows it unless
    ``-M concurrency=N`` says otherwise (``ArgReader.run_concurrency``, ``wrapper.in_flight_bound``).
    """
    try:
        entry, family_target = MODELS.resolve(name)
    except UnknownComponent as exc:
        raise ModelError(str(exc)) from None
    target = family_target if entry.family else str(entry.info.get("default", ""))
    reader = ArgReader(name, args, run_concurrency=concurrency)
    builder = entry.load()
    extra: dict[str, Any] = {}
    if entry.info.get("reads_gold"):
        if gold is None:
            raise ModelError(f"model {name} follows each query's gold, and the queries given have none")
        extra["gold"] = gold
    model = builder(target, reader, **extra)
    if not isinstance(model, ModelAdapter):
        raise ModelError(f"model {name!r} ({entry.source}) built {type(model).__name__}, which has no generate()")
    reader.finish()
    record(model, MODELS.kind, name, without_secrets(args))
    return model


def list_models() -> list[ModelSpec]:
    """Every registry entry, in display order (built-in, then plugins)."""
    return [spec_of(entry) for entry in MODELS.entries()]
