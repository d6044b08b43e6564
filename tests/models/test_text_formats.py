"""Vicuna and Alpaca layouts, and text-format models served by an OpenAI-compatible Completions
endpoint on loopback (how a ToolLLaMA behind ``vllm serve`` is used)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from harness.models.base import GenerateConfig, ModelError, ModelOutput
from harness.models.formats import get_format
from harness.models.registry import load_model
from harness.models.wrapper import Model
from harness.types.messages import Function, Message, ToolCall
from tests.fakes.openai_server import FakeOpenAIServer, Reply, http_error

F = Function(name="f_for_t", description="d", parameters={"type": "object", "properties": {}})
HISTORY = [
    Message(role="system", content="Use tools."),
    Message(role="user", content="Do it."),
    Message(role="assistant", content="First f.", tool_call=ToolCall(name="f_for_t", arguments='{"a": 1}')),
    Message(role="tool", name="f_for_t", content="result one"),
]
FUNCTIONS_TEXT = (
    "Use tools.\nYour output should follow this format:\nThought:\nAction\nAction Input:\n"
    "\nSpecifically, you have access to the following APIs: [{'name': 'f_for_t', 'description': 'd', "
    "'parameters': {'type': 'object', 'properties': {}}}]"
)


def test_vicuna_layout() -> None:
    prompt = get_format("vicuna").render(HISTORY, [F])
    assert prompt == (
        FUNCTIONS_TEXT + " USER: Do it. ASSISTANT: Thought: First f.\nAction: f_for_t\nAction Input: "
        '{"a": 1}</s>USER: Observation: result one ASSISTANT:'
    )
    plain = get_format("vicuna").render([Message(role="user", content="Hi"), Message(role="user", content="Again")], [])
    assert plain == (
        "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, "
        "detailed, and polite answers to the user's questions. USER: Hi\nAgain ASSISTANT:"
    )


def test_alpaca_layout() -> None:
    first = get_format("alpaca").render(HISTORY[:2], [F])
    assert first == (
        "Below is an instruction that describes a task. Write a response that appropriately completes the "
        "request.\n\n### Instruction:\n" + FUNCTIONS_TEXT + "\n\nDo it.\n\n### Response:\n"
    )
    later = get_format("alpaca").render([*HISTORY, Message(role="user", content="Also g.")], [F])
    assert later.endswith(
        "### Instruction:\n" + FUNCTIONS_TEXT + "\n\nDo it.\n\n### Input:\nThought: First f.\nAction: f_for_t\n"
        'Action Input: {"a": 1}\nObservation: result one\nUser: Also g.\n\n### Response:\n'
    )
    assert later.startswith("Below is an instruction that describes a task, paired with an input")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAIServer]:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "local")
    with FakeOpenAIServer() as fake:
        yield fake


def generate(model: object, messages: list[Message], config: GenerateConfig | None = None) -> ModelOutput:
    assert isinstance(model, Model)
    return asyncio.run(model.generate(messages, [F], config or GenerateConfig()))


def test_toolllama_through_a_completions_server(server: FakeOpenAIServer) -> None:
    server.push(Reply(content='Thought: call f\nAction: f_for_t\nAction Input: {"a": 2}', usage=(120, 14)))
    model = load_model("toolllama", {"base_url": server.base_url, "model": "ToolLLaMA-2-7b-v2"})
    out = generate(model, HISTORY, GenerateConfig(stop=["\nEND"]))
    assert out.message.content == "call f"
    assert out.message.tool_call == ToolCall(name="f_for_t", arguments='{"a": 2}')
    assert out.raw_text == 'Thought: call f\nAction: f_for_t\nAction Input: {"a": 2}'
    assert (out.usage.prompt_tokens, out.usage.completion_tokens) == (120, 14)
    body = server.bodies("/completions")[0]
    assert body["model"] == "ToolLLaMA-2-7b-v2"
    assert body["prompt"] == get_format("toolllama").render(HISTORY, [F])
    assert body["stop"] == ["</s>", "\nFunction:", "\nUser:", "\nSystem:", "\nEND"]
    assert body["max_tokens"] == 512  # ToolBench's limit for ToolLLaMA


def test_text_model_replies_are_cut_at_stop_and_retried_on_errors(server: FakeOpenAIServer) -> None:
    server.push(http_error(503), Reply(content="Thought: no tool needed, the answer is 4.\nUser: thanks"))
    out = generate(load_model("vicuna", {"base_url": server.base_url, "retry_base": "0.01"}), HISTORY)
    assert out.message.tool_call is None
    assert out.message.content == "no tool needed, the answer is 4."
    assert out.extra["parse_error"] == "no 'Action:' in the reply"
    assert len(server.requests) == 2


def test_style_and_backend_arguments(server: FakeOpenAIServer) -> None:
    server.push("Action: f_for_t\nAction Input: {}")
    model = load_model("toolllama", {"base_url": server.base_url, "style": "stabletoolbench"})
    generate(model, HISTORY)
    assert "Assistant: Thought: First f.\nAction: f_for_t" in server.bodies("/completions")[0]["prompt"]
    with pytest.raises(ModelError, match="-M style='react' must be one of toolbench, stabletoolbench, train"):
        load_model("toolllama", {"base_url": server.base_url, "style": "react"})
    with pytest.raises(ModelError, match="does not take -M style"):
        load_model("vicuna", {"base_url": server.base_url, "style": "train"})


def test_served_model_name_defaults_to_the_published_checkpoint(server: FakeOpenAIServer) -> None:
    server.push("Action: f_for_t\nAction Input: {}")
    generate(load_model("toolllama", {"backend": "server", "base_url": server.base_url}), HISTORY)
    assert server.bodies("/completions")[0]["model"] == "ToolBench/ToolLLaMA-2-7b-v2"
