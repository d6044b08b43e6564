"""ToolBench's own agent wording, read from a checkout the user names (``--wording PATH``).

The harness ships none of that text: the prompt templates are parsed out of the checkout's Python
files with ``ast`` (nothing is imported, so nothing there needs torch), and the messages are put
together the way ToolBench's code puts them together (``rapidapi_wrapper.__init__`` for the task
description, ``DFS.py`` for the note before a second sibling, ``single_chain.py``/``DFS.py`` for the
two opening turns).

Tool descriptions: ToolBench writes each tool's description from its tool file, cut to 512
characters, or ``None`` when it has none; a query that carries no description gets ``None`` too.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from harness.toolbench.naming import standardize
from harness.toolbench.toolllama_wording import ToolLLaMAWording, read_toolllama_wording
from harness.types.query import AgentQuery

PROMPTS = Path("toolbench/inference/Prompts")
SYSTEM_AND_USER = PROMPTS / "ReAct_prompts.py"
TREE_SEARCH = PROMPTS / "Tree_search_prompts.py"
RAPIDAPI = Path("toolbench/inference/Downstream_tasks/rapidapi.py")
DFS = Path("toolbench/inference/Algorithms/DFS.py")


class WordingError(ValueError):
    """A checkout that lacks a file or a definition the wording needs; the message is one line."""


class ToolBenchWording(BaseModel):
    """The templates as ToolBench defines them, and where they were read from."""

    model_config = ConfigDict(frozen=True)

    source: str
    system_template: str  # FORMAT_INSTRUCTIONS_SYSTEM_FUNCTION, with {task_description}
    user_template: str  # FORMAT_INSTRUCTIONS_USER_FUNCTION, with {input_description}
    diversity_template: str  # DIVERSITY_PROMPT, with {previous_candidate}
    task_prefix: str  # the fixed start of rapidapi_wrapper.task_description
    observation_prefix: str  # DFS.py's line that repeats the node's observation
    candidate_keys: tuple[str, ...]  # DFS.py's keys of one earlier candidate
    # ToolLLaMA's system rewrite and prompt end; None when the checkout lacks them (StableToolBench).
    toolllama: ToolLLaMAWording | None = None

    def system_message(self, query: AgentQuery, descriptions: dict[str, str] | None = None) -> str:
        """The system turn ToolBench's search opens with for ``query``'s tools."""
        task = self.task_prefix
        tools: dict[str, str] = {}
        for api in query.api_list:
            name = standardize(api.tool_name)
            tools[name] = (descriptions or {}).get(api.tool_name, "")
        for k, (name, description) in enumerate(tools.items()):
            striped = description[:512].replace("\n", "").strip() or "None"
            task += f"{k + 1}.{name}: {striped}\n"
        return self.system_template.replace("{task_description}", task)

    def user_message(self, query: AgentQuery) -> str:
        """The user turn with the query."""
        return self.user_template.replace("{input_description}", query.text)

    def diversity_message(self, candidates: Sequence[dict[str, Any]], observation: str | None) -> str:
        """The note before a node's second and later child, as DFS.py writes it (the action value
        ToolBench's DFSDT reports for every candidate is 0.0)."""
        rows = [
            dict(zip(self.candidate_keys, (c["name"], c["arguments"], c["observation"], 0.0), strict=True))
            for c in candidates
        ]
        described = f"{json.dumps(rows, indent=2)}\n"
        if observation:
            described += f"{self.observation_prefix}{observation}\n"
        return self.diversity_template.replace("{previous_candidate}", described)


def _tree(checkout: Path, relative: Path) -> ast.Module:
    path = checkout / relative
    try:
        return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except OSError:
        raise WordingError(f"--wording {checkout}: {relative} is missing; pass a ToolBench checkout") from None
    except SyntaxError as exc:
        raise WordingError(f"--wording {checkout}: {relative} does not parse ({exc.msg})") from None


def _constant(checkout: Path, relative: Path, name: str) -> str:
    for node in _tree(checkout, relative).body:
        if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Constant):
            continue
        if any(isinstance(t, ast.Name) and t.id == name for t in node.targets) and isinstance(node.value.value, str):
            return node.value.value
    raise WordingError(f"--wording {checkout}: {relative} defines no string {name}")


def _literal_parts(node: ast.JoinedStr) -> list[str]:
    return [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]


def _task_prefix(checkout: Path) -> str:
    for node in ast.walk(_tree(checkout, RAPIDAPI)):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Attribute) and t.attr == "task_description" for t in node.targets
        ):
            value = node.value
            if isinstance(value, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in value.values):
                return "".join(_literal_parts(value))
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                return value.value
    raise WordingError(f"--wording {checkout}: {RAPIDAPI} sets no task_description")


def _diversity_parts(checkout: Path) -> tuple[str, tuple[str, ...]]:
    prefix: str | None = None
    keys: tuple[str, ...] | None = None
    for node in ast.walk(_tree(checkout, DFS)):
        if isinstance(node, ast.JoinedStr):
            parts = _literal_parts(node)
            if parts and "observation" in parts[0] and parts[-1] == "\n" and len(node.values) == 3:
                prefix = parts[0]
        if isinstance(node, ast.Dict):
            names = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
            if "function_output" in names and len(names) == 4:
                keys = tuple(names)
    if prefix is None or keys is None:
        raise WordingError(f"--wording {checkout}: {DFS} has no diversity note to read")
    return prefix, keys


def read_wording(checkout: Path) -> ToolBenchWording:
    """ToolBench's agent wording from the checkout at ``checkout`` (a one-line error if it lacks any)."""
    prefix, keys = _diversity_parts(checkout)
    return ToolBenchWording(
        source=str(checkout),
        system_template=_constant(checkout, SYSTEM_AND_USER, "FORMAT_INSTRUCTIONS_SYSTEM_FUNCTION"),
        user_template=_constant(checkout, SYSTEM_AND_USER, "FORMAT_INSTRUCTIONS_USER_FUNCTION"),
        diversity_template=_constant(checkout, TREE_SEARCH, "DIVERSITY_PROMPT"),
        task_prefix=_task_prefix(checkout),
        observation_prefix=prefix,
        candidate_keys=keys,
        toolllama=read_toolllama_wording(checkout),
    )
