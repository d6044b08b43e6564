"""Tool use through plain chat: for chat models without native tool calling (Claude 2, or a served
model whose server has no tool parser), the function list goes into the system message in
ToolBench's ReAct layout and replies are read with the tolerant "Thought / Action / Action Input"
parser, exactly as for the text-format models."""

from __future__ import annotations

from harness.models.base import GenerateConfig, ModelAdapter, ModelOutput
from harness.models.formats.base import assistant_react, observation_text, read_reply, visible
from harness.models.formats.toolllama import system_with_functions
from harness.types.messages import Function, Message

TOOL_FORMATS = ("native", "react")


def react_messages(messages: list[Message], functions: list[Function]) -> list[Message]:
    """The conversation with the functions described in the system message, past calls written
    as ReAct steps and tool results as user observations."""
    out: list[Message] = []
    has_system = False
    for message in visible(messages):
        if message.role == "system":
            text = system_with_functions(message.content or "", functions) if functions else message.content
            out.append(Message(role="system", content=text))
            has_system = True
        elif message.role == "assistant":
            out.append(Message(role="assistant", content=assistant_react(message)))
        elif message.role == "tool":
            out.append(Message(role="user", content=observation_text(message)))
        else:
            out.append(Message(role="user", content=message.content or ""))
    if functions and not has_system:
        out.insert(0, Message(role="system", content=system_with_functions("", functions).lstrip("\n")))
    return out


class ReActChatAdapter:
    """Wraps a chat adapter so that it is asked in text and answered with one parsed call."""

    def __init__(self, inner: ModelAdapter, name: str) -> None:
        self.inner = inner
        self.name = name

    async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        output = await self.inner.generate(react_messages(messages, functions), [], config)
        text = output.message.content or ""
        message, extra = read_reply(text)
        return output.model_copy(update={"message": message, "raw_text": text, "extra": {**output.extra, **extra}})

    async def aclose(self) -> None:
        closer = getattr(self.inner, "aclose", None)
        if closer is not None:
            await closer()
