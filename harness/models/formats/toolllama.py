"""ToolLLaMA's conversation format, as ToolBench's preprocessing and inference build it.

A ToolLLaMA checkpoint only works with the exact layout it was trained on, so the facts below follow
ToolBench (``preprocess/preprocess_toolllama_data.py``, ``toolbench/utils.py`` and the
``tool-llama-single-round`` template in ``toolbench/tool_conversation.py``):

- turns are tagged ``System``, ``User``, ``Function`` (tool results) and ``Assistant``, each turn
  written ``<Tag>: <text>`` and followed by a newline;
- the system text gets ToolBench's output-format sentence inserted after the phrase that asks for a
  function call, and then the function list appended as Python's ``str()`` of the list of function
  dicts (single-quoted reprs, not JSON);
- an assistant step is ``\\nThought: ...\\nAction: <name>\\nAction Input: <arguments>``, and the last
  turn of a training example ends with ``</s>``.

Three layouts of past assistant turns exist, all selectable with ``style``:

- ``toolbench``: ToolBench's inference (``tool_llama_model.py``), which writes only the thought of
  a past step (its Action is not shown) and ends the prompt with ``Assistant:\\n``. This is how the
  paper's ToolLLaMA numbers were produced, so it is the default.
- ``stabletoolbench``: StableToolBench's inference, which writes the whole past step
  (Thought / Action / Action Input) and also ends with ``Assistant:\\n``.
- ``train``: exactly the training layout from ToolBench's preprocessing, quirks included (a step
  whose message carries both a thought and a call is trained without the thought), ending with
  ``Assistant: `` where training targets begin.
"""

from __future__ import annotations

from typing import Any

from harness.models.formats.base import visible
from harness.models.formats.react import render_react
from harness.toolbench.toolllama_wording import ACTIVE as TOOLBENCH_WORDING
from harness.types.messages import Function, Message

ROLE_TAGS = {"system": "System", "user": "User", "tool": "Function", "assistant": "Assistant"}
STYLES = ("toolbench", "stabletoolbench", "train")
END_OF_EXAMPLE = "</s>"

# ToolBench's wording, reproduced verbatim because checkpoints were trained on it: the phrase its
# system prompt contains, the format sentence inserted after it, and the lead-in of the function list.
FORMAT_ANCHOR = "with a function call to actually excute your step."
FORMAT_SENTENCE = " Your output should follow this format:\nThought:\nAction\nAction Input:\n"
FUNCTIONS_LEAD = "\nSpecifically, you have access to the following APIs: "


def function_dicts(functions: list[Function] | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Functions as the plain dicts ToolBench prints (name, description, parameters)."""
    return [f.model_dump() if isinstance(f, Function) else f for f in functions]


def system_with_functions(system: str, functions: list[Function] | list[dict[str, Any]]) -> str:
    """ToolBench's system text for ToolLLaMA: the format sentence after the anchor phrase and the
    function list appended. A system prompt without ToolBench's anchor phrase (ToolBench would
    refuse it) gets the sentence appended on a line of its own instead."""
    if FORMAT_ANCHOR in system:
        system = system.replace(FORMAT_ANCHOR, FORMAT_ANCHOR + FORMAT_SENTENCE)
    else:
        system = system.rstrip("\n") + "\n" + FORMAT_SENTENCE.lstrip()
    return system + FUNCTIONS_LEAD + str(function_dicts(functions))


def _step(thought: str, name: str, arguments: str) -> str:
    """One assistant step as ToolBench's preprocessing writes it (note the leading newline)."""
    return "\n" + render_react(thought, name, arguments)


def training_turns(
    messages: list[Message], functions: list[Function] | list[dict[str, Any]]
) -> list[tuple[str, str]] | None:
    """The (role, text) turns ToolBench's preprocessing makes of one ``train_messages`` chain, or
    None when it makes none (the chain does not end in an assistant call).

    Assistant messages are folded the way the preprocessing folds them: a message with only a
    thought is held and prefixed to the next call in the same run of assistant messages; a message
    with a call is written as a step whose thought is the held one (the call's own content is not
    used); a thought still held when another role speaks is dropped.
    """
    turns: list[tuple[str, str]] = []
    held = ""
    for index, message in enumerate(messages):
        last = index + 1 == len(messages)
        if message.role != "assistant":
            text = message.content or ""
            if message.role == "system":
                text = system_with_functions(text, functions)
            turns.append((message.role, text))
            held = ""
            if last:
                return None
            continue
        call = message.tool_call
        if call is None:
            if last:
                return None
            held += f"\nThought: {message.content or ''}"
            continue
        step = (held or "\nThought: ") + f"\nAction: {call.name}\nAction Input: {call.arguments}"
        turns.append(("assistant", step))
        held = ""
        if last:
            return turns
    return None


def training_text(turns: list[tuple[str, str]]) -> str:
    """The training string of those turns (``tool-llama-single-round``): every turn ``<Tag>: <text>``
    and a newline, except the last, which ends with ``</s>``. An empty turn is written as the bare
    ``<Tag>:`` with no separator after it, as the template does."""
    out = ""
    for index, (role, text) in enumerate(turns):
        if not text:
            out += f"{ROLE_TAGS[role]}:"
        else:
            out += f"{ROLE_TAGS[role]}: {text}" + (END_OF_EXAMPLE if index + 1 == len(turns) else "\n")
    return out


class ToolLLaMAFormat:
    """Prompts for ToolLLaMA (see the module docstring for ``style``)."""

    name: str = "toolllama"
    stop: tuple[str, ...] = ("</s>", "\nFunction:", "\nUser:", "\nSystem:")

    def __init__(self, style: str = "toolbench") -> None:
        if style not in STYLES:
            raise ValueError(f"toolllama style must be one of {', '.join(STYLES)}, not {style!r}")
        self.style = style

    def render(self, messages: list[Message], functions: list[Function]) -> str:
        """The prompt for the next assistant turn."""
        if self.style == "train":
            return self._render_train(visible(messages), functions)
        # Under --wording, ToolBench's own rewrite of the system turn and its prompt end, read from
        # the checkout; otherwise the same facts as reproduced in this module.
        wording = TOOLBENCH_WORDING.get()
        prompt = ""
        for message in visible(messages):
            text = message.content or ""
            if message.role == "system" and functions:
                if wording is not None:
                    text = wording.system(text, function_dicts(functions))
                else:
                    text = system_with_functions(text, functions)
            elif message.role == "assistant" and self.style == "stabletoolbench" and message.tool_call is not None:
                text = render_react(text, message.tool_call.name, message.tool_call.arguments)
            prompt += f"{ROLE_TAGS[message.role]}: {text}\n"
        return prompt + (wording.prompt_end if wording is not None else "Assistant:\n")

    def _render_train(self, messages: list[Message], functions: list[Function]) -> str:
        prompt = ""
        held = ""
        for message in messages:
            if message.role == "assistant" and message.tool_call is None:
                held += f"\nThought: {message.content or ''}"
                continue
            if message.role == "assistant" and message.tool_call is not None:
                call = message.tool_call
                text = (held or "\nThought: ") + f"\nAction: {call.name}\nAction Input: {call.arguments}"
            elif message.role == "system" and functions:
                text = system_with_functions(message.content or "", functions)
            else:
                text = message.content or ""
            held = ""
            prompt += f"{ROLE_TAGS[message.role]}: {text}\n"
        return prompt + "Assistant: "
