"""Reading a tool call out of "Thought / Action / Action Input" text, tolerantly.

Models without native tool calling (ToolLLaMA, Vicuna, Alpaca, a chat-template model) answer in
text. Their output drifts from the format in predictable ways: the Thought is missing, the input is
wrapped in a code fence or followed by a made-up Observation, the JSON uses single quotes or has a
trailing comma or is cut off. ``parse_react`` reads what can be read and never raises: a reply with
no readable action comes back without a call, so the strategy can answer with a parse-error
observation. A reply with an action but arguments that are not JSON keeps the raw argument text,
which the tool environment rejects with ToolBench's code 2, as ToolBench does.

Reading takes time linear in the reply, whatever it holds: no pattern rescans a run of text from
each of its positions, and the Python-level walk over a broken object is bounded in steps.
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
_TAG = r"(?:Observation|Function|User|System|Assistant|USER|ASSISTANT|Human|### (?:Instruction|Input|Response))"
_TAG_WORD = re.compile(_TAG)  # starts with a letter or '#': searched at C speed
# A tag after a line break, matched from the last line break before it ([^\S\n]: blanks other than
# newlines; _reply_end moves back to the first). ``\n\s*Tag`` would rescan a long blank run from
# each of its newlines: quadratic. The look-ahead rejects most positions on their first character.
_NEXT_TURN = re.compile(r"\n[^\S\n]*+(?=[OFUSAH#])" + _TAG + r"\s*+:")
_BOLD_MARKER = re.compile(r"\*\*\s*(Thought|Action Input|Action)\s*(:?)\s*\*\*", re.IGNORECASE)
# "action" not preceded by a letter; the look-behind comes after the word, where it is tried only
# on a match (first, it would be tried at every character).
_ACTION = re.compile(r"(?i)action(?<![a-z]action)(?:\s*\d+)?\s*:")
_ACTION_INPUT = re.compile(r"(?i)action(?<![a-z]action)[ _]?input(?:\s*\d+)?\s*:")
_THOUGHT = re.compile(r"^\s*+(?:thought(?:\s*\d+)?\s*:\s*)+", re.IGNORECASE)
_CALL_SYNTAX = re.compile(r"^([\w.\-]+)\s*\((.*)\)\s*$", re.DOTALL)
_FENCE_OPEN = re.compile(r"```[a-zA-Z0-9_-]*")
_OPENER = re.compile(r"(?:<tool_call>|```[a-zA-Z0-9_-]*)\s*$")  # what wraps a JSON call
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_NAME_JUNK = " \t\r\n`'\"*.,;:[]<>"

# Reading a broken object walks it brace by brace and string by string in Python, so the walk is
# bounded: a reply full of braces must not cost seconds. Valid JSON never needs the walk (the C
# decoder reads it whole), so only repairs of very large broken objects are given up.
_WALK_STEPS = 4_096  # braces and strings walked per reading
_LITERAL_CHARS = 1 << 16  # longest object tried as a Python literal (ast is ~0.5 us a character)
_MAX_JSON_CALLS = 64  # candidate objects read as a chat-template call
_JSON_CALL_CHARS = 1 << 21  # characters of candidates decoded in one search for such a call
_STRUCTURE = re.compile(r"[{}\"']")
# The rest of a string after its opening quote, escapes included (possessive: no backtracking).
_STRING_REST = {quote: re.compile(rf"[^{quote}\\]*+(?:\\.[^{quote}\\]*+)*+{quote}", re.DOTALL) for quote in "\"'"}
_STRICT = json.JSONDecoder()
_LENIENT = json.JSONDecoder(strict=False)  # strict=False: raw newlines inside strings
_NOTHING = object()


@dataclass(frozen=True)
class ParsedReply:
    """What a text reply says: its thought, the call (None when no action could be read) and,
    without a call, why not."""

    thought: str
    tool_call: ToolCall | None
    problem: str | None = None
    # The arguments of an Action that names nothing: ToolBench's react_parser reads that as a call of
    # "", which its ends-with lookup sends to the first API (profile toolbench follows it).
    nameless_arguments: str | None = None


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
    word = _TAG_WORD.search(text)
    if word is None:
        return end
    # Newline-dense text is slow to search for the tag's line break, so start at the first tag.
    turn = _NEXT_TURN.search(text, len(text[: word.start()].rstrip()))
    if turn is None:
        return end
    # The reply ends at the first line break of the blank run before the tag.
    blank_from = len(text[: turn.start()].rstrip())
    return min(end, text.find("\n", blank_from, turn.start() + 1))


class _Budget:
    """Steps left for walking broken objects during one reading."""

    def __init__(self) -> None:
        self.steps = _WALK_STEPS


@dataclass
class _Walk:
    """One walk over the object opening at some ``{``: the ``(start, end)`` of every object that
    closed inside it (end exclusive, innermost first), where the walked object closed (None: not
    before the walk stopped), and the braces and the string still open where it stopped."""

    closed: list[tuple[int, int]]
    end: int | None
    depth: int
    quote: str | None
    gave_up: bool  # the budget ran out before the walk reached its end


def _walk(text: str, start: int, stop: int, budget: _Budget) -> _Walk:
    """Walk the object opening at ``text[start]`` up to ``stop``, respecting strings in quotes of
    both kinds: one step per brace or string, each string skipped by a regular expression."""
    opened: list[int] = []
    closed: list[tuple[int, int]] = []
    quote: str | None = None
    at = start
    while budget.steps > 0:
        budget.steps -= 1
        if quote is not None:
            string = _STRING_REST[quote].match(text, at, stop)
            if string is None:  # the string runs to the end
                return _Walk(closed, None, len(opened), quote, False)
            at, quote = string.end(), None
            continue
        found = _STRUCTURE.search(text, at, stop)
        if found is None:
            return _Walk(closed, None, len(opened), None, False)
        char, at = found.group(), found.end()
        if char == "{":
            opened.append(at - 1)
        elif char == "}":
            closed.append((opened.pop(), at))
            if not opened:
                return _Walk(closed, at, 0, None, False)
        else:
            quote = char
    return _Walk(closed, None, len(opened), quote, True)


def _decode(text: str, start: int, decoder: json.JSONDecoder) -> tuple[Any, int]:
    """The JSON value starting at ``start`` and where it ends, or ``_NOTHING``. Valid JSON can still
    be unreadable: integers past Python's digit limit raise ValueError, deep nesting RecursionError."""
    try:
        return decoder.raw_decode(text, start)
    except (ValueError, RecursionError):
        return _NOTHING, start


def _dumps(value: Any) -> str | None:
    """``value`` as JSON text, or None when it cannot be written (an integer past the digit limit)."""
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (ValueError, RecursionError):
        return None


def _as_object(candidate: str) -> dict[str, Any] | None:
    """``candidate`` as a JSON object, trying the repairs models most often need."""
    attempts = [candidate]
    without_commas = _TRAILING_COMMA.sub(r"\1", candidate)
    if without_commas != candidate:
        attempts.append(without_commas)
    for attempt in attempts:
        value, end = _decode(attempt, 0, _LENIENT)
        if value is not _NOTHING and not attempt[end:].strip():
            return value if isinstance(value, dict) else None
    if len(candidate) > _LITERAL_CHARS:
        return None
    for attempt in attempts:
        try:
            value = ast.literal_eval(attempt)  # single quotes, True/False/None
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
        if isinstance(value, dict):
            return value
    return None


def _first_line(text: str, end: int) -> str:
    line_end = text.find("\n", 0, end)
    return text[: end if line_end < 0 else line_end].strip()


def parse_arguments(raw: str) -> str:
    """The argument string of a call from the text after ``Action Input:``.

    Valid JSON is kept as the model wrote it; JSON that needed repair is re-serialised; anything
    else is returned as the raw text (its first line), and an empty input means no arguments. An
    object is read across end tokens and turn tags that sit inside its strings; outside an object
    they end the input. Reading takes time linear in the input: a broken object too large to walk
    within the step budget is kept raw.
    """
    text = raw.strip()
    if text.startswith("```"):
        opener = _FENCE_OPEN.match(text)
        body_from = opener.end() if opener is not None else len("```")
        fence_end = text.find("```", body_from)
        text = text[body_from : fence_end if fence_end >= 0 else len(text)].strip()
    end = _reply_end(text)
    start = text.find("{", 0, end)
    if start < 0:
        return _first_line(text, end) or "{}"
    value, value_end = _decode(text, start, _STRICT)
    if isinstance(value, dict):
        return text[start:value_end]
    value, _ = _decode(text, start, _LENIENT)
    if isinstance(value, dict):
        return _dumps(value) or text[start:end].strip()
    budget = _Budget()
    walk = _walk(text, start, len(text), budget)
    closed = walk.end is not None
    if closed:
        candidate = text[start : walk.end]
    else:
        # Not closed in the whole text: complete it as far as the reply goes.
        walk = _walk(text, start, end, budget)
        if walk.gave_up:
            return text[start:end].strip()
        candidate = text[start:end].rstrip() + (walk.quote or "") + "}" * walk.depth
    repaired = _as_object(candidate)
    written = _dumps(repaired) if repaired is not None else None
    if written is None:
        return candidate if closed else text[start:end].strip()
    return written


def _clean_name(raw: str) -> str:
    name = raw.strip().strip(_NAME_JUNK)
    # ChatGPT sometimes prefixes a namespace ("functions.x"); ToolBench keeps the last part.
    return name.split(".")[-1].strip(_NAME_JUNK) if "." in name else name


def _call_from(value: dict[str, Any] | None) -> ToolCall | None:
    """The call a ``{"name": ..., "arguments": {...}}`` object stands for, if it is one."""
    if not value or not isinstance(value.get("name"), str) or not ({"arguments", "parameters"} & value.keys()):
        return None
    arguments = value.get("arguments", value.get("parameters", {}))
    written = parse_arguments(arguments) if isinstance(arguments, str) else _dumps(arguments)
    name = _clean_name(value["name"])
    return ToolCall(name=name, arguments=written) if name and written is not None else None


class _Words:
    """Whether a stretch of the text holds the words of a JSON call, in time linear in the text
    over all questions asked in increasing order of start (each word's next occurrence is kept)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.next: dict[str, int] = {"name": -1, "arguments": -1, "parameters": -1}

    def _from(self, word: str, start: int) -> int:
        at = self.next[word]
        if at < start:
            found = self.text.find(word, start)
            at = self.next[word] = found if found >= 0 else len(self.text)
        return at + len(word)

    def may_be_call(self, start: int, end: int) -> bool:
        return (
            self._from("name", start) <= end
            and min(self._from("arguments", start), self._from("parameters", start)) <= end
        )


def _json_tool_call(text: str) -> tuple[int, ToolCall] | None:
    """A ``{"name": ..., "arguments": {...}}`` object anywhere in ``text`` (the shape chat-template
    models such as Hermes or Qwen emit), with where it starts. Objects are tried in the order they
    open, each read once; the search is bounded in steps, candidates and characters decoded."""
    words = _Words(text)
    budget = _Budget()
    tries, chars, at = 0, _JSON_CALL_CHARS, 0
    while budget.steps > 0:
        start = text.find("{", at)
        if start < 0:
            return None
        budget.steps -= 1
        value, _ = _decode(text, start, _LENIENT)
        if isinstance(value, dict):  # valid JSON: the object is what it says
            tries += 1
            call = _call_from(value)
            if call is not None:
                return start, call
        walk = _walk(text, start, len(text), budget)
        for inner_start, inner_end in sorted(walk.closed):
            if isinstance(value, dict) and inner_start == start:
                continue
            if tries >= _MAX_JSON_CALLS or chars <= 0:
                return None
            if not words.may_be_call(inner_start, inner_end):
                continue
            tries += 1
            chars -= inner_end - inner_start
            call = _call_from(_as_object(text[inner_start:inner_end]))
            if call is not None:
                return inner_start, call
        if walk.end is None:  # the rest of the text is inside an object that never closed
            return None
        at = walk.end
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
        return ParsedReply(thought, None, "the 'Action:' names no function", parse_arguments(raw_input))
    return ParsedReply(thought, ToolCall(name=name, arguments=parse_arguments(raw_input)))
