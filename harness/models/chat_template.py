"""A model's own chat template (from its tokenizer) as the prompt format.

Templates that take ``tools`` get the function list the standard way (``{"type": "function",
"function": ...}`` entries) and past calls as ``tool_calls``; their replies (often a JSON call in
``<tool_call>`` tags) are read by the same tolerant parser as the ReAct formats. A template without
tool support gets the function list and the ReAct instructions in its system message instead, so
no model is silently left without its functions.
"""

from __future__ import annotations

import json
from typing import Any

from harness.models.formats.base import visible
from harness.models.formats.toolllama import system_with_functions
from harness.types.messages import Function, Message


def _arguments(raw: str) -> Any:
    """Templates expect arguments as an object; text that is not one is passed as it is."""
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):  # ValueError: not JSON, or an integer past the digit limit
        return raw
    return value if isinstance(value, dict) else raw


def template_messages(messages: list[Message], with_tools: bool) -> list[dict[str, Any]]:
    """Messages as the dicts chat templates read."""
    out: list[dict[str, Any]] = []
    for message in visible(messages):
        entry: dict[str, Any] = {"role": message.role, "content": message.content or ""}
        call = message.tool_call
        if call is not None and with_tools:
            entry["tool_calls"] = [
                {"type": "function", "function": {"name": c.name, "arguments": _arguments(c.arguments)}}
                for c in message.calls
            ]
        elif call is not None:
            entry["content"] = (entry["content"] + "\n" if entry["content"] else "") + (
                f"Action: {call.name}\nAction Input: {call.arguments}"
            )
        if message.role == "tool":
            if with_tools:
                entry["name"] = message.name or ""
            else:
                entry = {"role": "user", "content": f"Observation: {message.content or ''}"}
        out.append(entry)
    return out


class ChatTemplateFormat:
    """Renders with ``tokenizer.apply_chat_template``."""

    name: str = "chat"
    stop: tuple[str, ...] = ()

    def __init__(self, tokenizer: Any) -> None:
        if not getattr(tokenizer, "chat_template", None):
            raise ValueError("the tokenizer has no chat template")
        self.tokenizer = tokenizer
        self.supports_tools = "tools" in str(tokenizer.chat_template)

    def render(self, messages: list[Message], functions: list[Function]) -> str:
        """The templated conversation with the generation prompt appended."""
        with_tools = bool(functions) and self.supports_tools
        dicts = template_messages(messages, with_tools)
        if functions and not with_tools:
            system_at = next((i for i, m in enumerate(dicts) if m["role"] == "system"), None)
            if system_at is None:
                dicts.insert(0, {"role": "system", "content": system_with_functions("", functions).lstrip("\n")})
            else:
                dicts[system_at]["content"] = system_with_functions(dicts[system_at]["content"], functions)
        options: dict[str, Any] = {"tokenize": False, "add_generation_prompt": True}
        if with_tools:
            options["tools"] = [{"type": "function", "function": f.model_dump()} for f in functions]
        return str(self.tokenizer.apply_chat_template(dicts, **options))
