"""Alpaca's instruction layout carrying the ReAct tool format.

Alpaca is single-turn: a preamble, ``### Instruction:``, optionally ``### Input:``, and
``### Response:``. The instruction holds the system text (with the tool instructions and function
list) and the user's request; the steps taken so far go in the input as a ReAct scratchpad
(``Thought / Action / Action Input`` then ``Observation``); the response is the next step.
"""

from __future__ import annotations

from harness.models.formats.base import assistant_react, observation_text, visible
from harness.models.formats.toolllama import system_with_functions
from harness.types.messages import Function, Message

# Alpaca's two preambles: part of the model's format, reproduced as its checkpoints expect.
PREAMBLE = "Below is an instruction that describes a task. Write a response that appropriately completes the request."
PREAMBLE_WITH_INPUT = (
    "Below is an instruction that describes a task, paired with an input that provides further context. "
    "Write a response that appropriately completes the request."
)


class AlpacaFormat:
    """Prompts in Alpaca's instruction layout."""

    name: str = "alpaca"
    stop: tuple[str, ...] = ("###", "\nObservation:")

    def render(self, messages: list[Message], functions: list[Function]) -> str:
        """The prompt for the next step."""
        instruction: list[str] = []
        scratchpad: list[str] = []
        has_system = False
        for message in visible(messages):
            text = message.content or ""
            if message.role == "system":
                instruction.append(system_with_functions(text, functions) if functions else text)
                has_system = True
            elif message.role == "user" and not scratchpad:
                instruction.append(text)
            elif message.role == "user":
                scratchpad.append(f"User: {text}")
            elif message.role == "assistant":
                scratchpad.append(assistant_react(message))
            else:
                scratchpad.append(observation_text(message))
        if functions and not has_system:
            instruction.insert(0, system_with_functions("", functions).lstrip("\n"))
        body = "\n\n".join(part.strip("\n") for part in instruction)
        if not scratchpad:
            return f"{PREAMBLE}\n\n### Instruction:\n{body}\n\n### Response:\n"
        steps = "\n".join(scratchpad)
        return f"{PREAMBLE_WITH_INPUT}\n\n### Instruction:\n{body}\n\n### Input:\n{steps}\n\n### Response:\n"
