"""Reading a tool call out of "Thought / Action / Action Input" text, tolerantly.

Models without native tool calling (ToolLLaMA, Vicuna, Alpaca, a chat-template model) answer in
text. Their output drifts from the format in predictable ways: the Thought is missing, the input is
wrapped in a code fence or followed by a made-up Observation, the JSON uses single quotes or has a
trailing comma or is cut off. ``parse_react`` reads what can be read and never raises: a reply with
no readable action comes back without a call, so the strategy can answer with a parse-error
observation. A reply with an action but arguments that are not JSON keeps the raw argument text,
which the tool environment rejects with ToolBench's code 2, as ToolBench does.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from typing import Any

from harness.types.messages import ToolCall

# Where a reply ends even if the model went on: end-of-sequence tokens, and the next turn's tag.
_END_TOKENS = ("</s>", "<|eot_id|>", "<|im_end|>", "<|endoftext|>", "<|end|>")
_NEXT_TURN = re.compile(
    r"\n\s*(?:Observation|Function|User|System|Assistant|USER|ASSISTANT|Human|### (?:Instruction|Input|Response))\s*:",
)
_BOLD_MARKER = re.compile(r"\*\*\s*(Thought|Action Input|Action)\s*(:?)\s*\*\*", re.IGNORECASE)
_ACTION = re.compile(r"(?i)(?<![A-Za-z])action(?:\s*\d+)?\s*:")
_ACTION_INPUT = re.compile(r"(?i)(?<![A-Za-z])action[ _]?input(?:\s*\d+)?\s*:")
_THOUGHT = re.compile(r"^\s*(?:thought(?:\s*\d+)?\s*:\s*)+", re.IGNORECASE)
_CALL_SYNTAX = re.compile(r"^([\w.\-]+)\s*\((.*)\)\s*$", re.DOTALL)
_FENCE = re.compile(r"```[a-zA-Z0-9_-]*\s*\n?(.*?)(?:```|$)", re.DOTALL)
_OPENER = re.compile(r"(?:<tool_call>|```[a-zA-Z0-9_-]*)\s*$")  # what wraps a JSON call
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_MAX_JSON_STARTS = 64  # bounds the search on replies full of braces
_NAME_JUNK = " \t\r\n`'\"*.,;:[]<>"


@dataclass(frozen=True)
class ParsedReply:
    """What a text reply says: its thought, the call (None when no action could be read) and,
    without a call, why not."""

    thought: str
    tool_call: ToolCall | None
    problem: str | None = None


def render_react(thought: str, name: str, arguments: str) -> str:
    """The canonical text of one step; ``parse_react`` reads it back unchanged."""
    return f"Thought: {thought}\nAction: {name}\nAction Input: {arguments}"


def _reply_end(text: str) -> int:
    """Where the reply ends: the first end-of-sequence token or next-turn tag (or the end)."""
    end = len(text)
    for token in _END_TOKENS:
        at = text.find(token)
        if 0 <= at < end:
            end = at
    turn = _NEXT_TURN.search(text)
    return min(end, turn.start()) if turn is not None else end


def _balanced_object(text: str, start: int) -> tuple[str, bool]:
    """The ``{...}`` starting at ``start`` (quotes of both kinds respected), and whether it closed.
    An unclosed object is returned completed with the quote and braces it lacked."""
    depth = 0
    quote: str | None = None
    escaped = False
    for i in range(start, len(text)):
        char = text[i]
        if quote is not None:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[start : i + 1], True
    tail = text[start:].rstrip()
    return tail + (quote or "") + "}" * max(depth, 0), False


def _as_object(candidate: str) -> dict[str, Any] | None:
    """``candidate`` as a JSON object, trying the repairs models most often need."""
    attempts = (candidate, _TRAILING_COMMA.sub(r"\1", candidate))
    for attempt in attempts:
        try:
            value = json.loads(attempt, strict=False)  # strict=False: raw newlines inside strings
        except (json.JSONDecodeError, RecursionError):
            pass
        else:
            return value if isinstance(value, dict) else None
    for attempt in attempts:
        try:
            value = ast.literal_eval(attempt)  # single quotes, True/False/None
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
        if isinstance(value, dict):
            return value
    return None


def parse_arguments(raw: str) -> str:
    """The argument string of a call from the text after ``Action Input:``.

    Valid JSON is kept as the model wrote it; JSON that needed repair is re-serialised; anything
    else is returned as the raw text (its first line), and an empty input means no arguments. An
    object is read across end tokens and turn tags that sit inside its strings; outside an object
    they end the input.
    """
    text = raw.strip()
    fenced = _FENCE.search(text)
    if fenced and text.startswith("```"):
        text = fenced.group(1).strip()
    end = _reply_end(text)
    start = text.find("{")
    if start < 0 or start > end:
        first_line = text[:end].split("\n", 1)[0].strip()
        return first_line if first_line else "{}"
    candidate, closed = _balanced_object(text, start)
    if not closed:
        candidate, _ = _balanced_object(text[:end], start)
    try:
        if closed and isinstance(json.loads(candidate), dict):
            return candidate
    except (json.JSONDecodeError, RecursionError):
        pass
    repaired = _as_object(candidate)
    if repaired is None:
        return candidate if closed else text[start:end].strip()
    return json.dumps(repaired, ensure_ascii=False, default=str)


def _clean_name(raw: str) -> str:
    name = raw.strip().strip(_NAME_JUNK)
    # ChatGPT sometimes prefixes a namespace ("functions.x"); ToolBench keeps the last part.
    return name.split(".")[-1].strip(_NAME_JUNK) if "." in name else name


def _json_tool_call(text: str) -> tuple[int, ToolCall] | None:
    """A ``{"name": ..., "arguments": {...}}`` object anywhere in ``text`` (the shape chat-template
    models such as Hermes or Qwen emit), with where it starts."""
    for attempt, match in enumerate(re.finditer(r"\{", text)):
        if attempt >= _MAX_JSON_STARTS:
            break
        candidate, closed = _balanced_object(text, match.start())
        if not closed:
            continue
        value = _as_object(candidate)
        if not value or not isinstance(value.get("name"), str) or not ({"arguments", "parameters"} & value.keys()):
            continue
        arguments = value.get("arguments", value.get("parameters", {}))
        if isinstance(arguments, str):
            arguments = parse_arguments(arguments)
        else:
            arguments = json.dumps(arguments, ensure_ascii=False, default=str)
        name = _clean_name(value["name"])
        if name:
            return match.start(), ToolCall(name=name, arguments=arguments)
    return None


def _thought(text: str) -> str:
    return _THOUGHT.sub("", text).strip()


def parse_react(text: str) -> ParsedReply:
    """Read ``text`` as "Thought: ...\\nAction: name\\nAction Input: {...}". Never raises."""
    full = _BOLD_MARKER.sub(r"\1:", text)
    reply = full[: _reply_end(full)]
    action = _ACTION.search(reply)
    if action is None:
        found = _json_tool_call(reply)
        if found is not None:
            start, call = found
            return ParsedReply(_thought(_OPENER.sub("", reply[:start])), call)
        return ParsedReply(_thought(reply), None, "no 'Action:' in the reply")
    thought = _thought(reply[: action.start()])
    rest = reply[action.end() :]
    after = full[action.end() :]  # the arguments may run past an end marker inside a string
    action_input = _ACTION_INPUT.search(rest)
    if action_input is not None:
        name_part, raw_input = rest[: action_input.start()], after[action_input.end() :]
    else:
        line_end = rest.find("\n")
        name_part, raw_input = (rest, "") if line_end < 0 else (rest[:line_end], after[line_end + 1 :])
    name_line = name_part.strip().split("\n", 1)[0]
    inline = _CALL_SYNTAX.match(name_line.strip())
    if inline is not None and not raw_input[: _reply_end(raw_input)].strip():
        name_line, raw_input = inline.group(1), inline.group(2)
    name = _clean_name(name_line)
    if not name:
        return ParsedReply(thought, None, "the 'Action:' names no function")
    return ParsedReply(thought, ToolCall(name=name, arguments=parse_arguments(raw_input)))
