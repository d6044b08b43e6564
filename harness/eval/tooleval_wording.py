"""ToolEval's judge wording and inputs, read from a ToolBench checkout (``--wording PATH``).

ToolEval keeps its judge's words in ``toolbench/tooleval/evaluators/<evaluator>/template.txt`` (one
``<function><name>..</name><description>..</description></function>`` block per question, the
description a ``str.format`` template) and the functions and sampling in ``config.yaml``. Both are
read from the checkout; nothing of them ships. A request is put together as ToolEval's
``OpenAINormalizedEvaluator.function_call`` does (one user message, the one function forced, a
required ``reason`` added), from the inputs ``ReinforceToolLearningEvaluator`` gives it: the
converted entry's raw ``final_answer`` (the Finish JSON), the whole answer as ``json.dumps``, and
the full tool dicts with their parameters.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from harness.types.messages import Function, Message

EVALUATORS = Path("toolbench/tooleval/evaluators")
DEFAULT_EVALUATOR = "tooleval_gpt-3.5-turbo_default"
# ToolEval's function names, the verdict each returns, and the choices of that verdict.
VERDICTS = {
    "check_answer_status": "answer_status",
    "parse_answer_status": "answer_status",
    "check_task_solvable": "task_status",
    "select_better_answer": "index",
}
_BLOCK = re.compile(r"<function>(.*?)</function>", re.DOTALL)
_NAME = re.compile(r"<name>(.*?)</name>", re.DOTALL)
_DESCRIPTION = re.compile(r"<description>(.*?)</description>", re.DOTALL)


class ToolEvalWordingError(ValueError):
    """A checkout that lacks the evaluator's files or a question; the message is one line."""


class JudgeRequest(BaseModel):
    """One judge request as ToolEval sends it."""

    messages: list[Message]
    functions: list[Function]
    function: str  # the function the judge is forced to call
    verdict: str  # the argument that holds the verdict


class ToolEvalWording(BaseModel):
    """One evaluator's templates and function schemas, and where they were read from."""

    model_config = ConfigDict(frozen=True)

    source: str
    evaluator: str
    templates: dict[str, str]
    functions: dict[str, dict[str, Any]]
    completion: dict[str, Any]  # model, max_tokens, temperature ... as config.yaml gives them

    def request(self, name: str, arguments: dict[str, str], reason: bool = True) -> JudgeRequest:
        """The request ToolEval's ``function_call(name, arguments, return_reason=reason)`` sends."""
        function = copy.deepcopy(self.functions[name])
        if reason:
            function["parameters"]["required"].append("reason")
            function["parameters"]["properties"]["reason"] = {"type": "string", "description": "explain your answer."}
        content = str(self.templates[name]).format(**arguments)
        return JudgeRequest(
            messages=[Message(role="user", content=content)],
            functions=[Function.model_validate(function)],
            function=name,
            verdict=VERDICTS[name],
        )

    def choices(self, name: str) -> tuple[str, ...]:
        """The verdicts the function's schema allows (indexes for select_better_answer)."""
        spec = self.functions[name]["parameters"]["properties"][VERDICTS[name]]
        return tuple(str(c) for c in spec.get("enum", ["0", "1"]))


def answer_status_arguments(query: str, answer: dict[str, Any]) -> dict[str, str]:
    """check_answer_status's inputs: the query and the converted entry's raw final answer."""
    return {"query": query, "answer": answer["final_answer"]}


def trace_status_arguments(query: str, answer: dict[str, Any]) -> dict[str, str]:
    """parse_answer_status's inputs: the query and the whole converted answer as JSON."""
    return {"query": query, "answer": json.dumps(answer)}


def task_arguments(query: str, available_tools: list[dict[str, Any]]) -> dict[str, str]:
    """check_task_solvable's input: the task (query and full tool dicts) as JSON."""
    return {"task": json.dumps({"query": query, "available_tools": available_tools})}


def preference_answer(answer: dict[str, Any]) -> dict[str, Any]:
    """An answer as ToolEval's ``process_answer`` hands it to the preference judge."""
    shown = {**answer, "final_answer": answer["final_answer"][:1000], "answer_details": answer["answer_details"][:3000]}
    shown.pop("method", None)
    return shown


def better_answer_arguments(query: str, first: dict[str, Any], second: dict[str, Any]) -> dict[str, str]:
    """select_better_answer's inputs: the query and the two (processed) answers as JSON, shown order."""
    return {"query": query, "answer_0": json.dumps(first), "answer_1": json.dumps(second)}


def read_tooleval_wording(checkout: Path, evaluator: str = DEFAULT_EVALUATOR) -> ToolEvalWording:
    """The evaluator's wording from ``checkout`` (a one-line error when a file or question is missing)."""
    folder = checkout / EVALUATORS / evaluator
    try:
        config = yaml.safe_load((folder / "config.yaml").read_text(encoding="utf-8"))
        template = (folder / str(config["prompt_template"])).read_text(encoding="utf-8")
        kwargs = dict(config["completions_kwargs"])
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise ToolEvalWordingError(
            f"--wording {checkout}: no readable ToolEval evaluator {evaluator} under {EVALUATORS} "
            f"({type(exc).__name__}); pass a ToolBench checkout"
        ) from None
    templates: dict[str, str] = {}
    for block in _BLOCK.findall(template):
        names, descriptions = _NAME.findall(block), _DESCRIPTION.findall(block)
        if names and descriptions:
            templates[names[0]] = descriptions[0]
    functions = {f["name"]: f for f in kwargs.pop("functions", []) if isinstance(f, dict) and "name" in f}
    missing = [name for name in VERDICTS if name not in templates or name not in functions]
    if missing:
        raise ToolEvalWordingError(f"--wording {checkout}: evaluator {evaluator} lacks {', '.join(missing)}")
    return ToolEvalWording(
        source=str(checkout), evaluator=evaluator, templates=templates, functions=functions, completion=kwargs
    )
