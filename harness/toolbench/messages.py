"""ToolBench's chat-message dicts (``train_messages``) to and from our ``Message``.

ToolBench writes one call per assistant turn (``function_call``) answered by a ``function`` turn.
StableToolBench writes a turn with several calls as OpenAI does (a ``tool_calls`` list with ids),
each answered by a ``tool`` turn naming its ``tool_call_id``; both shapes are read, and written back
as they were read. Our own multi-call turns are written in StableToolBench's shape.
"""

from __future__ import annotations

from typing import Any

from harness.types.messages import Message, ToolCall

_NO_CONTENT = "toolbench_no_content"
_KEY_ORDER = "toolbench_key_order"
# A read turn's raw ``tool_calls`` list (one call is written so too, and in the source's layout).
_RAW_CALLS = "toolbench_tool_calls"
# A read result turn whose role was ``tool`` (StableToolBench) rather than ``function``.
_TOOL_ROLE = "toolbench_tool_role"


class MessageFormatError(ValueError):
    """A message dict that is not in ToolBench's layout."""


def message_from_toolbench(raw: dict[str, Any]) -> Message:
    """One ToolBench message (roles system/user/assistant/function) as a ``Message``."""
    if not isinstance(raw, dict) or "role" not in raw:
        raise MessageFormatError(f"message is not an object with a 'role': {str(raw)[:80]}")
    data = dict(raw)
    role = data.pop("role")
    # A null function_call or tool_calls (single_chain.py keeps OpenAI's None fields) stays as
    # read, an unknown key.
    call = data.pop("function_call") if data.get("function_call") is not None else None
    listed = data.pop("tool_calls") if isinstance(data.get("tool_calls"), list) else None
    fields: dict[str, Any] = {}
    if "content" in data:
        fields["content"] = data.pop("content")
    else:
        # ToolBench omits content on some assistant turns and writes null on others; remember which.
        fields[_NO_CONTENT] = True
    if role == "function":
        role = "tool"
    elif role == "tool":
        fields[_TOOL_ROLE] = True
    elif role not in ("system", "user", "assistant"):
        raise MessageFormatError(f"unknown message role {role!r}")
    if call is not None:
        if not isinstance(call, dict) or "name" not in call:
            raise MessageFormatError("function_call must be an object with a 'name'")
        fields["tool_call"] = ToolCall(name=call["name"], arguments=call.get("arguments", ""))
    if listed is not None:
        calls = _calls_from_list(listed)
        fields["tool_call"] = calls[0] if calls else None
        fields["more_calls"] = calls[1:]
        fields[_RAW_CALLS] = listed
    if "tool_call_id" in data:
        fields["tool_call_id"] = data.pop("tool_call_id")
    if "name" in data:
        fields["name"] = data.pop("name")
    message = Message(role=role, **fields, **data)
    if list(message_to_toolbench(message)) != list(raw):  # ToolBench's writers vary it; a round trip keeps it
        setattr(message, _KEY_ORDER, list(raw))
    return message


def _calls_from_list(listed: Any) -> list[ToolCall]:
    if not isinstance(listed, list):
        raise MessageFormatError("tool_calls must be a list")
    calls: list[ToolCall] = []
    for raw in listed:
        function = raw.get("function") if isinstance(raw, dict) else None
        if not isinstance(function, dict) or "name" not in function:
            raise MessageFormatError("each of tool_calls must hold a 'function' object with a 'name'")
        call_id = raw.get("id")
        calls.append(
            ToolCall(
                name=function["name"],
                arguments=function.get("arguments", ""),
                id=call_id if isinstance(call_id, str) else None,
            )
        )
    return calls


def _calls_to_list(calls: list[ToolCall]) -> list[dict[str, Any]]:
    return [{"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}} for c in calls]


def messages_to_toolbench(messages: list[Message]) -> list[dict[str, Any]]:
    """A conversation as (Stable)ToolBench writes it: the results of a multi-call turn are ``tool``
    turns naming their call's id, as StableToolBench's loops write them."""
    out: list[dict[str, Any]] = []
    parallel = False
    for message in messages:
        if message.role == "assistant":
            parallel = len(message.calls) > 1
        out.append(message_to_toolbench(message, tool_role=parallel))
    return out


def message_to_toolbench(message: Message, tool_role: bool = False) -> dict[str, Any]:
    """A ``Message`` as ToolBench writes it; a content the source omitted stays omitted. A result
    turn is written as a ``tool`` turn with its call id where ``tool_role`` or it was read so."""
    extra = dict(message.model_extra or {})
    order = extra.pop(_KEY_ORDER, None)
    raw_calls = extra.pop(_RAW_CALLS, None)
    tool_role = extra.pop(_TOOL_ROLE, False) or tool_role
    if message.role == "tool" and tool_role:
        out: dict[str, Any] = {"role": "tool", "name": message.name}
    else:
        out = {"role": "function" if message.role == "tool" else message.role}
        if message.role == "tool":
            out["name"] = message.name
    if not extra.pop(_NO_CONTENT, False):
        out["content"] = message.content
    if message.role == "tool" and tool_role:
        out["tool_call_id"] = message.tool_call_id
    if raw_calls is not None:
        out["tool_calls"] = raw_calls
    elif message.more_calls:
        out["tool_calls"] = _calls_to_list(message.calls)
    elif message.tool_call is not None:
        out["function_call"] = {"name": message.tool_call.name, "arguments": message.tool_call.arguments}
    out.update(extra)
    if isinstance(order, list) and set(order) == set(out):
        out = {key: out[key] for key in order}
    return out
