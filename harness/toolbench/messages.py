"""ToolBench's chat-message dicts (``train_messages``) to and from our ``Message``."""

from __future__ import annotations

from typing import Any

from harness.types.messages import Message, ToolCall

_NO_CONTENT = "toolbench_no_content"
_KEY_ORDER = "toolbench_key_order"


class MessageFormatError(ValueError):
    """A message dict that is not in ToolBench's layout."""


def message_from_toolbench(raw: dict[str, Any]) -> Message:
    """One ToolBench message (roles system/user/assistant/function) as a ``Message``."""
    if not isinstance(raw, dict) or "role" not in raw:
        raise MessageFormatError(f"message is not an object with a 'role': {str(raw)[:80]}")
    data = dict(raw)
    role = data.pop("role")
    call = data.pop("function_call", None)
    fields: dict[str, Any] = {}
    if "content" in data:
        fields["content"] = data.pop("content")
    else:
        # ToolBench omits content on some assistant turns and writes null on others; remember which.
        fields[_NO_CONTENT] = True
    if role == "function":
        role = "tool"
    elif role not in ("system", "user", "assistant"):
        raise MessageFormatError(f"unknown message role {role!r}")
    if call is not None:
        if not isinstance(call, dict) or "name" not in call:
            raise MessageFormatError("function_call must be an object with a 'name'")
        fields["tool_call"] = ToolCall(name=call["name"], arguments=call.get("arguments", ""))
    if "name" in data:
        fields["name"] = data.pop("name")
    message = Message(role=role, **fields, **data)
    if list(message_to_toolbench(message)) != list(raw):  # ToolBench's writers vary it; a round trip keeps it
        setattr(message, _KEY_ORDER, list(raw))
    return message


def message_to_toolbench(message: Message) -> dict[str, Any]:
    """A ``Message`` as ToolBench writes it; a content the source omitted stays omitted."""
    extra = dict(message.model_extra or {})
    order = extra.pop(_KEY_ORDER, None)
    out: dict[str, Any] = {"role": "function" if message.role == "tool" else message.role}
    if message.role == "tool":
        out["name"] = message.name
    if not extra.pop(_NO_CONTENT, False):
        out["content"] = message.content
    if message.tool_call is not None:
        out["function_call"] = {"name": message.tool_call.name, "arguments": message.tool_call.arguments}
    out.update(extra)
    if isinstance(order, list) and set(order) == set(out):
        out = {key: out[key] for key in order}
    return out
