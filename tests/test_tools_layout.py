"""Reading ToolBench's tools/<Category>/<tool>.json layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.toolbench.functions import build_functions
from harness.toolbench.tools import read_tool_dir, read_tool_file


def test_tool_file_gives_category_standard_name_and_api_docs(tmp_path: Path) -> None:
    folder = tmp_path / "tools" / "Weather"
    folder.mkdir(parents=True)
    (folder / "open_weather_v2.json").write_text(
        json.dumps(
            {
                "tool_name": "Open Weather (v2)",
                "tool_description": "Forecasts.",
                "score": {"avgLatency": 100},
                "api_list": [
                    {
                        "name": "Current by City",
                        "url": "https://example.invalid/current",
                        "description": "Current by City returns now.",
                        "method": "GET",
                        "required_parameters": [
                            {"name": "city", "type": "STRING", "description": "", "default": "Oslo"}
                        ],
                        "optional_parameters": [],
                        "code": 200,
                    }
                ],
            }
        )
    )
    (tool,) = read_tool_dir(tmp_path / "tools")
    assert tool.category_name == "Weather" and tool.standard_tool_name == "open_weather_v2"
    (api,) = tool.api_docs()
    assert (api.tool_name, api.api_name, api.category_name) == ("Open Weather (v2)", "Current by City", "Weather")
    (function, _finish) = build_functions(tool.api_docs(), standard_tool_names=[tool.standard_tool_name])
    assert function.name == "current_by_city_for_open_weather_v2"
    assert "current_by_city_for_open_weather_v2 returns now." in function.description


def test_bad_tool_files_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "C").mkdir()
    bad = tmp_path / "C" / "t.json"
    bad.write_text('{"api_list": []}')
    with pytest.raises(ValueError, match=r"t\.json: tool_name: Field required"):
        read_tool_file(bad)
    bad.write_text("{")
    with pytest.raises(ValueError, match="not valid JSON"):
        read_tool_file(bad)
    with pytest.raises(FileNotFoundError, match="no such tool folder"):
        read_tool_dir(tmp_path / "absent")
