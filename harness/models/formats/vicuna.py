"""Vicuna v1.1's chat layout carrying the ReAct tool format.

The layout is FastChat's ``vicuna_v1.1``: the system text, then turns ``USER: <text>`` and
``ASSISTANT: <text>``, separated by a space after a user turn and by ``</s>`` after an assistant
turn, and the prompt ends with ``ASSISTANT:``. The system text is the conversation's own (with the
tool instructions and function list ToolLLaMA gets) or, without one, Vicuna's default with them. Vicuna has
no tool role, so a tool result is a user turn reading ``Observation: <result>``; consecutive turns of
one side are joined so the two roles alternate as the model was trained.
"""

from __future__ import annotations

from harness.models.formats.base import assistant_react, observation_text, visible
from harness.models.formats.toolllama import system_with_functions
from harness.types.messages import Function, Message

# Vicuna v1.1's default system text: part of the model's format, reproduced as its checkpoints expect.
DEFAULT_SYSTEM = (
    "A chat between a curious user and an artificial intelligence assistant. "
    "The assistant gives helpful, detailed, and polite answers to the user's questions."
)
USER, ASSISTANT = "USER", "ASSISTANT"
SEPARATORS = {USER: " ", ASSISTANT: "</s>"}


class VicunaFormat:
    """Prompts in Vicuna v1.1's layout."""

    name: str = "vicuna"
    stop: tuple[str, ...] = ("</s>", "USER:", "\nObservation:")

    def render(self, messages: list[Message], functions: list[Function]) -> str:
        """The prompt for the next assistant turn."""
        system = system_with_functions(DEFAULT_SYSTEM, functions) if functions else DEFAULT_SYSTEM
        turns: list[tuple[str, str]] = []
        for message in visible(messages):
            if message.role == "system":
                text = message.content or ""
                system = system_with_functions(text, functions) if functions else text
                continue
            role = ASSISTANT if message.role == "assistant" else USER
            text = assistant_react(message) if message.role == "assistant" else message.content or ""
            if message.role == "tool":
                text = observation_text(message)
            if turns and turns[-1][0] == role:
                turns[-1] = (role, turns[-1][1] + "\n" + text)
            else:
                turns.append((role, text))
        prompt = system + " "
        for role, text in turns:
            prompt += f"{role}: {text}{SEPARATORS[role]}"
        return prompt + f"{ASSISTANT}:"
