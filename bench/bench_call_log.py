"""What logging every LLM call costs.

Run: .venv/bin/python bench/bench_call_log.py [--calls 20000]
Prints:
  1. µs per ``Model.generate`` with a zero-latency adapter (the wrapper's whole hot path: retries
     loop, accounting, and the call record, which holds references only); run it on an older
     checkout to compare;
  2. µs per call to serialize, redact and compress a typical request and response (10 messages,
     10 functions), which the writer thread does when it stores the episode;
  3. ms per stored episode of 3 LLM calls, with and without bodies (``--no-log-requests``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
import time
from pathlib import Path

from harness.models.base import GenerateConfig, ModelOutput, Usage
from harness.models.wrapper import Model
from harness.types.messages import Function, Message

MESSAGES = [Message(role="user" if i % 2 else "assistant", content="word " * 100) for i in range(10)]
FUNCTIONS = [
    Function(name=f"api_{i}_for_tool", description="does a thing " * 10, parameters={"type": "object"})
    for i in range(10)
]


class Instant:
    """Answers at once."""

    name = "instant"

    async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        return ModelOutput(message=Message(role="assistant", content="ok"), usage=Usage(prompt_tokens=5))


async def _generate(model: Model, calls: int) -> float:
    config = GenerateConfig()
    started = time.perf_counter()
    for _ in range(calls):
        await model.generate(MESSAGES, FUNCTIONS, config)
    return (time.perf_counter() - started) / calls * 1e6


def bench_store(calls: int) -> None:
    from harness.store import StoreWriter
    from harness.store.episodes import pack
    from harness.types.llm_call import LLMCall
    from harness.types.trajectory import Trajectory

    request = {"messages": MESSAGES, "functions": FUNCTIONS, "sampling": {"temperature": 0.0}}
    response = {"choices": [{"message": {"role": "assistant", "content": "word " * 50}}]}
    rounds = max(1, calls // 10)
    started = time.perf_counter()
    for _ in range(rounds):
        pack(request, ("sk-secret-0123456789",))
        pack(response, ("sk-secret-0123456789",))
    per_call = (time.perf_counter() - started) / rounds * 1e6
    blob, size = pack(request)
    assert blob is not None and size is not None
    print(f"pack request+response: {per_call:.0f} µs per call (request {size:,} B -> {len(blob):,} B)")
    with tempfile.TemporaryDirectory() as folder:
        for bodies in (True, False):
            db = Path(folder) / f"bench-{bodies}.duckdb"
            with StoreWriter(db) as writer, writer.batch():
                writer.ensure_run("r", "r", "run", {}, "0")
                episodes = 100
                started = time.perf_counter()
                for i in range(episodes):
                    traj = Trajectory(query_id=str(i), llm_calls=3)
                    traj.calls = [LLMCall(index=k, request=request, response=response) for k in range(3)]
                    writer.add_episode("r", traj, "G1", log_requests=bodies)
                elapsed = (time.perf_counter() - started) / episodes * 1e3
            label = "with bodies" if bodies else "--no-log-requests"
            print(f"store an episode of 3 LLM calls ({label}): {elapsed:.2f} ms; file {db.stat().st_size:,} B")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=20000)
    args = parser.parse_args()
    model = Model(Instant())
    asyncio.run(_generate(model, 200))  # warm up
    per_call = min(asyncio.run(_generate(model, args.calls)) for _ in range(3))
    print(f"Model.generate, zero-latency adapter: {per_call:.1f} µs per call")
    with contextlib.suppress(ImportError):  # an older checkout has no call log to store
        bench_store(args.calls)


if __name__ == "__main__":
    main()
