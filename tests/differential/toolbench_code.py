"""ToolBench's own search code, loaded from ../shared/data/toolbench/code for side-by-side tests.

Nothing of it is copied: the modules are imported from the checkout with the imports that need
torch, transformers, a network client or files the checkout lacks replaced by small stand-ins in
``sys.modules``. The top-level names ToolBench's inference code imports by (``Tree``, ``Prompts``,
``Algorithms``, ``utils`` ...) are removed again afterwards, so they cannot shadow anything else.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import require_shared_data

# The names ToolBench's inference code imports as top-level modules, plus its package.
_TOP_LEVEL = ("Tree", "Prompts", "Algorithms", "LLM_rank", "Downstream_tasks", "LLM", "utils", "toolbench")


@dataclass(frozen=True)
class ToolBenchCode:
    """The classes a differential test drives."""

    single_chain: type[Any]
    dfs: type[Any]
    rapidapi_wrapper: type[Any]
    rapidapi_module: types.ModuleType


def _module(name: str, **attributes: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    return module


def _passthrough_retry(*_args: Any, **_kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return lambda function: function


def _stubs() -> dict[str, types.ModuleType]:
    """Stand-ins for the imports the search code needs only at import time (or never, here)."""

    def missing(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a stubbed ToolBench dependency was called")

    return {
        "termcolor": _module("termcolor", colored=lambda text, *_a, **_k: text),
        "tenacity": _module(
            "tenacity", retry=_passthrough_retry, wait_random_exponential=missing, stop_after_attempt=missing
        ),
        # inference/utils.py imports torch for its sampling code; the tree needs only softmax_bias.
        "utils": _module("utils", softmax_bias=missing),
        # toolbench/utils.py imports torch and transformers at the top.
        "toolbench.utils": _module(
            "toolbench.utils",
            standardize=missing,
            change_name=missing,
            replace_llama_with_condense=missing,
            process_system_message=missing,
        ),
        "toolbench.inference.LLM.chatgpt_function_model": _module(
            "toolbench.inference.LLM.chatgpt_function_model", ChatGPTFunction=missing
        ),
        "toolbench.inference.LLM.davinci_model": _module("toolbench.inference.LLM.davinci_model", Davinci=missing),
        "toolbench.inference.LLM.tool_llama_lora_model": _module(
            "toolbench.inference.LLM.tool_llama_lora_model", ToolLLaMALoRA=missing
        ),
        "toolbench.inference.LLM.tool_llama_model": _module(
            "toolbench.inference.LLM.tool_llama_model", ToolLLaMA=missing
        ),
        "toolbench.inference.LLM.retriever": _module("toolbench.inference.LLM.retriever", ToolRetriever=missing),
        "toolbench.inference.server": _module("toolbench.inference.server", get_rapidapi_response=missing),
    }


@contextlib.contextmanager
def _isolated(code: Path) -> Iterator[None]:
    """ToolBench's import paths and stubs for the duration of the imports, then the old state back."""
    saved_path = list(sys.path)
    saved = {name: module for name, module in sys.modules.items() if _ours(name)}
    try:
        for name in list(sys.modules):
            if _ours(name):
                del sys.modules[name]
        sys.modules.update(_stubs())
        sys.path[:0] = [str(code), str(code / "toolbench" / "inference")]
        yield
    finally:
        sys.path[:] = saved_path
        for name in list(sys.modules):
            if _ours(name):
                del sys.modules[name]
        sys.modules.update(saved)


def _ours(name: str) -> bool:
    return name.split(".")[0] in (*_TOP_LEVEL, "termcolor", "tenacity")


_LOADED: dict[Path, ToolBenchCode] = {}


def load_toolbench(project: str = "toolbench") -> ToolBenchCode:
    """ToolBench's single_chain, DFS_tree_search and rapidapi_wrapper (skips when the checkout is absent)."""
    code = require_shared_data() / project / "code"
    if code in _LOADED:
        return _LOADED[code]
    with _isolated(code):
        rapidapi = importlib.import_module("toolbench.inference.Downstream_tasks.rapidapi")
        loaded = ToolBenchCode(
            single_chain=rapidapi.single_chain,
            dfs=rapidapi.DFS_tree_search,
            rapidapi_wrapper=rapidapi.rapidapi_wrapper,
            rapidapi_module=rapidapi,
        )
    _LOADED[code] = loaded
    return loaded
