"""``oracle``: follows a query's gold call path, then answers with the query's gold facts.

It is an upper bound for a strategy and a check of the tool world: when a call of the path fails it
gives up, so a world that no longer answers its gold path shows up as a failed episode. Facts that
the responses state literally are confirmed against them; the others are composed from several
values (a score "1-1" from two fields) and are stated as the gold has them, listed in the output's
``extra["unconfirmed_facts"]``. A fact of a bound part (a bare small number, yes/no, a value pasted
from a response) is stated after the first phrase of its part's context ("products 35"), as the
rule judge requires. It is the one model that reads gold, and it gets it when it is built (a
:data:`~harness.types.query.GoldBook` for the run's queries); each turn it finds the episode's entry
by the query's group and id, which is all ``GenerateConfig.query`` carries.
"""

from __future__ import annotations

import json
import re
from typing import Any

from harness.models.base import GenerateConfig, ModelOutput
from harness.models.history import read_history
from harness.toolbench.naming import FINISH_FUNCTION_NAME, function_name, parameter_name, standardize
from harness.types.messages import Function, Message, ToolCall
from harness.types.query import Gold, GoldBook
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


def answer_text(gold: Gold) -> str:
    """The gold stated as an answer: part by part, each fact of a bound part after its context's first
    phrase."""
    if not gold.parts:
        return "; ".join(gold.facts)
    stated_parts = [
        ", ".join(f"{part.context[0]} {fact}" if part.context else fact for fact in part.facts) for part in gold.parts
    ]
    return "; ".join(stated_parts)


def _finish(arguments: dict[str, str]) -> Message:
    call = ToolCall(name=FINISH_FUNCTION_NAME, arguments=json.dumps(arguments, ensure_ascii=False))
    return Message(role="assistant", content="", tool_call=call)


class OracleAgent:
    """Replays the gold path of the episode's query one call per turn, then Finish."""

    def __init__(self, gold: GoldBook, name: str = "oracle") -> None:
        self.name = name
        self._gold = gold

    async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        message, unconfirmed = self.decide(messages, config)
        return ModelOutput(message=message, extra={"unconfirmed_facts": unconfirmed} if unconfirmed else {})

    def decide(self, messages: list[Message], config: GenerateConfig) -> tuple[Message, list[str]]:
        """The next gold call, or Finish stating the gold facts (with those no response stated literally)."""
        query = config.query
        gold = self._gold.get((query.group, query.query_id)) if query is not None else None
        if gold is None or not gold.facts:
            return _finish({"return_type": "give_up_and_restart"}), []
        results, _ = read_history(messages)
        made = [r for r in results if r.call.name != FINISH_FUNCTION_NAME]
        path = gold.call_path
        if len(made) < len(path):
            call = gold_call(path[len(made)])
            return Message(role="assistant", content="", tool_call=call), []
        if not all(r.ok for r in made):
            return _finish({"return_type": "give_up_and_restart"}), []
        seen = " ".join(stated(r.raw) for r in made)
        unconfirmed = [fact for fact in gold.facts if not mentions_fact(seen, fact)]
        return _finish({"return_type": "give_answer", "final_answer": answer_text(gold)}), unconfirmed
