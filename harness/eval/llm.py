"""Asking an LLM judge one question through any model adapter, and reading its structured verdict.

The judge must call the question's function (forced where the provider allows it). A reply without
the call is read as JSON text instead; a reply that still holds no valid verdict is asked again
with another seed. Replies are cached on disk under a hash of the whole request, so an identical
judge request is never paid for twice, across runs and re-runs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from harness.eval.prompts import SYSTEM, Question, question_text
from harness.eval.tooleval_wording import ToolEvalWording
from harness.models.base import GenerateConfig, ModelAdapter, ModelOutput
from harness.models.cache import ResponseCache, request_key
from harness.types.messages import Function, Message

ATTEMPTS = 3
_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


class JudgeError(RuntimeError):
    """The judge gave no usable verdict; the message is one line."""


@dataclass
class JudgeUsage:
    """What a judge has cost in this process."""

    calls: int = 0
    cached: int = 0
    unusable: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class Verdict:
    """One answered question: the verdict, the judge's reason, and what getting it cost."""

    value: str
    reason: str
    tokens: int = 0
    cost_usd: float = 0.0
    calls: int = 1
    cached: int = 0


def _arguments(output: ModelOutput, function: str) -> dict[str, Any] | None:
    call = output.message.tool_call
    if call is not None and call.name == function:
        return call.parsed_arguments()
    found = _JSON_OBJECT.search(output.message.content or "")
    if found is None:
        return None
    try:
        value = json.loads(found.group(0))
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def read_verdict(output: ModelOutput, question: Question) -> tuple[str, str] | None:
    """(verdict, reason) from a reply, or None when it holds no valid verdict."""
    arguments = _arguments(output, question.function)
    if arguments is None or question.verdict not in arguments:
        return None
    raw = arguments[question.verdict]
    if isinstance(raw, bool):
        return None
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
    by_case = {choice.lower(): choice for choice in question.choices}
    verdict = by_case.get(text.lower())
    if verdict is None:
        return None
    return verdict, str(arguments.get("reason") or output.message.content or "").strip()


class JudgeModel:
    """One judge model: asks questions, caches replies, and counts what they cost."""

    def __init__(
        self,
        model: ModelAdapter,
        name: str,
        *,
        config: GenerateConfig | None = None,
        cache: ResponseCache | None = None,
        tooleval: ToolEvalWording | None = None,
    ) -> None:
        self.model = model
        # ToolEval's own questions and inputs (profile toolbench with --wording); None: ours.
        self.tooleval = tooleval
        self.name = name
        self.config = config or GenerateConfig(temperature=0.2, max_tokens=1024)
        if tooleval is not None:
            self.use_tooleval(tooleval, keep=set() if config is None else set(config.model_fields_set))
        self.cache = cache
        self.usage = JudgeUsage()
        identity = getattr(model, "identity", None)
        self.identity: dict[str, Any] = dict(identity) if isinstance(identity, dict) else {"adapter": model.name}

    def use_tooleval(self, wording: ToolEvalWording, keep: set[str]) -> None:
        """Ask ToolEval's questions from now on, at its config's temperature and max_tokens except
        where ``keep`` names a setting the user chose."""
        self.tooleval = wording
        sampling = {k: v for k, v in wording.completion.items() if k in ("temperature", "max_tokens") and k not in keep}
        self.config = self.config.model_copy(update=sampling)

    async def ask(self, question: Question, material: dict[str, str], seed: int) -> Verdict:
        """The judge's verdict on ``question`` about ``material``; ``seed`` tells votes apart."""
        messages = [
            Message(role="system", content=SYSTEM),
            Message(role="user", content=question_text(question, material)),
        ]
        return await self._ask(question, messages, [question.schema()], seed)

    async def ask_tooleval(self, function: str, arguments: dict[str, str], seed: int) -> Verdict:
        """ToolEval's question ``function`` on ``arguments``, worded and built as ToolEval builds it."""
        assert self.tooleval is not None, "ask_tooleval needs the judge built with ToolEval's wording"
        request = self.tooleval.request(function, arguments)
        question = Question(request.function, "", request.verdict, self.tooleval.choices(function), "")
        return await self._ask(question, request.messages, request.functions, seed)

    async def _ask(self, question: Question, messages: list[Message], functions: list[Function], seed: int) -> Verdict:
        tokens, cost, cached = 0, 0.0, 0
        last = ""
        for attempt in range(ATTEMPTS):
            calls = attempt + 1
            config = self.config.model_copy(update={"seed": seed + 100_003 * attempt, "tool_choice": question.function})
            key = request_key(self.identity, messages, functions, config)
            output = self.cache.get(key) if self.cache is not None else None
            fresh = output is None
            if output is not None:
                cached += 1
                self.usage.cached += 1
            else:
                output = await self.model.generate(messages, functions, config)
                self.usage.calls += 1
                self.usage.prompt_tokens += output.usage.prompt_tokens
                self.usage.completion_tokens += output.usage.completion_tokens
                self.usage.cost_usd += output.cost_usd
                tokens += output.usage.total_tokens
                cost += output.cost_usd
            verdict = read_verdict(output, question)
            if verdict is not None:
                if fresh and self.cache is not None:
                    self.cache.put(key, output)
                return Verdict(verdict[0], verdict[1], tokens, cost, calls, cached)
            self.usage.unusable += 1
            call = output.message.tool_call
            last = call.arguments if call is not None else (output.message.content or "")
        raise JudgeError(
            f"judge {self.name} gave no valid `{question.verdict}` ({', '.join(question.choices)}) in {ATTEMPTS} "
            f"tries; last reply: {' '.join(last.split())[:200]!r}"
        )
