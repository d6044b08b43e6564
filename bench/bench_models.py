"""What the model layer costs and what its concurrency and batching buy.

Run: .venv/bin/python bench/bench_models.py [--calls 20000] [--requests 64] [--latency 0.05] [--hf 32]
Prints:
  1. the Model wrapper's overhead per call (retries, concurrency bound, accounting, pricing) over a
     zero-latency adapter, and a cache hit's cost;
  2. the openai adapter against a loopback OpenAI-compatible server that answers after --latency
     seconds: wall time at concurrency 1 and 16 and their ratio (ideal: 16);
  3. the hf backend with a tiny random Llama (needs the hf extra): requests/s one at a time and when
     --hf requests arrive together and are batched.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness.models.base import GenerateConfig
from harness.models.cache import ResponseCache
from harness.models.limits import ConcurrencyLimit
from harness.models.prices import Price
from harness.models.registry import load_model
from harness.models.scripted import ScriptedModel
from harness.models.wrapper import Model
from harness.types.messages import Function, Message

MESSAGES = [Message(role="system", content="Use tools."), Message(role="user", content="What is the weather?")]
FUNCTIONS = [Function(name="get_weather_for_weather", description="weather")]


async def _calls(model: object, n: int, config: GenerateConfig) -> float:
    generate = model.generate  # type: ignore[attr-defined]
    started = time.perf_counter()
    for _ in range(n):
        await generate(MESSAGES, FUNCTIONS, config)
    return time.perf_counter() - started


def wrapper_overhead(calls: int) -> None:
    bare = ScriptedModel(responder=lambda *_: "ok")
    wrapped = Model(
        ScriptedModel(responder=lambda *_: "ok"), limit=ConcurrencyLimit(8), timeout_s=60, price=Price(1.0, 2.0)
    )
    config = GenerateConfig()
    bare_s = asyncio.run(_calls(bare, calls, config))
    wrapped_s = asyncio.run(_calls(wrapped, calls, config))
    with tempfile.TemporaryDirectory() as folder:
        cached = Model(ScriptedModel(responder=lambda *_: "ok"), cache=ResponseCache(Path(folder)))
        asyncio.run(_calls(cached, 1, config))
        hit_s = asyncio.run(_calls(cached, min(calls, 2000), config))
    per_call = (wrapped_s - bare_s) / calls * 1e6
    print(f"wrapper overhead: {per_call:.1f} us/call ({calls} calls; bare adapter {bare_s / calls * 1e6:.1f} us/call)")
    print(f"cache hit: {hit_s / min(calls, 2000) * 1e6:.0f} us/call (hash of the full request + one file read)")


def http_concurrency(requests: int, latency: float) -> None:
    from tests.fakes.openai_server import FakeOpenAIServer, Stall

    with FakeOpenAIServer() as server:
        os.environ["OPENAI_API_KEY"] = "bench"
        timings = {}
        for concurrency in (1, 16):
            server.push(*[Stall(latency, then="ok") for _ in range(requests)])
            model = load_model("openai:bench", {"base_url": server.base_url, "concurrency": str(concurrency)})

            async def burst(m: object = model) -> float:
                started = time.perf_counter()
                calls = [m.generate(MESSAGES, FUNCTIONS, GenerateConfig()) for _ in range(requests)]  # type: ignore[attr-defined]
                await asyncio.gather(*calls)
                return time.perf_counter() - started

            timings[concurrency] = asyncio.run(burst())
    ratio = timings[1] / timings[16]
    print(
        f"openai adapter, {requests} requests at {latency * 1000:.0f} ms: concurrency 1 {timings[1]:.2f}s, "
        f"16 {timings[16]:.2f}s, ratio {ratio:.1f} (ideal 16)"
    )


def hf_batching(requests: int) -> None:
    if requests <= 0:
        return
    try:
        from tests.models.tiny_llama import build_tiny_llama
    except ImportError:
        print("hf batching: skipped (needs the hf extra)")
        return
    with tempfile.TemporaryDirectory() as folder:
        weights = build_tiny_llama(Path(folder))
        model = load_model(f"hf:{weights}", {"format": "toolllama", "max_batch": str(requests)})
        config = GenerateConfig(max_tokens=16)
        asyncio.run(_calls(model, 2, config))  # warm up
        sequential = asyncio.run(_calls(model, requests, config))

        async def together() -> float:
            started = time.perf_counter()
            await asyncio.gather(*(model.generate(MESSAGES, FUNCTIONS, config) for _ in range(requests)))
            return time.perf_counter() - started

        batched = asyncio.run(together())
    print(
        f"hf tiny Llama, {requests} requests of 16 new tokens: one at a time {requests / sequential:.1f} req/s, "
        f"batched {requests / batched:.1f} req/s ({sequential / batched:.1f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=64)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--hf", type=int, default=32)
    args = parser.parse_args()
    wrapper_overhead(args.calls)
    http_concurrency(args.requests, args.latency)
    hf_batching(args.hf)


if __name__ == "__main__":
    main()
