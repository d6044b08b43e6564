"""Reading what an agent passed to ``Finish``."""

from __future__ import annotations

import json
import re

_ANSWER_FIELD = re.compile(r'"final_answer"\s*:\s*"((?:[^"\\]|\\.)*)', re.DOTALL)
_RETURN_TYPE = re.compile(r'"return_type"\s*:\s*"([a-z_]+)"')


def parse_finish_arguments(raw: str) -> tuple[str | None, str | None]:
    """(return_type, final_answer) from a Finish call's raw argument string.

    Models often emit almost-JSON here (unescaped newlines, a cut-off string), so when the string is
    not valid JSON the two fields are read with a tolerant pattern instead of being lost.
    """
    try:
        value = json.loads(raw)
    except (json.JSONDecodeError, TypeError):
        value = None
    if isinstance(value, dict):
        return_type = value.get("return_type")
        answer = value.get("final_answer")
        return (
            return_type if isinstance(return_type, str) else None,
            answer if isinstance(answer, str) else (None if answer is None else json.dumps(answer)),
        )
    kind = _RETURN_TYPE.search(raw or "")
    found = _ANSWER_FIELD.search(raw or "")
    answer_text = None
    if found:
        try:
            answer_text = json.loads(f'"{found.group(1)}"')
        except json.JSONDecodeError:
            answer_text = found.group(1)
    return (kind.group(1) if kind else None, answer_text)


# ToolBench's observation for an accepted answer (the env keeps the same text in harness.envs.calls).
FINISH_ANSWERED_TEXT = '{"response":"successfully giving the final answer."}'


def finish_answer_is_null(raw: str) -> bool:
    """True for ``{"return_type": "give_answer", "final_answer": null}``: ToolBench's Finish accepts it
    as an answer (code 3) because the key is present; ours asks for a text (code 2)."""
    try:
        value = json.loads(raw, strict=False)
    except (json.JSONDecodeError, TypeError):
        return False
    return (
        isinstance(value, dict)
        and value.get("return_type") == "give_answer"
        and "final_answer" in value
        and value["final_answer"] is None
    )
