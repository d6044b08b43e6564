"""ToolLLaMA's prompt wording, read from a ToolBench checkout (``--wording PATH``).

ToolBench's ToolLLaMA class (``toolbench/inference/LLM/tool_llama_model.py``) renders the
conversation itself and rewrites the system turn with ``process_system_message`` from
``toolbench/utils.py``: a format sentence goes in after an anchor phrase and the function list is
appended as ``str()`` of the function dicts. Both files import torch, so they are parsed with
``ast`` and nothing of them is imported or shipped. A checkout without them (StableToolBench's has
no ``toolbench/utils.py``) gives no ToolLLaMA wording, and ToolLLaMA keeps the format's own.

The wording reaches the prompt format through ``ACTIVE``, set by the agent loop around each model
call, so adapters built before the checkout was read (or on another machine) still see it.
"""

from __future__ import annotations

import ast
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

UTILS = Path("toolbench/utils.py")
TOOL_LLAMA = Path("toolbench/inference/LLM/tool_llama_model.py")


class ToolLLaMAWording(BaseModel):
    """The pieces of ToolBench's ToolLLaMA prompt, as its code defines them."""

    model_config = ConfigDict(frozen=True)

    anchor: str  # the phrase process_system_message asserts and replaces
    replacement: str  # what the phrase becomes (the phrase and the format sentence)
    functions_lead: str  # the text between the system message and str(functions)
    prompt_end: str  # what the prompt ends with, where the model's turn begins

    def system(self, system: str, functions: list[dict[str, Any]]) -> str:
        """The system turn as ``process_system_message`` rewrites it."""
        return system.replace(self.anchor, self.replacement) + self.functions_lead + str(functions)


# The ToolLLaMA wording of the episode being solved; None: the format's own wording.
ACTIVE: ContextVar[ToolLLaMAWording | None] = ContextVar("toolllama_wording", default=None)


def _function(tree: ast.Module, name: str) -> ast.FunctionDef | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    return None


def _string(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _system_parts(tree: ast.Module) -> tuple[str, str, str] | None:
    """(anchor, replacement, functions lead) from ``process_system_message``: its one
    ``.replace(a, b)`` of two literals and the literal added between the message and the list."""
    function = _function(tree, "process_system_message")
    if function is None:
        return None
    replace: tuple[str, str] | None = None
    lead: str | None = None
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "replace":
            texts = [_string(a) for a in node.args]
            if len(texts) == 2 and texts[0] is not None and texts[1] is not None:
                replace = (texts[0], texts[1])
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            right = node.right
            if isinstance(right, ast.Call) and isinstance(right.func, ast.Name) and right.func.id == "str":
                left = node.left
                if isinstance(left, ast.BinOp) and _string(left.right) is not None:
                    lead = _string(left.right)
    if replace is None or lead is None:
        return None
    return replace[0], replace[1], lead


def _prompt_end(tree: ast.Module) -> str | None:
    """The literal ``parse`` adds to the prompt after the loop over the messages."""
    function = _function(tree, "parse")
    if function is None:
        return None
    for node in function.body:
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id == "prompt":
            text = _string(node.value)
            if text is not None:
                return text
    return None


def _parse(path: Path) -> ast.Module | None:
    try:
        return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return None


def read_toolllama_wording(checkout: Path) -> ToolLLaMAWording | None:
    """ToolLLaMA's wording from ``checkout``, or None when it lacks the files or their definitions."""
    utils, model = _parse(checkout / UTILS), _parse(checkout / TOOL_LLAMA)
    if utils is None or model is None:
        return None
    parts, end = _system_parts(utils), _prompt_end(model)
    if parts is None or end is None:
        return None
    anchor, replacement, lead = parts
    return ToolLLaMAWording(anchor=anchor, replacement=replacement, functions_lead=lead, prompt_end=end)
