"""ToolBench's tool environment layout: ``tools/<Category>/<standard_tool_name>.json``.

ToolBench takes a tool's category from its folder and its standard name from the file name (not
from the JSON), and names functions after that file name; the reader records both.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from harness.types.docs import ToolDoc
from harness.util.errors import one_line


def read_tool_file(path: Path) -> ToolDoc:
    """One tool file; errors name the file and the problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        tool = ToolDoc.model_validate(data)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    except ValidationError as exc:
        raise ValueError(f"{path}: {one_line(exc)}") from exc
    tool.category_name = path.parent.name
    tool.standard_tool_name = path.stem
    return tool


def read_tool_dir(root: Path) -> list[ToolDoc]:
    """Every tool under ``root/<Category>/*.json``, by category then file name."""
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: no such tool folder (expected <Category>/<tool>.json files)")
    return [read_tool_file(p) for p in sorted(root.glob("*/*.json"))]
