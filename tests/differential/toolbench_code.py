"""ToolBench's own search code, loaded from ../shared/data/toolbench/code for side-by-side tests.

Nothing of it is copied: the modules are imported from the checkout with the imports that need
torch, transformers, a network client or files the checkout lacks replaced by small stand-ins in
``sys.modules``. The top-level names ToolBench's inference code imports by (``Tree``, ``Prompts``,
``Algorithms``, ``utils`` ...) are removed again afterwards, so they cannot shadow anything else.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import importlib.util
import re
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


def offline_wrapper_args() -> types.SimpleNamespace:
    """The arguments ToolBench's ``rapidapi_wrapper`` reads, set for a run that calls no real API."""
    return types.SimpleNamespace(
        tool_root_dir="",
        toolbench_key="",
        rapidapi_key="",
        use_rapidapi_key=False,
        api_customization=True,
        max_observation_length=1024,
        observ_compress_method="truncate",
    )


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


def _from_file(path: Path, name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, f"cannot import {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_stabletoolbench() -> ToolBenchCode:
    """StableToolBench's single_chain, DFS_tree_search and rapidapi_wrapper (which run parallel tool
    calls). Its snapshot holds only the files it changed; the modules they import and it lacks
    (Tree, Prompts, LLM_rank, base_env) come from ToolBench's checkout, which StableToolBench forked."""
    code = require_shared_data() / "stabletoolbench" / "code"
    if code in _LOADED:
        return _LOADED[code]
    inference = code / "toolbench" / "inference"
    with _isolated(require_shared_data() / "toolbench" / "code"):
        rapidapi = _from_file(inference / "Downstream_tasks" / "rapidapi.py", "stabletoolbench_rapidapi")
        loaded = ToolBenchCode(
            single_chain=_from_file(inference / "Algorithms" / "single_chain.py", "stabletoolbench_chain").single_chain,
            dfs=_from_file(inference / "Algorithms" / "DFS.py", "stabletoolbench_dfs").DFS_tree_search,
            rapidapi_wrapper=rapidapi.rapidapi_wrapper,
            rapidapi_module=rapidapi,
        )
    _LOADED[code] = loaded
    return loaded


def functions_from_source(path: Path, names: tuple[str, ...], **globals_: Any) -> dict[str, Any]:
    """The named top-level functions of ``path``, compiled from its source without running the rest
    of the module (whose imports need torch)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    picked = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name in names]
    assert {node.name for node in picked} == set(names), f"{path} lacks one of {names}"
    namespace: dict[str, Any] = dict(globals_)
    exec(compile(ast.Module(body=picked, type_ignores=[]), str(path), "exec"), namespace)
    return {name: namespace[name] for name in names}


@dataclass(frozen=True)
class ToolLLaMACode:
    """ToolBench's ToolLLaMA class and the torch-free helpers of toolbench/utils.py it and the
    rapidapi wrapper use (standardize, change_name, process_system_message)."""

    tool_llama: type[Any]
    utils: dict[str, Any]


# tool_conversation.py is not in the checkout; ToolLLaMA's template names the four roles so.
TOOL_LLAMA_ROLES = ("System", "User", "Function", "Assistant")


def load_toolllama(project: str = "toolbench") -> ToolLLaMACode:
    """ToolBench's ToolLLaMA class, imported from the checkout with torch, transformers and the
    model loader replaced by stand-ins; its prompt building is ToolBench's code, run unchanged."""
    code = require_shared_data() / project / "code"
    utils = functions_from_source(
        code / "toolbench" / "utils.py", ("standardize", "change_name", "process_system_message"), re=re
    )
    parser = functions_from_source(code / "toolbench" / "inference" / "utils.py", ("react_parser",))
    conversation = types.SimpleNamespace(roles=TOOL_LLAMA_ROLES)
    stubs = {
        "torch": _module("torch", no_grad=contextlib.nullcontext),
        "transformers": _module("transformers", AutoTokenizer=None, AutoModelForCausalLM=None),
        "toolbench.utils": _module("toolbench.utils", **utils),
        "toolbench.model.model_adapter": _module(
            "toolbench.model.model_adapter", get_conversation_template=lambda _template: conversation
        ),
        "toolbench.inference.utils": _module(
            "toolbench.inference.utils", SimpleChatIO=object, generate_stream=None, **parser
        ),
    }
    saved = {name: sys.modules.get(name) for name in ("torch", "transformers")}
    try:
        with _isolated(code):
            sys.modules.update(stubs)
            sys.modules.pop("toolbench.inference.LLM.tool_llama_model", None)
            module = importlib.import_module("toolbench.inference.LLM.tool_llama_model")
    finally:
        for name, module_before in saved.items():
            if module_before is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module_before
    return ToolLLaMACode(tool_llama=module.ToolLLaMA, utils=utils)


class _NoPool:
    """Stands in for ToolEval's OpenAI key pool; a test puts its scripted judge in its place."""

    def __init__(self, *_args: Any, **_kwargs: Any) -> None:
        return None


def load_tooleval(project: str = "toolbench") -> types.ModuleType:
    """ToolEval's ``registered_cls.rtl`` module (ReinforceToolLearningEvaluator and its statuses),
    imported from the checkout with its OpenAI client module and tenacity replaced by stand-ins."""
    code = require_shared_data() / project / "code"
    package = "toolbench.tooleval.evaluators.registered_cls"
    with _isolated(code):
        sys.modules.update(
            {
                "tenacity": _module(
                    "tenacity",
                    retry=_passthrough_retry,
                    stop_after_attempt=lambda *_a: None,
                    wait_random_exponential=lambda *_a, **_k: None,
                ),
                f"{package}.utils": _module(
                    f"{package}.utils",
                    register_evaluator=lambda cls: cls,
                    get_evaluator_cls=lambda name: None,
                    OpenaiPoolRequest=_NoPool,
                ),
            }
        )
        return importlib.import_module(f"{package}.rtl")
