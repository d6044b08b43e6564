"""The wrapper's in-flight bound follows the run's --concurrency unless -M concurrency=N sets it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from harness.models.args import ArgReader
from harness.models.base import GenerateConfig, ModelOutput
from harness.models.registry import load_model
from harness.models.wrapper import Model, WrapDefaults, in_flight_bound
from harness.types.messages import Message
from tests.fakes.openai_server import FakeOpenAIServer, Stall, serving_openai

KEY = "sk-test-0123456789abcdef"
ASK = [Message(role="user", content="hello")]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAIServer]:
    with serving_openai(monkeypatch, KEY) as fake:
        yield fake


def _many(model: object, count: int) -> list[ModelOutput]:
    assert isinstance(model, Model)

    async def go() -> list[ModelOutput]:
        return await asyncio.gather(*(model.generate(ASK, [], GenerateConfig()) for _ in range(count)))

    return asyncio.run(go())


def test_run_concurrency_lifts_the_provider_default(server: FakeOpenAIServer) -> None:
    # Before, every provider was capped at 8 whatever --concurrency said.
    server.push(*[Stall(0.5, then="slow") for _ in range(12)])
    outs = _many(load_model("chatgpt", {}, concurrency=12), 12)
    assert [o.message.content for o in outs] == ["slow"] * 12
    assert server.max_in_flight > 8


def test_a_provider_limit_given_by_the_user_wins(server: FakeOpenAIServer) -> None:
    server.push(*[Stall(0.2, then="slow") for _ in range(6)])
    _many(load_model("chatgpt", {"concurrency": "2"}, concurrency=12), 6)
    assert server.max_in_flight == 2


@pytest.mark.parametrize(
    ("given", "run", "batching", "expected"),
    [
        ({}, None, False, 8),  # outside a run: the provider's default
        ({}, 64, False, 64),  # a run: its concurrency
        ({}, 2, False, 2),
        ({"concurrency": "3"}, 64, False, 3),  # -M concurrency wins
        ({}, 4, True, 64),  # a batching engine keeps its larger default
        ({}, 128, True, 128),
    ],
)
def test_in_flight_bound(given: dict[str, str], run: int | None, batching: bool, expected: int) -> None:
    defaults = WrapDefaults(provider="test@bound", concurrency=64 if batching else 8, batching=batching)
    assert in_flight_bound(ArgReader("m", given, run_concurrency=run), defaults) == expected
