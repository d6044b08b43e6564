"""The hf backend with a tiny random Llama the test builds itself: prompt rendering, batching,
determinism, stop strings, context handling and token counts (not text quality)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

pytest.importorskip("transformers", reason="needs the hf extra")

from harness.models.base import GenerateConfig, ModelCallError, ModelError, ModelOutput
from harness.models.formats import get_format
from harness.models.hf import require_extra
from harness.models.registry import load_model
from harness.models.text_adapter import TextFormatAdapter
from harness.models.wrapper import Model
from harness.types.messages import Function, Message, ToolCall
from tests.models.tiny_llama import build_tiny_llama

WEATHER = Function(
    name="get_weather_for_weather",
    description="weather of a city",
    parameters={"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"], "optional": []},
)
SYSTEM = "You are a tool user, with a function call to actually excute your step. Be brief."
TASK = [Message(role="system", content=SYSTEM), Message(role="user", content="the weather in Paris")]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_llama(tmp_path_factory.mktemp("tiny-llama"))


@pytest.fixture(scope="module")
def tiny_chat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_llama(tmp_path_factory.mktemp("tiny-llama-chat"), chat_template=True)


@pytest.fixture(scope="module")
def toolllama(tiny: Path) -> Model:
    model = load_model("toolllama", {"path": str(tiny)})
    assert isinstance(model, Model)
    return model


def adapter_of(model: Model) -> TextFormatAdapter:
    assert isinstance(model.adapter, TextFormatAdapter)
    return model.adapter


def run(model: Model, messages: list[Message], config: GenerateConfig, n: int = 1) -> list[ModelOutput]:
    async def go() -> list[ModelOutput]:
        return await asyncio.gather(*(model.generate(messages, [WEATHER], config) for _ in range(n)))

    return asyncio.run(go())


def test_prompt_is_the_toolllama_rendering_and_tokens_are_counted(toolllama: Model) -> None:
    adapter = adapter_of(toolllama)
    out = run(toolllama, TASK, GenerateConfig(max_tokens=6))[0]
    prompt = get_format("toolllama").render(TASK, [WEATHER])
    assert prompt.startswith(
        "System: You are a tool user, with a function call to actually excute your step. Your output should follow "
        "this format:\nThought:\nAction\nAction Input:\n Be brief.\nSpecifically, you have access to the following "
        "APIs: [{'name': 'get_weather_for_weather', 'description': 'weather of a city', 'parameters': {'type': "
    )
    assert prompt.endswith("User: the weather in Paris\nAssistant:\n")
    assert out.usage.prompt_tokens == adapter.backend.count_tokens(prompt)  # type: ignore[attr-defined]
    assert 0 < out.usage.completion_tokens <= 6
    assert out.raw_text is not None and out.message.role == "assistant"
    # A random model writes no "Action:": the text comes back as content with the reason.
    assert out.message.tool_call is None and out.extra["parse_error"]


def test_temperature_zero_is_deterministic_and_batching_changes_nothing(toolllama: Model) -> None:
    backend = adapter_of(toolllama).backend
    conversations = [TASK, [*TASK[:1], Message(role="user", content="search for books title Dune author")]]
    config = GenerateConfig(max_tokens=10)
    sequential = [run(toolllama, c, config)[0] for c in conversations]
    before = len(backend.batcher.batch_sizes)  # type: ignore[attr-defined]

    async def together() -> list[ModelOutput]:
        calls = [toolllama.generate(c, [WEATHER], config) for c in conversations for _ in range(3)]
        return await asyncio.gather(*calls)

    batched = asyncio.run(together())
    sizes = backend.batcher.batch_sizes[before:]  # type: ignore[attr-defined]
    assert max(sizes) > 1 and sum(sizes) == 6  # requests issued together ran together
    texts = [o.raw_text for o in batched]
    assert texts == [sequential[0].raw_text] * 3 + [sequential[1].raw_text] * 3
    assert [o.usage for o in batched[::3]] == [s.usage for s in sequential]


def test_sampling_follows_the_seed(toolllama: Model) -> None:
    first = run(toolllama, TASK, GenerateConfig(temperature=1.0, seed=11, max_tokens=12))[0]
    again = run(toolllama, TASK, GenerateConfig(temperature=1.0, seed=11, max_tokens=12))[0]
    assert first.raw_text == again.raw_text
    others = {
        run(toolllama, TASK, GenerateConfig(temperature=1.0, seed=s, max_tokens=12))[0].raw_text for s in range(4)
    }
    assert len(others) > 1


def test_stop_strings_end_the_reply(toolllama: Model) -> None:
    free = run(toolllama, TASK, GenerateConfig(max_tokens=16))[0]
    words = (free.raw_text or "").split()
    assert len(words) >= 4
    stop = words[3]
    cut = run(toolllama, TASK, GenerateConfig(max_tokens=16, stop=[stop]))[0]
    assert cut.raw_text is not None and stop not in cut.raw_text
    assert free.raw_text is not None and free.raw_text.startswith(cut.raw_text.rstrip())
    assert cut.usage.completion_tokens < free.usage.completion_tokens


def test_long_prompts_are_cut_from_the_front_or_refused(tiny: Path) -> None:
    long_task = [*TASK, Message(role="user", content="one two three " * 60)]
    model = load_model("toolllama", {"path": str(tiny), "max_context": "96"})
    assert isinstance(model, Model)
    out = run(model, long_task, GenerateConfig(max_tokens=8))[0]
    assert out.extra["truncated_prompt"] is True
    assert out.usage.prompt_tokens == 96 - 8 - 8  # ToolBench's rule: context - new tokens - 8
    strict = load_model("toolllama", {"path": str(tiny), "max_context": "96", "context_policy": "refuse"})
    assert isinstance(strict, Model)
    with pytest.raises(ModelCallError, match="exceeds the model's context of 96 tokens"):
        run(strict, long_task, GenerateConfig(max_tokens=8))


def test_chat_template_with_tools(tiny_chat: Path) -> None:
    model = load_model(f"hf:{tiny_chat}", {})
    assert isinstance(model, Model)
    adapter = adapter_of(model)
    history = [
        *TASK,
        Message(role="assistant", content="", tool_call=ToolCall(name=WEATHER.name, arguments='{"city": "Paris"}')),
        Message(role="tool", name=WEATHER.name, content="sunny"),
    ]
    prompt = adapter.format.render(history, [WEATHER])
    tools_line, *rest = prompt.split("\n")
    assert json.loads(tools_line.removeprefix("<|tools|>")) == [{"type": "function", "function": WEATHER.model_dump()}]
    assert rest[0] == "<|system|>" + SYSTEM  # the function list went through the template, not the system text
    assert '"arguments": {"city": "Paris"}' in prompt and "<|tool|>sunny" in prompt
    assert prompt.endswith("<|assistant|>")
    out = run(model, history, GenerateConfig(max_tokens=4))[0]
    # The template writes no BOS and the backend adds none.
    assert out.usage.prompt_tokens == len(adapter.backend.tokenizer(prompt, add_special_tokens=False).input_ids)  # type: ignore[attr-defined]


def test_hf_without_template_uses_the_toolllama_format(tiny: Path) -> None:
    model = load_model(f"hf:{tiny}", {"format": "vicuna"})
    assert isinstance(model, Model) and adapter_of(model).format.name == "vicuna"
    assert adapter_of(load_model(f"hf:{tiny}", {})).format.name == "toolllama"  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="no chat template"):
        load_model(f"hf:{tiny}", {"format": "chat"})


def test_missing_weights_and_extras_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HARNESS_TOOLLLAMA_PATH", raising=False)
    with pytest.raises(ModelError) as failure:
        load_model("toolllama", {})
    message = str(failure.value)
    assert "\n" not in message and "-M path=" in message and "HARNESS_TOOLLLAMA_PATH" in message
    with pytest.raises(ModelError, match="weights not found at /nowhere"):
        load_model("toolllama", {"path": "/nowhere"})
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match=r"holds no config\.json"):
        load_model("vicuna", {"path": str(tmp_path / "empty")})
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError, match="HF_HUB_OFFLINE is set"):
        load_model("hf:someone/some-model", {})
    with pytest.raises(ModelError, match=r"needs the hf extra \(no_such_module_xyz not installed\): pip install"):
        require_extra(("no_such_module_xyz",), "hf", "pip install -e '.[hf]'", "toolllama")


def test_vllm_backend_without_the_extra_points_to_vllm_serve(tiny: Path) -> None:
    pytest.importorskip("harness")  # always there; the check below is about vllm being absent
    import importlib.util

    if importlib.util.find_spec("vllm") is not None:
        pytest.skip("vllm is installed here")
    with pytest.raises(ModelError) as failure:
        load_model("toolllama", {"path": str(tiny), "backend": "vllm"})
    message = str(failure.value)
    assert "vllm extra" in message and "vllm serve" in message and "-M base_url=" in message
