"""The adapters read each reply's raw JSON themselves (the SDK sends the request, and returns the
response unparsed: no pydantic ChatCompletion or Message is built per step). Differential: over a
real HTTP server, the same reply read by our adapter and by the SDK's own parsed path
(``chat.completions.create``, ``messages.create``) gives the same text, calls (order, names,
arguments, ids), usage and finish reason."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from harness.models.base import GenerateConfig, ModelOutput
from harness.models.registry import load_model
from harness.types.messages import Function, Message
from tests.fakes.anthropic_server import FakeAnthropicServer
from tests.fakes.openai_server import FakeOpenAIServer

openai = pytest.importorskip("openai")
anthropic = pytest.importorskip("anthropic")

KEY = "sk-differential-0000"
ASK = [Message(role="user", content="Weather in Paris and Lyon?")]
TOOLS = [Function(name="weather_for_meteo", description="weather", parameters={"type": "object", "properties": {}})]
Seen = tuple[str, list[tuple[str, str, str | None]], tuple[int, int], Any]


def openai_reply(message: dict[str, Any], finish: str, usage: dict[str, int] | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "message": {"role": "assistant", **message}, "finish_reason": finish}],
    }
    if usage is not None:
        body["usage"] = {**usage, "total_tokens": sum(usage.values())}
    return body


def openai_call(call_id: str, name: str, arguments: str) -> dict[str, Any]:
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


OPENAI_REPLIES = {
    "one call": openai_reply(
        {"content": None, "tool_calls": [openai_call("call_a", "weather_for_meteo", '{"city": "Paris"}')]},
        "tool_calls",
        {"prompt_tokens": 31, "completion_tokens": 7},
    ),
    "text": openai_reply({"content": "It is sunny in Paris."}, "stop", {"prompt_tokens": 12, "completion_tokens": 6}),
    "two calls with thought": openai_reply(
        {
            "content": "Both cities.",
            "tool_calls": [
                openai_call("call_a", "weather_for_meteo", '{"city": "Paris"}'),
                openai_call("call_b", "weather_for_meteo", '{"city": "Lyon", "note": "caf\\u00e9"}'),
            ],
        },
        "tool_calls",
        {"prompt_tokens": 40, "completion_tokens": 19},
    ),
    "cut at the length limit": openai_reply(
        {"content": "It is sun"}, "length", {"prompt_tokens": 5, "completion_tokens": 3}
    ),
    "no usage": openai_reply({"content": "ok"}, "stop", None),
    "legacy function_call": openai_reply(
        {"content": None, "function_call": {"name": "weather_for_meteo", "arguments": '{"city": "Nice"}'}},
        "function_call",
        {"prompt_tokens": 9, "completion_tokens": 4},
    ),
}


def ours(output: ModelOutput) -> Seen:
    message = output.message
    calls = [(c.name, c.arguments, c.id) for c in message.calls]
    usage = (output.usage.prompt_tokens, output.usage.completion_tokens)
    return message.content or "", calls, usage, output.extra.get("finish_reason")


def sdk_openai(completion: Any) -> Seen:
    choice = completion.choices[0]
    message = choice.message
    raw = [(c.function.name, c.function.arguments, c.id) for c in message.tool_calls or []]
    if not raw and message.function_call is not None:
        raw = [(message.function_call.name, message.function_call.arguments, None)]
    usage = (completion.usage.prompt_tokens, completion.usage.completion_tokens) if completion.usage else (0, 0)
    return message.content or "", raw, usage, choice.finish_reason


@pytest.mark.parametrize("case", list(OPENAI_REPLIES))
def test_openai_reply_reads_as_the_sdk_parses_it(case: str) -> None:
    body = OPENAI_REPLIES[case]

    async def both(base_url: str) -> tuple[Seen, Seen]:
        model = load_model("openai:m", {"base_url": base_url, "api_key": KEY, "max_retries": "0"})
        sdk = openai.AsyncOpenAI(base_url=base_url, api_key=KEY, max_retries=0)
        try:
            mine = ours(await model.generate(ASK, TOOLS, GenerateConfig()))
            theirs = sdk_openai(
                await sdk.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
            )
        finally:
            await model.aclose()  # type: ignore[attr-defined]
            await sdk.close()
        return mine, theirs

    with FakeOpenAIServer(api_key=KEY) as server:
        server.push(body, body)
        mine, theirs = asyncio.run(both(server.base_url))
    assert mine == theirs
    assert mine[1] or mine[0]  # every case says something


ANTHROPIC_REPLIES = {
    "one call": [{"type": "tool_use", "id": "toolu_1", "name": "weather_for_meteo", "input": {"city": "Paris"}}],
    "text": [{"type": "text", "text": "It is sunny."}],
    "text then two calls": [
        {"type": "text", "text": "Both "},
        {"type": "text", "text": "cities."},
        {"type": "tool_use", "id": "toolu_1", "name": "weather_for_meteo", "input": {"city": "Paris"}},
        {"type": "tool_use", "id": "toolu_2", "name": "weather_for_meteo", "input": {"city": "Lyon", "n": "café"}},
    ],
}
STOPS = {"one call": "tool_use", "text": "end_turn", "text then two calls": "tool_use"}


def sdk_anthropic(message: Any) -> Seen:
    text = "".join(block.text for block in message.content if block.type == "text")
    calls = [
        (block.name, json.dumps(block.input, ensure_ascii=False), block.id)
        for block in message.content
        if block.type == "tool_use"
    ]
    return text, calls, (message.usage.input_tokens, message.usage.output_tokens), message.stop_reason


@pytest.mark.parametrize("case", list(ANTHROPIC_REPLIES))
def test_anthropic_reply_reads_as_the_sdk_parses_it(case: str) -> None:
    body = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-x",
        "content": ANTHROPIC_REPLIES[case],
        "stop_reason": STOPS[case],
        "stop_sequence": None,
        "usage": {"input_tokens": 21, "output_tokens": 8},
    }

    async def both(base_url: str) -> tuple[Seen, Seen]:
        model = load_model("anthropic:claude-x", {"base_url": base_url, "api_key": KEY, "max_retries": "0"})
        sdk = anthropic.AsyncAnthropic(base_url=base_url, api_key=KEY, max_retries=0)
        try:
            mine = ours(await model.generate(ASK, TOOLS, GenerateConfig(max_tokens=64)))
            asked = [{"role": "user", "content": "x"}]
            theirs = sdk_anthropic(await sdk.messages.create(model="claude-x", max_tokens=64, messages=asked))
        finally:
            await model.aclose()  # type: ignore[attr-defined]
            await sdk.close()
        return mine, theirs

    with FakeAnthropicServer(api_key=KEY) as server:
        server.push(body, body)
        mine, theirs = asyncio.run(both(server.base_url))
    assert mine == theirs
