"""Function schemas built from an ``api_list`` exactly as ToolBench builds them.

Two releases of ToolBench disagree on the ``Finish`` function's description (the schema itself is
the same): the data ToolBench released in July 2023 (its ``data_example`` answers) was generated with
the first wording, and ToolBench after its August 2023 clean-up, which StableToolBench inherits, uses
the second. ``FinishStyle`` picks one; both are reproduced verbatim because the description is part
of every prompt and of the training data. The wording belongs to ToolBench; we reproduce it only so
that function lists compare equal with theirs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

from harness.toolbench.naming import FINISH_FUNCTION_NAME, function_name, parameter_name, standardize
from harness.types.docs import ApiDoc, Parameter
from harness.types.messages import Function

DESCRIPTION_MAX_LENGTH = 256

# ToolBench maps these documented types; every other type (ENUM, DATE, ARRAY, lowercase "string" ...)
# becomes "string".
TYPE_MAP = {"NUMBER": "integer", "STRING": "string", "BOOLEAN": "boolean"}


class FinishStyle(StrEnum):
    """Which ToolBench release's Finish description to use."""

    TOOLBENCH_2023_07 = "toolbench-2023-07"
    TOOLBENCH_2023_08 = "toolbench-2023-08"


_FINISH_DESCRIPTIONS = {
    FinishStyle.TOOLBENCH_2023_07: (
        "If you think you get the result which can answer the task, call this function to give the "
        "final answer. Or, if you think you can't handle the task from this status, call this function "
        "to restart. Remember: you should ALWAYS call this function at the end of your try, and the "
        "final answer is the ONLY part that will be showed to user, so final answer should contain "
        "enough information."
    ),
    FinishStyle.TOOLBENCH_2023_08: (
        "If you believe that you have obtained a result that can answer the task, please call this "
        "function to provide the final answer. Alternatively, if you recognize that you are unable to "
        "proceed with the task in the current state, call this function to restart. Remember: you must "
        "ALWAYS call this function at the end of your attempt, and the only part that will be shown to "
        "the user is the final answer, so it should contain sufficient information."
    ),
}


def finish_function(style: FinishStyle = FinishStyle.TOOLBENCH_2023_08) -> Function:
    """The ``Finish`` function every ToolBench function list ends with."""
    return Function(
        name=FINISH_FUNCTION_NAME,
        description=_FINISH_DESCRIPTIONS[style],
        parameters={
            "type": "object",
            "properties": {
                "return_type": {"type": "string", "enum": ["give_answer", "give_up_and_restart"]},
                "final_answer": {
                    "type": "string",
                    "description": "The final answer you want to give the user. You should have this "
                    'field if "return_type"=="give_answer"',
                },
            },
            "required": ["return_type"],
        },
    )


def detect_finish_style(functions: Iterable[Function]) -> FinishStyle | None:
    """The release whose Finish wording a function list uses, or None without a known Finish."""
    for function in functions:
        if function.name == FINISH_FUNCTION_NAME:
            for style, description in _FINISH_DESCRIPTIONS.items():
                if function.description == description:
                    return style
    return None


def _parameter_schema(parameter: Parameter) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": TYPE_MAP.get(parameter.type, "string"),
        "description": parameter.description[:DESCRIPTION_MAX_LENGTH],
    }
    # ToolBench tests the default's string form, so 0 and False still become example values.
    if len(str(parameter.default)) != 0:
        schema["example_value"] = parameter.default
    return schema


def api_function(api: ApiDoc, standard_tool_name: str | None = None) -> Function:
    """The function for one API. ``standard_tool_name`` defaults to the standardized tool name;
    ToolBench takes it from the tool file's name, which is the same for every tool we have seen."""
    tool = standard_tool_name if standard_tool_name is not None else standardize(api.tool_name)
    name = function_name(api.api_name, tool)
    description = f'This is the subfunction for tool "{tool}", you can use this tool.'
    if api.api_description.strip():
        # ToolBench replaces the API's own name in its description by the function name.
        cut = api.api_description.strip().replace(api.api_name, name)[:DESCRIPTION_MAX_LENGTH]
        description += f'The description of this function is: "{cut}"'
    properties: dict[str, Any] = {}
    required: list[str] = []
    optional: list[str] = []
    # ToolBench's loop over optional parameters sits inside its "has required parameters" branch,
    # so an API whose parameters are all optional is offered with none. Reproduced on purpose.
    groups = [(required, api.required_parameters)]
    if api.required_parameters:
        groups.append((optional, api.optional_parameters))
    for names, parameters in groups:
        for parameter in parameters:
            key = parameter_name(parameter.name)
            properties[key] = _parameter_schema(parameter)
            names.append(key)
    return Function(
        name=name,
        description=description,
        parameters={"type": "object", "properties": properties, "required": required, "optional": optional},
    )


def build_functions(
    api_list: Sequence[ApiDoc],
    finish_style: FinishStyle = FinishStyle.TOOLBENCH_2023_08,
    standard_tool_names: Sequence[str] | None = None,
) -> list[Function]:
    """The full function list for a query: one function per API, in order, then ``Finish``."""
    functions = [
        api_function(api, standard_tool_names[i] if standard_tool_names else None) for i, api in enumerate(api_list)
    ]
    functions.append(finish_function(finish_style))
    return functions


def function_dicts(functions: Iterable[Function]) -> list[dict[str, Any]]:
    """Functions as the plain dicts ToolBench writes into ``answer_generation.function``."""
    return [f.model_dump() for f in functions]
