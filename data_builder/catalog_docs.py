"""Writes each bundled tool's ToolBench json from its ``api.py``, so docs and code cannot drift.

An ``api.py`` declares ``TOOL = {"tool_name": ..., "tool_description": ...}`` and marks each API
function with the toolkit's ``@kit.api(name, example=...)``. The function's signature gives the
parameters (no default: required), its docstring the descriptions (first paragraph: the API, then
``param: text`` lines), and one call with the example values gives ``template_response`` in
ToolBench's schema notation. Run ``python -m data_builder.catalog_docs`` after editing a tool.
"""

from __future__ import annotations

import inspect
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from data_builder.catalog import DEFAULT_CATALOG, load_api_module
from harness.toolbench.naming import api_name_part, standardize
from harness.util.files import write_text_atomic

_TYPES = {"int": "NUMBER", "float": "NUMBER", "bool": "BOOLEAN", "str": "STRING"}
_PARAM_LINE = re.compile(r"^(\w+): (.+)$")


def schema_of(value: Any) -> Any:
    """ToolBench's template notation: type names for scalars, ``_list_length`` on lists of objects."""
    if isinstance(value, dict):
        return {str(k): schema_of(v) for k, v in value.items()}
    if isinstance(value, list):
        if not value:
            return []
        if isinstance(value[0], dict):
            return [{**schema_of(value[0]), "_list_length": len(value)}]
        return [f"list of {type(value[0]).__name__} with length {len(value)}"]
    return type(value).__name__


def parse_docstring(text: str) -> tuple[str, dict[str, str]]:
    """(description, parameter descriptions) from an API function's docstring."""
    paragraphs = inspect.cleandoc(text or "").split("\n\n")
    description = " ".join(paragraphs[0].split())
    params: dict[str, str] = {}
    last = ""
    for line in "\n".join(paragraphs[1:]).splitlines():
        match = _PARAM_LINE.match(line.strip())
        if match:
            last = match.group(1)
            params[last] = match.group(2).strip()
        elif line.strip() and last:
            params[last] += " " + line.strip()
    return description, params


def api_functions(module: ModuleType) -> list[Any]:
    """The module's API functions in definition order."""
    return [value for value in vars(module).values() if callable(value) and hasattr(value, "__api__")]


def api_entry(function: Any, host: str) -> dict[str, Any]:
    meta = function.__api__
    name = meta["name"]
    example = meta["example"]() if callable(meta["example"]) else meta["example"]
    if api_name_part(name) != function.__name__:
        raise ValueError(f"API '{name}' must be implemented by a function named {api_name_part(name)}")
    description, texts = parse_docstring(function.__doc__ or "")
    required, optional = [], []
    for param in inspect.signature(function).parameters.values():
        if param.name not in texts:
            raise ValueError(f"{function.__name__}: docstring does not describe parameter '{param.name}'")
        entry = {
            "name": param.name,
            "type": _TYPES[getattr(param.annotation, "__name__", str(param.annotation))],
            "description": texts[param.name],
        }
        if param.default is param.empty:
            if param.name not in example:
                raise ValueError(f"{function.__name__}: required parameter '{param.name}' has no example value")
            required.append({**entry, "default": example[param.name]})
        else:
            optional.append({**entry, "default": param.default})
    response = function(**example)
    if isinstance(response, dict) and ("error" in response or "status_code" in response):
        raise ValueError(f"{function.__name__}: the example call fails: {response}")
    return {
        "name": name,
        "url": f"https://{host}/{function.__name__.replace('_', '-')}",
        "description": description,
        "method": meta["method"],
        "required_parameters": required,
        "optional_parameters": optional,
        "statuscode": 200,
        "template_response": schema_of(response),
    }


def tool_doc(api_path: Path, module: ModuleType | None = None) -> dict[str, Any]:
    """The tool json for one ``tools/<Category>/<tool>/api.py``."""
    module = module or load_api_module(api_path)
    tool = module.TOOL
    standard = standardize(tool["tool_name"])
    if standard != api_path.parent.name:
        raise ValueError(f"{api_path}: folder must be named {standard} after the tool name")
    host = f"{standard.replace('_', '-')}.toolenv.local"
    return {
        "tool_name": tool["tool_name"],
        "tool_description": tool["tool_description"],
        "title": tool["tool_name"],
        "pricing": "FREE",
        "home_url": f"https://toolenv.local/{api_path.parent.parent.name}/{standard}",
        "host": host,
        "api_list": [api_entry(f, host) for f in api_functions(module)],
    }


def doc_texts(root: Path = DEFAULT_CATALOG) -> dict[Path, str]:
    """Tool json path -> text for every ``api.py`` of the catalog that declares ``TOOL`` (a plain
    ToolBench ``api.py`` keeps its hand-written json)."""
    texts = {}
    for api_path in sorted((root / "tools").glob("*/*/api.py")):
        module = load_api_module(api_path)
        if not hasattr(module, "TOOL"):
            continue
        doc = tool_doc(api_path, module)
        texts[api_path.parent.with_suffix(".json")] = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    return texts


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CATALOG
    texts = doc_texts(root)
    for path, text in texts.items():
        write_text_atomic(path, text)
    print(f"wrote {len(texts)} tool files under {root / 'tools'}")


if __name__ == "__main__":
    main()
