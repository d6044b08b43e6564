"""A local Hugging Face transformers model as a text backend (the ``hf`` extra).

Generation follows ToolBench's ToolLLaMA inference where it matters for comparability: the prompt is
tokenized with the tokenizer's own special tokens, at most ``max_new_tokens`` (512 by default) are
generated, and a prompt too long for the context keeps its end (ToolBench cuts the front to
``context - max_new_tokens - 8`` tokens). ``context_policy=refuse`` fails the request instead.
"""

from __future__ import annotations

import importlib.util
import os
import re
import threading
from pathlib import Path
from typing import Any

from harness.models.base import GenerateConfig, ModelCallError, ModelError
from harness.models.batching import Batcher, Sampling
from harness.models.text_adapter import Completion

HF_EXTRA_HINT = "pip install -e '.[hf]'"
DEFAULT_MAX_NEW_TOKENS = 512
CONTEXT_MARGIN = 8  # ToolBench leaves 8 tokens spare when it cuts a long prompt
CONTEXT_POLICIES = ("truncate", "refuse")
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


def require_extra(modules: tuple[str, ...], extra: str, hint: str, label: str) -> None:
    """Raise a one-line ``ModelError`` naming ``extra`` when any of ``modules`` is not installed."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise ModelError(f"model {label} needs the {extra} extra ({', '.join(missing)} not installed): {hint}")


def resolve_weights(path: str, label: str) -> str:
    """A local folder with a ``config.json``, or a hub id when the hub may be used."""
    local = Path(path).expanduser()
    if local.is_dir():
        if not (local / "config.json").is_file():
            raise ModelError(
                f"model {label}: {local} holds no config.json; point -M path at a transformers model folder"
            )
        return str(local)
    offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes")
    if _HUB_ID.match(path) and not offline:
        return path
    hint = " (HF_HUB_OFFLINE is set, so hub ids are not fetched)" if offline and _HUB_ID.match(path) else ""
    raise ModelError(f"model {label}: weights not found at {path}{hint}; pass -M path=/folder/with/config.json")


class _StopOnStrings:
    """Ends a row once its generated text contains a stop string (a transformers StoppingCriteria
    returning one flag per row)."""

    def __init__(self, tokenizer: Any, prompt_length: int, stop: tuple[str, ...]) -> None:
        self.tokenizer = tokenizer
        self.prompt_length = prompt_length
        self.stop = [s for s in stop if s]

    def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
        import torch

        texts = self.tokenizer.batch_decode(input_ids[:, self.prompt_length :], skip_special_tokens=False)
        return torch.tensor([any(s in t for s in self.stop) for t in texts], device=input_ids.device)


class HFBackend:
    """Loads the tokenizer and model once; generates for batches of prompts."""

    def __init__(
        self,
        weights: str,
        *,
        device: str | None = None,
        dtype: str = "auto",
        max_context: int | None = None,
        context_policy: str = "truncate",
        max_batch: int = 8,
        add_special_tokens: bool = True,
    ) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # a run's own progress display owns the terminal
        self.weights = weights
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.tokenizer = AutoTokenizer.from_pretrained(weights)
        torch_dtype: Any = (
            getattr(torch, dtype) if dtype != "auto" else ("auto" if self.device != "cpu" else torch.float32)
        )
        model: Any = AutoModelForCausalLM.from_pretrained(weights, dtype=torch_dtype)
        self.model: Any = model.to(self.device)
        self.model.eval()
        if self.tokenizer.pad_token_id is None:
            # LLaMA tokenizers have no pad token; padding on the left with EOS is masked out anyway.
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.tokenizer.padding_side = "left"
        self.max_context = max_context or int(getattr(self.model.config, "max_position_embeddings", 4096))
        self.context_policy = context_policy
        self.add_special_tokens = add_special_tokens
        self.batcher = Batcher(self._run_batch, max_batch=max_batch)
        self._lock = threading.Lock()

    @property
    def identity(self) -> dict[str, Any]:
        """What answers: for the cache key."""
        return {"backend": "hf", "weights": self.weights, "max_context": self.max_context}

    async def complete(self, prompt: str, config: GenerateConfig, stop: list[str]) -> Completion:
        return await self.batcher.submit(prompt, Sampling.of(config, stop, DEFAULT_MAX_NEW_TOKENS))

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` as this model's prompt (special tokens included)."""
        return len(self.tokenizer(text, add_special_tokens=self.add_special_tokens).input_ids)

    def _fit(self, ids: list[int], max_new_tokens: int) -> tuple[list[int], bool]:
        budget = self.max_context - max_new_tokens - CONTEXT_MARGIN
        if len(ids) + max_new_tokens <= self.max_context:
            return ids, False
        if self.context_policy == "refuse" or budget <= 0:
            raise ModelCallError(
                f"prompt of {len(ids)} tokens plus {max_new_tokens} new tokens exceeds the model's context of "
                f"{self.max_context} tokens (-M context_policy=truncate keeps the prompt's end, as ToolBench does)"
            )
        return ids[-budget:], True

    def _run_batch(self, prompts: list[str], sampling: Sampling) -> list[Completion]:
        import torch

        encoded = [self.tokenizer(p, add_special_tokens=self.add_special_tokens).input_ids for p in prompts]
        fitted = [self._fit(ids, sampling.max_new_tokens) for ids in encoded]
        batch = self.tokenizer.pad({"input_ids": [ids for ids, _ in fitted]}, return_tensors="pt")
        input_ids = batch["input_ids"].to(self.device)
        attention = batch["attention_mask"].to(self.device)
        options: dict[str, Any] = {
            "max_new_tokens": sampling.max_new_tokens,
            "pad_token_id": self.tokenizer.pad_token_id,
        }
        if sampling.temperature > 0:
            options.update(do_sample=True, temperature=sampling.temperature, top_p=sampling.top_p or 1.0)
        else:
            options.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        if sampling.stop:
            options["stopping_criteria"] = [_StopOnStrings(self.tokenizer, input_ids.shape[1], sampling.stop)]
        with self._lock, torch.no_grad():
            if sampling.seed is not None:
                torch.manual_seed(sampling.seed)
            output = self.model.generate(input_ids=input_ids, attention_mask=attention, **options)
        results = []
        eos = self.tokenizer.eos_token_id
        for row, (ids, truncated) in enumerate(fitted):
            generated = output[row, input_ids.shape[1] :].tolist()
            if eos in generated:
                generated = generated[: generated.index(eos) + 1]
            while generated and generated[-1] == self.tokenizer.pad_token_id and generated[-1] != eos:
                generated.pop()
            text = str(self.tokenizer.decode(generated, skip_special_tokens=True))
            extra = {"truncated_prompt": True} if truncated else {}
            results.append(Completion(text, len(ids), len(generated), extra))
        return results
