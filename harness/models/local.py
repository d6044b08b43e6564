"""Building models that run from weights: ToolLLaMA / Vicuna / Alpaca text formats and ``hf:<path>``,
on a local transformers model, an in-process vLLM engine, or a server's Completions endpoint.

``-M backend=hf|vllm|server`` picks where the text is generated (``server`` is implied by
``-M base_url``). Weights come from ``-M path=...`` or the model's environment variable
(``$HARNESS_TOOLLLAMA_PATH`` ...); a hub id works when the hub is reachable.
"""

from __future__ import annotations

import os
from typing import Any

from harness.models.args import ArgReader
from harness.models.base import ModelAdapter, ModelError
from harness.models.formats import FORMAT_NAMES, STYLES, PromptFormat, get_format
from harness.models.hf import CONTEXT_POLICIES, HF_EXTRA_HINT, require_extra, resolve_weights
from harness.models.openai_chat import openai_client
from harness.models.openai_completions import OpenAICompletionsBackend
from harness.models.providers import TEXT_MODEL_WEIGHTS
from harness.models.text_adapter import TextFormatAdapter
from harness.models.vllm_engine import require_vllm
from harness.models.wrapper import WrapDefaults, wrap_model

BACKENDS = ("hf", "vllm", "server")
DTYPES = ("auto", "float32", "bfloat16", "float16")


def _local_backend(kind: str, weights: str, args: ArgReader) -> Any:
    """A transformers or vLLM backend for ``weights`` (the extra was checked by the caller)."""
    context = args.integer("max_context", 0, minimum=0) or None
    policy = args.choice("context_policy", CONTEXT_POLICIES, "truncate")
    if kind == "vllm":
        from harness.models.vllm_engine import VLLMBackend

        tensor_parallel = args.integer("tensor_parallel", 1, minimum=1)
        return VLLMBackend(weights, max_context=context, context_policy=policy, tensor_parallel_size=tensor_parallel)
    from harness.models.hf import HFBackend

    return HFBackend(
        weights,
        device=args.text("device"),
        dtype=args.choice("dtype", DTYPES, "auto"),
        max_context=context,
        context_policy=policy,
        max_batch=args.integer("max_batch", 8, minimum=1),
    )


def _check_extra(kind: str, label: str) -> None:
    if kind == "hf":
        require_extra(("torch", "transformers"), "hf", HF_EXTRA_HINT, label)
    elif kind == "vllm":
        require_vllm(label)


def _wrap(adapter: TextFormatAdapter, backend: Any, args: ArgReader, fmt: PromptFormat) -> ModelAdapter:
    identity = {**backend.identity, "format": fmt.name, "style": getattr(fmt, "style", None)}
    if isinstance(backend, OpenAICompletionsBackend):
        defaults = WrapDefaults(provider=f"openai@{backend.client.base_url}")
    else:
        # Local engines batch what arrives together, so they want many requests in flight and
        # have no network to time out on.
        defaults = WrapDefaults(
            provider=f"{identity['backend']}@{backend.weights}", concurrency=64, timeout_s=None, batching=True
        )
    return wrap_model(adapter, args, identity, defaults)


def build_text_model(format_name: str, args: ArgReader) -> ModelAdapter:
    """``toolllama`` / ``vicuna`` / ``alpaca``: the named prompt format on the chosen backend."""
    fmt = get_format(format_name, args.choice("style", STYLES, "toolbench") if format_name == "toolllama" else "")
    kind = args.choice("backend", BACKENDS, "server" if args.has("base_url") else "hf")
    known = TEXT_MODEL_WEIGHTS[format_name]
    path = args.text("path") or os.environ.get(known.env)
    if kind == "server":
        client = openai_client(args)
        served = OpenAICompletionsBackend(client, args.text("model") or path or known.hub_id)
        return _wrap(TextFormatAdapter(served, fmt, args.model), served, args, fmt)
    if not path:
        extra = "" if kind != "hf" else f"; the hf backend also needs the hf extra ({HF_EXTRA_HINT})"
        raise ModelError(
            f"model {args.model} needs weights: -M path=/folder/of/the/checkpoint or ${known.env} "
            f"({known.hub_id}), or -M base_url=... of a server that serves it{extra}"
        )
    _check_extra(kind, args.model)
    backend = _local_backend(kind, resolve_weights(path, args.model), args)
    return _wrap(TextFormatAdapter(backend, fmt, args.model), backend, args, fmt)


def build_hf(path: str, args: ArgReader) -> ModelAdapter:
    """``hf:<path>``: a transformers model with its chat template (``-M format=chat``, the default
    when the tokenizer has one) or one of the text formats (``-M format=toolllama`` ...)."""
    kind = args.choice("backend", ("hf", "vllm"), "hf")
    _check_extra(kind, args.model)
    weights = resolve_weights(path, args.model)
    backend = _local_backend(kind, weights, args)
    format_name = args.choice("format", ("auto", "chat", *FORMAT_NAMES), "auto")
    style = args.choice("style", STYLES, "toolbench")
    fmt: PromptFormat
    has_template = bool(getattr(getattr(backend, "tokenizer", None), "chat_template", None))
    if format_name == "chat" or (format_name == "auto" and has_template):
        if not has_template:
            raise ModelError(f"model {args.model}: the tokenizer has no chat template; pass -M format=toolllama")
        from harness.models.chat_template import ChatTemplateFormat

        fmt = ChatTemplateFormat(backend.tokenizer)
        backend.add_special_tokens = False  # the template writes its own BOS
    else:
        fmt = get_format("toolllama" if format_name == "auto" else format_name, style)
    return _wrap(TextFormatAdapter(backend, fmt, args.model), backend, args, fmt)
