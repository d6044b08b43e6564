"""CPU per model request of the hosted adapters' HTTP path: the SDK and httpx for every request, against
the fast lane (the SDK's head kept, the body sent over ``harness.models.http1``'s pool).

Run: .venv/bin/python bench/bench_http_client.py [--in-flight 64] [--requests 8] [--rounds 3]
Prints, for ``--in-flight`` concurrent callers each sending ``--requests`` Chat Completions requests
(a system prompt and eight tools, about 6 KB, like a ToolBench step) to the stand-in server of
``bench_runner_latency.py`` (its own process, 20 ms per reply), the process's CPU per request of each
path, interleaved over ``--rounds`` rounds; medians and their ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_runner_latency import start_stand_in
from harness.models.sdk import SdkClient

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": f"tool_{i}_for_bench",
            "description": "Looks a thing up. " * 10,
            "parameters": {
                "type": "object",
                "properties": {f"p{j}": {"type": "string", "description": "x" * 40} for j in range(5)},
                "required": [],
            },
        },
    }
    for i in range(8)
]
BODY = {
    "model": "stand-in",
    "messages": [{"role": "system", "content": "s" * 1500}, {"role": "user", "content": "q" * 200}],
    "tools": TOOLS,
    "temperature": 0.0,
}


def client(base_url: str, pool: int, fast: bool) -> SdkClient:
    def make(http: Any) -> Any:
        import openai

        return openai.AsyncOpenAI(
            api_key="sk-bench-0000", base_url=base_url, max_retries=0, http_client=http, timeout=http.timeout
        )

    return SdkClient("openai", make, base_url, ["sk-bench-0000"], "stand-in", "$OPENAI_API_KEY", pool, fast=fast)


async def cpu_per_request(base_url: str, in_flight: int, requests: int, fast: bool) -> float:
    """µs of this process's CPU per request, after a warm-up round on the same loop."""
    sdk = client(base_url, in_flight, fast)

    async def caller() -> None:
        for _ in range(requests):
            await sdk.post("/chat/completions", BODY)

    try:
        await asyncio.gather(*(caller() for _ in range(in_flight)))  # connections, imports, the lane
        began = time.process_time()
        await asyncio.gather(*(caller() for _ in range(in_flight)))
        return (time.process_time() - began) / (in_flight * requests) * 1e6
    finally:
        await sdk.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--in-flight", type=int, default=64)
    parser.add_argument("--requests", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    server, base_url = start_stand_in(0.02)
    try:
        figures: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(args.rounds):
            for fast in (False, True):
                figures[fast].append(asyncio.run(cpu_per_request(base_url, args.in_flight, args.requests, fast)))
    finally:
        server.terminate()
        server.wait(10)
    sdk, lane = statistics.median(figures[False]), statistics.median(figures[True])
    print(f"{args.in_flight} callers x {args.requests} requests, {args.rounds} rounds interleaved, medians:")
    print(f"  SDK + httpx for every request: {sdk:7.0f} us CPU per request")
    print(f"  fast lane (lean HTTP/1.1 pool): {lane:7.0f} us CPU per request")
    print(f"  ratio: {sdk / lane:.1f}x less CPU per request")


if __name__ == "__main__":
    main()
