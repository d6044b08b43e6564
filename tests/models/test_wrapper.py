"""The Model wrapper on its own: backoff arithmetic, Retry-After parsing, the cache's files."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest

from harness.models.base import GenerateConfig, ModelCallError, ModelOutput, Usage
from harness.models.cache import ResponseCache, request_key
from harness.models.limits import ConcurrencyLimit, provider_limit
from harness.models.prices import Price, lookup_price, price_table
from harness.models.retry import RetryableError, RetryPolicy, parse_retry_after
from harness.models.wrapper import Model
from harness.types.messages import Function, Message
from harness.types.query import AgentQuery

HELLO = [Message(role="user", content="hello")]


class Flaky:
    """Fails with the given errors in turn, then answers; counts its calls."""

    name = "flaky"

    def __init__(self, failures: list[RetryableError]) -> None:
        self.failures = list(failures)
        self.calls = 0

    async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return ModelOutput(
            message=Message(role="assistant", content=f"answer {self.calls}"),
            usage=Usage(prompt_tokens=10, completion_tokens=5),
        )


def test_backoff_grows_exponentially_with_jitter_inside_bounds() -> None:
    policy = RetryPolicy(base_delay_s=1.0, max_delay_s=8.0)
    rng = random.Random(0)
    for attempt, ceiling in [(0, 1.0), (1, 2.0), (2, 4.0), (3, 8.0), (6, 8.0)]:
        delays = [policy.delay(attempt, None, rng) for _ in range(200)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert max(delays) - min(delays) > ceiling / 4  # jittered, not constant
    retry_after = [policy.delay(0, 5.0, rng) for _ in range(50)]
    assert all(5.0 <= d <= 5.5 for d in retry_after)


def test_retry_after_forms() -> None:
    assert parse_retry_after({"Retry-After": "3"}) == 3.0
    assert parse_retry_after({"retry-after": "0.25"}) == 0.25
    assert parse_retry_after({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    now = 1_700_000_000.0
    date = format_datetime(datetime.fromtimestamp(now + 30, tz=UTC), usegmt=True)
    assert parse_retry_after({"retry-after": date}, now=now) == pytest.approx(30.0)
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({}) is None
    assert parse_retry_after({"retry-after": "-4"}) == 0.0


def test_retries_then_success_and_accounting() -> None:
    adapter = Flaky([RetryableError("HTTP 503"), RetryableError("timed out")])
    model = Model(adapter, retry=RetryPolicy(base_delay_s=0.001), price=Price(2.0, 4.0))
    out = asyncio.run(model.generate(HELLO, [], GenerateConfig()))
    assert out.message.content == "answer 3"
    assert out.cost_usd == pytest.approx((10 * 2 + 5 * 4) / 1e6)
    assert (model.accounting.calls, model.accounting.retries, model.accounting.failures) == (1, 2, 0)


def test_gives_up_after_max_retries() -> None:
    adapter = Flaky([RetryableError(f"HTTP 500 #{i}") for i in range(10)])
    model = Model(adapter, retry=RetryPolicy(max_retries=3, base_delay_s=0.001))
    with pytest.raises(ModelCallError, match=r"4 attempts; last: HTTP 500 #3"):
        asyncio.run(model.generate(HELLO, [], GenerateConfig()))
    assert adapter.calls == 4 and model.accounting.failures == 1


def test_an_excessive_retry_after_is_reported_not_waited_out() -> None:
    adapter = Flaky([RetryableError("HTTP 429", retry_after_s=3600)])
    model = Model(adapter, retry=RetryPolicy(max_retry_after_s=60))
    with pytest.raises(ModelCallError, match="asked to wait 3600s"):
        asyncio.run(model.generate(HELLO, [], GenerateConfig()))
    assert adapter.calls == 1


def test_timeout_counts_as_retryable() -> None:
    class Slow(Flaky):
        async def generate(
            self, messages: list[Message], functions: list[Function], config: GenerateConfig
        ) -> ModelOutput:
            self.calls += 1
            if self.calls == 1:
                await asyncio.sleep(5)
            return ModelOutput(message=Message(role="assistant", content=f"answer {self.calls}"))

    adapter = Slow([])
    model = Model(adapter, retry=RetryPolicy(base_delay_s=0.001), timeout_s=0.05)
    assert asyncio.run(model.generate(HELLO, [], GenerateConfig())).message.content == "answer 2"
    assert model.accounting.retries == 1


def test_concurrency_limit_bounds_and_resizes() -> None:
    limit = ConcurrencyLimit(2)
    peak = 0

    async def use() -> None:
        nonlocal peak
        async with limit.slot():
            peak = max(peak, limit.in_flight())
            await asyncio.sleep(0.01)

    async def burst() -> None:
        await asyncio.gather(*(use() for _ in range(8)))

    asyncio.run(burst())
    assert peak == 2
    asyncio.run(burst())  # a fresh loop: primitives bound to the first (closed) loop would fail here
    limit.limit, peak = 5, 0
    asyncio.run(burst())
    assert peak == 5
    with pytest.raises(ValueError):
        ConcurrencyLimit(0)


def test_models_of_one_provider_share_the_latest_bound() -> None:
    first = provider_limit("test@shared", 1)
    second = provider_limit("test@shared", 4)
    assert first is second and first.limit == 4


def test_cache_key_covers_query_and_survives_bad_files(tmp_path: Path) -> None:
    identity = {"adapter": "x"}
    base = request_key(identity, HELLO, [], GenerateConfig())
    assert base == request_key(identity, HELLO, [], GenerateConfig())
    assert base != request_key(identity, HELLO, [], GenerateConfig(query=AgentQuery(query_id="1", text="t")))
    assert base != request_key({"adapter": "y"}, HELLO, [], GenerateConfig())
    assert base != request_key(identity, HELLO, [Function(name="f")], GenerateConfig())

    cache = ResponseCache(tmp_path)
    assert cache.get(base) is None
    output = ModelOutput(message=Message(role="assistant", content="hi"), usage=Usage(prompt_tokens=3), cost_usd=0.5)
    cache.put(base, output)
    assert cache.get(base) == output
    (tmp_path / base[:2] / f"{base}.json").write_text("{half", encoding="utf-8")
    assert cache.get(base) is None  # unreadable counts as a miss


def test_cached_replies_keep_their_cost_and_skip_the_adapter(tmp_path: Path) -> None:
    adapter = Flaky([])
    model = Model(adapter, cache=ResponseCache(tmp_path), price=Price(1.0, 1.0))
    first = asyncio.run(model.generate(HELLO, [], GenerateConfig(temperature=0.7, seed=3)))
    second = asyncio.run(model.generate(HELLO, [], GenerateConfig(temperature=0.7, seed=3)))
    assert adapter.calls == 1 and second.cached and not first.cached
    assert second.cost_usd == first.cost_usd == pytest.approx(15 / 1e6)
    assert model.accounting.cache_hits == 1


def test_prices_prefix_lookup_and_override_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert lookup_price("gpt-4o-2024-08-06") == Price(2.5, 10.0)
    assert lookup_price("gpt-4o-mini-2024-07-18") == Price(0.15, 0.6)
    assert lookup_price("my-own-model") is None
    prices = tmp_path / "prices.json"
    prices.write_text('{"my-own-model": {"prompt": 1, "completion": 2}, "gpt-4o": {"prompt": 9, "completion": 9}}')
    monkeypatch.setenv("HARNESS_MODEL_PRICES", str(prices))
    assert lookup_price("my-own-model") == Price(1.0, 2.0)
    assert price_table()["gpt-4o"] == Price(9.0, 9.0)
    prices.write_text('{"bad": {"prompt": "x"}}')
    with pytest.raises(Exception, match="entry 'bad' must be"):
        price_table()
