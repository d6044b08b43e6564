"""ToolBench's client-side call semantics: Finish, function-name lookup, argument parsing.

The observation strings for Finish and for an unknown function are ToolBench's own, kept byte for
byte because they are part of every trajectory ToolBench writes and ours must compare with those.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from harness.envs.result import ApiResult
from harness.envs.status import PARSE_ERROR
from harness.toolbench.finish import FINISH_ANSWERED_TEXT, parse_finish_arguments
from harness.toolbench.naming import function_name, standardize
from harness.types.docs import ApiDoc
from harness.types.observation import Status
from harness.util.errors import one_line

_FINISH_NEEDS_RETURN_TYPE = '{error:"must have "return_type""}'
_FINISH_NEEDS_ANSWER = '{error:"must have "final_answer""}'
_FINISH_BAD_RETURN_TYPE = '{error:""return_type" is not a valid choice"}'
_FINISH_GIVE_UP = '{"response":"chose to give up and restart"}'
_FINISH_ANSWERED = FINISH_ANSWERED_TEXT


def finish_outcome(raw_arguments: str) -> tuple[str, Status]:
    """The observation and status of a Finish call (3 answer, 4 give up, 2 malformed)."""
    return_type, answer = parse_finish_arguments(raw_arguments)
    if return_type is None:
        return _FINISH_NEEDS_RETURN_TYPE, Status.BAD_INPUT
    if return_type == "give_up_and_restart":
        return _FINISH_GIVE_UP, Status.FINISH_GIVE_UP
    if return_type == "give_answer":
        if answer is None:
            return _FINISH_NEEDS_ANSWER, Status.BAD_INPUT
        return _FINISH_ANSWERED, Status.FINISH_ANSWER
    return _FINISH_BAD_RETURN_TYPE, Status.BAD_INPUT


def unknown_function_text(name: str) -> str:
    """ToolBench's observation for a function the episode does not offer (status 1)."""
    return json.dumps({"error": f"No such function name: {name}", "response": ""})


def resolve_function(name: str, api_list: Sequence[ApiDoc]) -> ApiDoc | None:
    """The API a called function name stands for among the episode's APIs.

    An exact name wins. Otherwise ToolBench's rule applies: the first function whose name ends with
    the called name, so a model that drops a prefix the 64-character cut made still reaches its API.
    """
    names = [function_name(api.api_name, standardize(api.tool_name)) for api in api_list]
    for api, candidate in zip(api_list, names, strict=True):
        if candidate == name:
            return api
    if name:
        for api, candidate in zip(api_list, names, strict=True):
            if candidate.endswith(name):
                return api
    return None


def parse_arguments(raw: str) -> dict[str, Any] | ApiResult:
    """The call's arguments as a dict, or the parse-error answer (status 2) when they are not a JSON
    object. An empty string means no arguments, as in ToolBench's servers."""
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        return ApiResult.of(PARSE_ERROR, f"the arguments are not valid JSON: {exc.msg} at char {exc.pos}", "harness")
    except (ValueError, RecursionError) as exc:  # valid JSON Python cannot hold: a huge integer, deep nesting
        reason = "nested too deeply" if isinstance(exc, RecursionError) else one_line(exc)
        return ApiResult.of(PARSE_ERROR, f"the arguments cannot be read: {reason}", "harness")
    if not isinstance(value, dict):
        return ApiResult.of(PARSE_ERROR, f"the arguments must be a JSON object, not {type(value).__name__}", "harness")
    return value
