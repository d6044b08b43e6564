"""vLLM's in-process engine as a text backend (the ``vllm`` extra, GPU machines).

Without the extra, the same checkpoint is used through ``vllm serve``: ``-M base_url=...`` for the
ToolLLaMA / Vicuna / Alpaca text formats (its Completions endpoint), or the ``openai`` adapter for
models whose server does native tool calling.
"""

from __future__ import annotations

from typing import Any

from harness.models.base import GenerateConfig, ModelCallError
from harness.models.batching import Batcher, Sampling
from harness.models.hf import CONTEXT_MARGIN, DEFAULT_MAX_NEW_TOKENS, require_extra
from harness.models.text_adapter import Completion

VLLM_HINT = (
    "pip install -e '.[vllm]' on a GPU machine; without it, run `vllm serve <weights>` and pass "
    "-M base_url=http://127.0.0.1:8000/v1 (or use openai:<model> with OPENAI_BASE_URL for native tool calls)"
)


def require_vllm(label: str) -> None:
    """One clear line when the vllm extra is missing."""
    require_extra(("vllm",), "vllm", VLLM_HINT, label)


class VLLMBackend:
    """An ``vllm.LLM`` engine; concurrent requests are batched like the transformers backend's
    (vLLM schedules the batch itself)."""

    def __init__(
        self,
        weights: str,
        *,
        max_context: int | None = None,
        context_policy: str = "truncate",
        max_batch: int = 64,
        tensor_parallel_size: int = 1,
    ) -> None:
        from vllm import LLM

        engine_args: dict[str, Any] = {"model": weights, "tensor_parallel_size": tensor_parallel_size}
        if max_context:
            engine_args["max_model_len"] = max_context
        self.engine = LLM(**engine_args)
        self.tokenizer = self.engine.get_tokenizer()  # for chat templates (hf:<path> -M backend=vllm)
        self.weights = weights
        self.max_context = int(self.engine.llm_engine.model_config.max_model_len)
        self.context_policy = context_policy
        self.batcher = Batcher(self._run_batch, max_batch=max_batch)

    @property
    def identity(self) -> dict[str, Any]:
        """What answers: for the cache key."""
        return {"backend": "vllm", "weights": self.weights, "max_context": self.max_context}

    async def complete(self, prompt: str, config: GenerateConfig, stop: list[str]) -> Completion:
        return await self.batcher.submit(prompt, Sampling.of(config, stop, DEFAULT_MAX_NEW_TOKENS))

    def _run_batch(self, prompts: list[str], sampling: Sampling) -> list[Completion]:
        from vllm import SamplingParams

        options: dict[str, Any] = {
            "temperature": sampling.temperature,
            "max_tokens": sampling.max_new_tokens,
            "stop": list(sampling.stop),
            "seed": sampling.seed,
        }
        if sampling.top_p is not None:
            options["top_p"] = sampling.top_p
        if self.context_policy == "truncate":
            # Keep the prompt's end, as ToolBench does for long ToolLLaMA prompts.
            options["truncate_prompt_tokens"] = max(1, self.max_context - sampling.max_new_tokens - CONTEXT_MARGIN)
        try:
            outputs = self.engine.generate(prompts, SamplingParams(**options), use_tqdm=False)
        except ValueError as exc:  # vLLM refuses prompts longer than its context
            raise ModelCallError(f"vLLM refused the prompt: {str(exc).splitlines()[0]}") from None
        return [
            Completion(out.outputs[0].text, len(out.prompt_token_ids or []), len(out.outputs[0].token_ids))
            for out in outputs
        ]
