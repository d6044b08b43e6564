"""The wrapper every adapter gets: retries, a concurrency bound, a timeout, accounting and a cache."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.models.args import ArgReader
from harness.models.base import GenerateConfig, ModelAdapter, ModelCallError, ModelOutput, Usage
from harness.models.cache import ResponseCache, request_key
from harness.models.capture import CURRENT_CALL, WireCapture
from harness.models.limits import ConcurrencyLimit, provider_limit
from harness.models.prices import Price, lookup_price
from harness.models.retry import RetryableError, RetryPolicy
from harness.types.llm_call import CALL_RECORD, LLMCall, RetryRecord, attach_call
from harness.types.messages import Function, Message
from harness.util.errors import one_line

log = logging.getLogger(__name__)


@dataclass
class Accounting:
    """What a model has done so far in this process."""

    calls: int = 0
    cache_hits: int = 0
    retries: int = 0
    failures: int = 0
    usage: Usage = field(default_factory=Usage)
    cost_usd: float = 0.0


class Model:
    """Wraps one adapter with everything a provider call needs around it.

    - retries: a ``RetryableError`` (429, 5xx, timeout, dropped connection, malformed body) is retried
      with exponential backoff and jitter, honouring Retry-After; what still fails raises
      ``ModelCallError``;
    - ``limit``: at most that many requests in flight for the provider (shared between models);
    - ``timeout_s``: one attempt that takes longer is abandoned and counts as retryable;
    - accounting: ``cost_usd`` of each output from ``price``; totals in ``accounting``;
    - ``cache``: replies stored under a hash of the full request. Only deterministic requests
      (temperature 0, or a fixed seed) are cached, since a cached sample would make every later
      sample of the same prompt identical.
    """

    def __init__(
        self,
        adapter: ModelAdapter,
        *,
        identity: dict[str, Any] | None = None,
        retry: RetryPolicy | None = None,
        limit: ConcurrencyLimit | None = None,
        timeout_s: float | None = None,
        price: Price | None = None,
        cache: ResponseCache | None = None,
        jitter_seed: int | None = None,
    ) -> None:
        self.adapter = adapter
        self.name = adapter.name
        self.identity = identity or {"adapter": adapter.name}
        self.retry = retry or RetryPolicy()
        self.limit = limit
        self.timeout_s = timeout_s
        self.price = price
        self.cache = cache
        self.accounting = Accounting()
        self._rng = random.Random(jitter_seed)

    async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        """One assistant turn, from the cache when allowed, else from the adapter (with retries).

        The reply carries the call's audit record in ``extra[CALL_RECORD]``; a call that fails
        raises with the record attached (``harness.types.llm_call.call_of``)."""
        capture = WireCapture()
        token = CURRENT_CALL.set(capture)
        started_at, began = time.time(), time.perf_counter()
        retries: list[RetryRecord] = []
        try:
            output = await self._generate(messages, functions, config, retries)
        except Exception as exc:
            failed = self._record(
                messages, functions, config, capture, started_at, began, retries,
                status="failed", error=one_line(exc), attempts=len(retries) + 1, response=capture.response,
            )  # fmt: skip
            attach_call(exc, failed)
            raise
        finally:
            CURRENT_CALL.reset(token)
        response = capture.response
        if response is None:
            # Adapters without a wire body (local models, offline agents): the reply as they gave it.
            response = output.raw_text if output.raw_text is not None else output.message
        record = self._record(
            messages, functions, config, capture, started_at, began, retries,
            attempts=0 if output.cached else len(retries) + 1, response=response,
            prompt_tokens=output.usage.prompt_tokens, completion_tokens=output.usage.completion_tokens,
            cost_usd=output.cost_usd, cached=output.cached,
        )  # fmt: skip
        # A fresh dict: the adapter's (or the cache's) output may share its extra with others.
        output.extra = {**output.extra, CALL_RECORD: record}
        return output

    def _record(
        self,
        messages: list[Message],
        functions: list[Function],
        config: GenerateConfig,
        capture: WireCapture,
        started_at: float,
        began: float,
        retries: list[RetryRecord],
        **fields: Any,
    ) -> LLMCall:
        # References only: serializing the request is left to the writer, off the event loop.
        sampling = {
            "temperature": config.temperature,
            "top_p": config.top_p,
            "max_tokens": config.max_tokens,
            "stop": config.stop,
            "seed": config.seed,
            "tool_choice": config.tool_choice,
        }  # not config.query: the agent's view of the query is for offline agents, no provider gets it
        request: dict[str, Any] = {"messages": messages, "functions": functions, "sampling": sampling}
        if capture.request is not None:
            request["body"] = capture.request
        return LLMCall(
            started_at=started_at,
            latency_s=time.perf_counter() - began,
            retries=retries,
            model=self.identity,
            request=request,
            secrets=capture.secrets,
            **fields,
        )

    async def _generate(
        self, messages: list[Message], functions: list[Function], config: GenerateConfig, retries: list[RetryRecord]
    ) -> ModelOutput:
        key = None
        if self.cache is not None and (config.temperature == 0 or config.seed is not None):
            key = request_key(self.identity, messages, functions, config)
            hit = self.cache.get(key)
            if hit is not None:
                self.accounting.cache_hits += 1
                self._count(hit)
                return hit.model_copy(update={"cached": True})
        output = await self._generate_with_retries(messages, functions, config, retries)
        if self.price is not None:
            output.cost_usd = self.price.cost(output.usage)
        self._count(output)
        if key is not None and self.cache is not None:
            self.cache.put(key, output)
        return output

    def _count(self, output: ModelOutput) -> None:
        self.accounting.calls += 1
        self.accounting.usage = self.accounting.usage + output.usage
        self.accounting.cost_usd += output.cost_usd

    async def _generate_with_retries(
        self, messages: list[Message], functions: list[Function], config: GenerateConfig, retries: list[RetryRecord]
    ) -> ModelOutput:
        attempt = 0
        while True:
            try:
                return await self._attempt(messages, functions, config)
            except RetryableError as exc:
                if attempt >= self.retry.max_retries:
                    self.accounting.failures += 1
                    raise ModelCallError(
                        f"{self.name}: no usable reply after {attempt + 1} attempts; last: {exc}"
                    ) from None
                if exc.retry_after_s is not None and exc.retry_after_s > self.retry.max_retry_after_s:
                    self.accounting.failures += 1
                    raise ModelCallError(
                        f"{self.name}: the provider asked to wait {exc.retry_after_s:.0f}s before retrying "
                        f"(more than {self.retry.max_retry_after_s:.0f}s); last: {exc}"
                    ) from None
                delay = self.retry.delay(attempt, exc.retry_after_s, self._rng)
                log.warning("%s: %s; retry %d in %.2fs", self.name, exc, attempt + 1, delay)
                retries.append(RetryRecord(cause=one_line(exc), http_status=exc.http_status, wait_s=delay))
                self.accounting.retries += 1
                attempt += 1
                await asyncio.sleep(delay)

    async def _attempt(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        if self.limit is None:
            return await self._timed(messages, functions, config)
        async with self.limit.slot():
            return await self._timed(messages, functions, config)

    async def _timed(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        started = time.perf_counter()
        try:
            # asyncio.timeout (unlike wait_for) runs the request in this task: no task per call.
            async with asyncio.timeout(self.timeout_s):
                output = await self.adapter.generate(messages, functions, config)
        except TimeoutError:
            raise RetryableError(f"no reply within {self.timeout_s:g}s") from None
        if not output.latency_s:
            output.latency_s = time.perf_counter() - started
        return output

    async def aclose(self) -> None:
        """Release the adapter's connections or engine, if it holds any."""
        closer = getattr(self.adapter, "aclose", None)
        if closer is not None:
            await closer()


@dataclass(frozen=True)
class WrapDefaults:
    """What a provider's models get unless ``-M`` says otherwise."""

    provider: str  # the concurrency bound is shared per provider key
    concurrency: int = 8  # the bound outside a run (a library caller that gives no run concurrency)
    # Local engines batch what arrives together: their bound never drops below ``concurrency``.
    batching: bool = False
    timeout_s: float | None = 120.0
    price_model: str | None = None  # the model id to price by


WRAPPER_ARGS = ("concurrency", "timeout", "max_retries", "retry_base", "cache_dir", "price_prompt", "price_completion")


def in_flight_bound(reader: ArgReader, defaults: WrapDefaults) -> int:
    """Requests one provider may have in flight: ``-M concurrency=N`` when given, else the run's
    ``--concurrency`` (so K episodes in flight are never queued behind a smaller bound), else the
    provider's default. An SDK client's connection pool is sized to the same number."""
    run = reader.run_concurrency
    fallback = run or defaults.concurrency
    if defaults.batching:
        fallback = max(fallback, defaults.concurrency)
    return reader.integer("concurrency", fallback, minimum=1)


def wrap_model(adapter: ModelAdapter, reader: ArgReader, identity: dict[str, Any], defaults: WrapDefaults) -> Model:
    """``adapter`` inside a ``Model`` configured from the wrapper's ``-M`` arguments:
    ``concurrency`` (see ``in_flight_bound``), ``timeout`` (seconds, 0 for none), ``max_retries``,
    ``retry_base`` (seconds), ``cache_dir``, ``price_prompt`` / ``price_completion`` (USD per million tokens)."""
    concurrency = in_flight_bound(reader, defaults)
    timeout = reader.number("timeout", defaults.timeout_s or 0.0, minimum=0.0)
    retry = RetryPolicy(
        max_retries=reader.integer("max_retries", RetryPolicy.max_retries, minimum=0),
        base_delay_s=reader.number("retry_base", RetryPolicy.base_delay_s, minimum=0.0),
    )
    cache_dir = reader.text("cache_dir")
    prompt_price = reader.optional_number("price_prompt", minimum=0.0)
    completion_price = reader.optional_number("price_completion", minimum=0.0)
    price = lookup_price(defaults.price_model) if defaults.price_model else None
    if prompt_price is not None or completion_price is not None:
        base = price or Price(0.0, 0.0)
        price = Price(
            base.prompt_per_mtok if prompt_price is None else prompt_price,
            base.completion_per_mtok if completion_price is None else completion_price,
        )
    return Model(
        adapter,
        identity=identity,
        retry=retry,
        limit=provider_limit(defaults.provider, concurrency),
        timeout_s=timeout or None,
        price=price,
        cache=ResponseCache(Path(cache_dir).expanduser()) if cache_dir else None,
    )
