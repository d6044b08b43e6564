"""ToolLLaMA's format on real ToolBench / StableToolBench trajectories.

The expected strings are written out by hand from ToolBench's rules (preprocess_toolllama_data.py,
process_system_message, the tool-llama-single-round template and tool_llama_model.py); long values
(observations, the user's request, ToolBench's system prompt) are taken from the file by position so
that no third-party text is copied into the repository.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.models.formats import get_format
from harness.models.formats.toolllama import system_with_functions, training_text, training_turns
from harness.toolbench.messages import message_from_toolbench
from harness.types.messages import Function, Message, ToolCall
from tests.conftest import require_shared_data

TOOLBENCH_57 = "toolbench/data_example/answer/G1_answer/57_ChatGPT_DFS_woFilter_w2.json"
STB_1073 = "stabletoolbench/data_example/answer/virtual_chatgpt_cot/G1_instruction/1073_CoT@1.json"
ANCHOR = "with a function call to actually excute your step."


def load(relative: str) -> tuple[list[list[dict[str, Any]]], list[dict[str, Any]]]:
    data = json.loads((require_shared_data() / relative).read_text(encoding="utf-8"))
    generation = data["answer_generation"]
    return generation["train_messages"], generation["function"]


def as_messages(chain: list[dict[str, Any]]) -> list[Message]:
    return [message_from_toolbench(m) for m in chain]


def expected_system(raw_system: str, functions: list[dict[str, Any]]) -> str:
    # ToolBench's rule: the format lines go right after the anchor phrase, then the list is appended
    # as Python's str() of the function dicts.
    assert ANCHOR in raw_system
    with_format = raw_system.replace(
        ANCHOR, ANCHOR + " Your output should follow this format:\nThought:\nAction\nAction Input:\n"
    )
    return with_format + "\nSpecifically, you have access to the following APIs: " + str(functions)


def test_system_prompt_lists_functions_as_python_reprs() -> None:
    chains, functions = load(TOOLBENCH_57)
    rendered = system_with_functions(chains[0][0]["content"], functions)
    assert rendered == expected_system(chains[0][0]["content"], functions)
    listing = rendered.split("you have access to the following APIs: ", 1)[1]
    assert listing.startswith(
        "[{'name': 'video_for_seo_api', 'description': 'This is the subfunction for tool \"seo_api\", you can use this"
    )
    assert listing.endswith("'required': ['return_type']}}]")
    # Our Function objects print exactly as ToolBench's dicts do.
    assert system_with_functions("x " + ANCHOR, [Function(**f) for f in functions]) == system_with_functions(
        "x " + ANCHOR, functions
    )


def test_toolbench_dfs_file_renders_as_toolbench_preprocessing() -> None:
    chains, functions = load(TOOLBENCH_57)
    chain = chains[-1]
    system, user, obs_products, obs_news, diversity, obs_search, apology = (
        chain[0]["content"],
        chain[1]["content"],
        chain[3]["content"],
        chain[5]["content"],
        chain[6]["content"],
        chain[8]["content"],
        chain[9]["content"],
    )
    finish_arguments = chain[10]["function_call"]["arguments"]
    expected = (
        "System: " + expected_system(system, functions) + "\n"
        "User: " + user + "\n"
        'Assistant: \nThought: \nAction: products_for_seo_api\nAction Input: {\n  "query": "latest iPhone 14"\n}\n'
        "Function: " + obs_products + "\n"
        'Assistant: \nThought: \nAction: news_for_seo_api\nAction Input: {\n  "query": "iPhone 14"\n}\n'
        "Function: " + obs_news + "\n"
        "User: " + diversity + "\n"
        # This message carried a thought and a call; the preprocessing keeps only the call.
        'Assistant: \nThought: \nAction: search_b_for_seo_api\nAction Input: {\n  "query": "iPhone 14 news"\n}\n'
        "Function: " + obs_search + "\n"
        # A thought-only message is held and written before the next call.
        "Assistant: \nThought: " + apology + "\nAction: Finish\nAction Input: " + finish_arguments + "</s>"
    )
    turns = training_turns(as_messages(chain), functions)
    assert turns is not None
    assert training_text(turns) == expected
    # The chain that ends with a thought and no call makes no training example; the others do.
    assert [training_turns(as_messages(c), functions) is not None for c in chains] == [True, True, True, False, True]


def test_stabletoolbench_cot_file_renders_as_toolbench_preprocessing() -> None:
    chains, functions = load(STB_1073)
    chain = chains[-1]
    assert "content" not in chain[2]  # StableToolBench omits the content of call-only turns
    expected = (
        "System: " + expected_system(chain[0]["content"], functions) + "\n"
        "User: " + chain[1]["content"] + "\n"
        'Assistant: \nThought: \nAction: popularsitesforquery_for_keyword_analysis\nAction Input: {\n  "q": '
        '"birthday party ideas"\n}\n'
        "Function: " + chain[3]["content"] + "\n"
        'Assistant: \nThought: \nAction: querykeywords_for_keyword_analysis\nAction Input: {\n  "q": '
        '"birthday party ideas"\n}\n'
        "Function: " + chain[5]["content"] + "\n"
        "Assistant: \nThought: "
        + chain[6]["content"]
        + "\nAction: Finish\nAction Input: "
        + chain[7]["function_call"]["arguments"]
        + "</s>"
    )
    turns = training_turns(as_messages(chain), functions)
    assert turns is not None
    assert training_text(turns) == expected
    first = training_turns(as_messages(chains[0]), functions)
    assert first is not None and training_text(first).endswith(
        'Assistant: \nThought: \nAction: popularsitesforquery_for_keyword_analysis\nAction Input: {\n  "q": '
        '"birthday party ideas"\n}</s>'
    )


def test_empty_turn_is_written_bare() -> None:
    turns = [("user", "Go"), ("tool", ""), ("assistant", "\nThought: \nAction: f\nAction Input: {}")]
    assert training_text(turns) == "User: Go\nFunction:Assistant: \nThought: \nAction: f\nAction Input: {}</s>"


def _prefix() -> tuple[list[Message], list[Function], list[dict[str, Any]]]:
    chains, functions = load(TOOLBENCH_57)
    chain = chains[-1][:6]  # system, user, call, result, call, result
    messages = as_messages(chain)
    # Our own strategies put the thought in the content of the call message.
    messages[2] = Message(role="assistant", content="Search products first.", tool_call=messages[2].tool_call)
    return messages, [Function(**f) for f in functions], chain


def test_toolbench_inference_prompt() -> None:
    messages, functions, chain = _prefix()
    prompt = get_format("toolllama").render(messages, functions)
    assert (
        prompt
        == (
            "System: " + expected_system(chain[0]["content"], [f.model_dump() for f in functions]) + "\n"
            "User: " + chain[1]["content"] + "\n"
            "Assistant: Search products first.\n"  # ToolBench's inference shows past thoughts only
            "Function: " + chain[3]["content"] + "\n"
            "Assistant: \n"
            "Function: " + chain[5]["content"] + "\n"
            "Assistant:\n"
        )
    )


def test_stabletoolbench_inference_prompt() -> None:
    messages, functions, chain = _prefix()
    prompt = get_format("toolllama", "stabletoolbench").render(messages, functions)
    assert prompt.endswith(
        'Assistant: Thought: Search products first.\nAction: products_for_seo_api\nAction Input: {\n  "query": '
        '"latest iPhone 14"\n}\n'
        "Function: " + chain[3]["content"] + "\n"
        'Assistant: Thought: \nAction: news_for_seo_api\nAction Input: {\n  "query": "iPhone 14"\n}\n'
        "Function: " + chain[5]["content"] + "\n"
        "Assistant:\n"
    )


def test_train_style_prompt_continues_like_training() -> None:
    chains, functions = load(TOOLBENCH_57)
    # The diversity prompt is marked hidden ("valid": false) for the model; for this comparison with
    # the training text, which keeps it, it is shown.
    chain = [{k: v for k, v in m.items() if k != "valid"} for m in chains[-1]]
    turns = training_turns(as_messages(chain), functions)
    assert turns is not None
    full = training_text(turns)
    prompt = get_format("toolllama", "train").render(as_messages(chain[:-2]), [Function(**f) for f in functions])
    # Up to the open assistant tag, the prompt is the training text; the held thought is not shown yet.
    assert full.startswith(prompt.removesuffix("Assistant: "))
    assert prompt.endswith("Function: " + chain[8]["content"] + "\nAssistant: ")


def test_unknown_style_is_refused() -> None:
    with pytest.raises(ValueError, match="toolllama style must be one of"):
        get_format("toolllama", "chatml")


def test_no_functions_leaves_the_system_text_alone() -> None:
    messages = [Message(role="system", content="Be brief."), Message(role="user", content="Hi")]
    assert get_format("toolllama").render(messages, []) == "System: Be brief.\nUser: Hi\nAssistant:\n"


def test_hidden_turns_are_not_rendered(tmp_path: Path) -> None:
    messages = [
        Message(role="user", content="Task"),
        Message(role="user", content="secret hint", valid=False),
        Message(role="assistant", content="ok", tool_call=ToolCall(name="f", arguments="{}")),
    ]
    assert "secret" not in get_format("toolllama").render(messages, [])
