"""``oracle``: follows a query's gold call path, then answers with the gold facts the calls returned.

It is an upper bound for a strategy and a check of the tool world: a gold fact that the path's
responses do not contain is left out of the answer, so a world that no longer produces its gold
shows up as a failed episode rather than a silent pass. It needs ``GenerateConfig.query`` with gold.
"""

from __future__ import annotations

import json
import re
from typing import Any

from harness.models.base import GenerateConfig, ModelOutput
from harness.models.history import read_history
from harness.toolbench.naming import FINISH_FUNCTION_NAME, function_name, parameter_name, standardize
from harness.types.messages import Function, Message, ToolCall
from harness.util.text import fact_text, mentions_fact

_NUMBER = re.compile(r"-?\d+\.\d+")


def gold_call(step: dict[str, Any]) -> ToolCall:
    """A gold path entry (catalog names) as the call an agent makes (function and parameter names
    as ToolBench builds them)."""
    name = function_name(str(step["api_name"]), standardize(str(step["tool_name"])))
    raw_arguments = step.get("arguments") or {}
    arguments = {parameter_name(str(k)): v for k, v in dict(raw_arguments).items()}
    return ToolCall(name=name, arguments=json.dumps(arguments, ensure_ascii=False))


def stated(observation: str) -> str:
    """What an observation says, as text: JSON escapes decoded ("d\\u00edas" is "días"), and every
    decimal also written the way facts are (two decimals)."""
    try:
        text = json.dumps(json.loads(observation), ensure_ascii=False)
    except (json.JSONDecodeError, RecursionError):
        text = observation
    rounded = " ".join(fact_text(float(m.group(0))) for m in _NUMBER.finditer(text))
    return f"{text} {rounded}"


def _finish(arguments: dict[str, str]) -> Message:
    call = ToolCall(name=FINISH_FUNCTION_NAME, arguments=json.dumps(arguments, ensure_ascii=False))
    return Message(role="assistant", content="", tool_call=call)


class OracleAgent:
    """Replays the gold path of ``config.query`` one call per turn, then Finish."""

    def __init__(self, name: str = "oracle") -> None:
        self.name = name

    async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        return ModelOutput(message=self.decide(messages, config))

    def decide(self, messages: list[Message], config: GenerateConfig) -> Message:
        """The next gold call, or Finish with the facts the calls so far returned."""
        query = config.query
        if query is None or query.gold is None or not query.gold.facts:
            return _finish({"return_type": "give_up_and_restart"})
        results, _ = read_history(messages)
        made = [r for r in results if r.call.name != FINISH_FUNCTION_NAME]
        path = query.gold.call_path
        if len(made) < len(path):
            call = gold_call(path[len(made)])
            return Message(role="assistant", content="", tool_call=call)
        seen = " ".join(stated(r.raw) for r in made if r.ok)
        found = [fact for fact in query.gold.facts if mentions_fact(seen, fact)]
        if not found:
            return _finish({"return_type": "give_up_and_restart"})
        return _finish({"return_type": "give_answer", "final_answer": "; ".join(found)})
