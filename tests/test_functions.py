"""Function schemas built from api_list entries (ToolBench's api_json_to_openai_json rules)."""

from __future__ import annotations

from harness.toolbench.functions import (
    FinishStyle,
    api_function,
    build_functions,
    detect_finish_style,
    finish_function,
)
from harness.types.docs import ApiDoc, Parameter


def _api(**kwargs: object) -> ApiDoc:
    base: dict[str, object] = {"category_name": "Data", "tool_name": "Weather API!", "api_name": "Current"}
    base.update(kwargs)
    return ApiDoc.model_validate(base)


def test_types_map_and_unknown_types_become_string() -> None:
    api = _api(
        required_parameters=[
            Parameter(name="n", type="NUMBER"),
            Parameter(name="flag", type="BOOLEAN"),
            Parameter(name="day", type="DATE (YYYY-MM-DD)"),
            Parameter(name="kind", type="ENUM"),
            Parameter(name="s", type="string"),
        ]
    )
    props = api_function(api).parameters["properties"]
    assert {k: v["type"] for k, v in props.items()} == {
        "n": "integer",
        "flag": "boolean",
        "day": "string",
        "kind": "string",
        "s": "string",
    }


def test_example_value_kept_with_its_type_only_when_the_default_is_not_empty() -> None:
    api = _api(
        required_parameters=[
            Parameter(name="zero", type="NUMBER", default=0),
            Parameter(name="no", type="BOOLEAN", default=False),
            Parameter(name="empty", default=""),
            Parameter(name="city", default="Paris"),
        ]
    )
    props = api_function(api).parameters["properties"]
    assert props["zero"]["example_value"] == 0 and props["zero"]["example_value"] is not False
    assert props["no"]["example_value"] is False
    assert "example_value" not in props["empty"]
    assert props["city"]["example_value"] == "Paris"


def test_description_prefix_name_replacement_and_cuts() -> None:
    long = "Current gives the weather. " + "x" * 400
    api = _api(api_description=long, required_parameters=[Parameter(name="q", description="d" * 300)])
    function = api_function(api)
    assert function.name == "current_for_weather_api"
    prefix = 'This is the subfunction for tool "weather_api", you can use this tool.'
    assert function.description.startswith(
        prefix + 'The description of this function is: "current_for_weather_api gives'
    )
    quoted = function.description[len(prefix) + len('The description of this function is: "') : -1]
    assert len(quoted) == 256
    assert len(function.parameters["properties"]["q"]["description"]) == 256


def test_blank_description_gets_only_the_prefix() -> None:
    assert api_function(_api(api_description="  ")).description == (
        'This is the subfunction for tool "weather_api", you can use this tool.'
    )


def test_required_and_optional_lists_and_reserved_parameter_names() -> None:
    api = _api(
        required_parameters=[Parameter(name="id")],
        optional_parameters=[Parameter(name="from"), Parameter(name="page size")],
    )
    params = api_function(api).parameters
    assert params["required"] == ["is_id"]
    assert params["optional"] == ["is_from", "page_size"]
    assert list(params["properties"]) == ["is_id", "is_from", "page_size"]


def test_optional_parameters_are_dropped_when_none_is_required() -> None:
    # ToolBench nests the optional loop inside the "has required parameters" branch.
    params = api_function(_api(optional_parameters=[Parameter(name="page")])).parameters
    assert params == {"type": "object", "properties": {}, "required": [], "optional": []}


def test_build_functions_ends_with_finish_in_the_chosen_style() -> None:
    functions = build_functions([_api()], FinishStyle.TOOLBENCH_2023_07)
    assert [f.name for f in functions] == ["current_for_weather_api", "Finish"]
    assert detect_finish_style(functions) is FinishStyle.TOOLBENCH_2023_07
    finish = finish_function()
    assert finish.parameters["required"] == ["return_type"]
    assert finish.parameters["properties"]["return_type"]["enum"] == ["give_answer", "give_up_and_restart"]
    assert "optional" not in finish.parameters
    assert detect_finish_style([finish]) is FinishStyle.TOOLBENCH_2023_08
