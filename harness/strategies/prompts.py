"""The words a strategy says to the model. Our own wording; the structure (a system message that
describes the tools, a user message with the task, a note listing earlier attempts before a
sibling is expanded) follows ToolBench."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from harness.types.query import AgentQuery

SYSTEM_PROMPT = """You solve a user's request by calling the functions you are given, one call at a time.
Each turn: say in a sentence or two what you know so far and what you will do next, then call one function.
The results come back to you as function output. Use them to decide the next call.
When you can answer, call Finish with return_type "give_answer" and put the complete answer in final_answer:
the user sees nothing but that text, so it must state every fact they asked for.
If the functions cannot get you any further from where you are, call Finish with return_type
"give_up_and_restart" and a new attempt will start.
The tools available for this task:
{tools}"""

USER_PROMPT = """{query}
Start now."""

DIVERSITY_PROMPT = """You have been at this exact point before. From here, earlier attempts made these calls:
{candidates}
{observation}None of them led to an answer. Take a different action from every one listed above: another function, \
or the same function with clearly different arguments."""


def tool_overview(query: AgentQuery) -> str:
    """One numbered line per tool of the query, with the APIs offered from it."""
    tools: dict[str, list[str]] = {}
    for api in query.api_list:
        tools.setdefault(api.tool_name, []).append(api.api_name)
    return "\n".join(f"{i}. {tool}: {', '.join(apis)}" for i, (tool, apis) in enumerate(tools.items(), start=1))


def system_message(query: AgentQuery) -> str:
    return SYSTEM_PROMPT.format(tools=tool_overview(query))


def user_message(query: AgentQuery) -> str:
    return USER_PROMPT.format(query=query.text)


def diversity_message(candidates: Sequence[dict[str, Any]], observation: str | None) -> str:
    """The note shown before expanding a node that already has children (DFSDT)."""
    seen = f"The observation you are working from: {observation}\n" if observation else ""
    return DIVERSITY_PROMPT.format(candidates=json.dumps(list(candidates), indent=2), observation=seen)
