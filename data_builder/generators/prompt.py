"""The LLM generator's prompt and the parsing of its reply.

The model sees the sampled API docs and three hand-written examples, and answers with a JSON array of
proposals: the request, the APIs it needs, the calls that answer it (concrete arguments; a value from
an earlier response is written ``"$<call>.<field path>"``) and the response fields the answer must state.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from harness.types.docs import ApiDoc
from harness.types.messages import Message

SYSTEM = """You design test requests for a benchmark of assistants that use APIs.
You are shown the documentation of a few APIs. Write {count} different requests that a real user might
make and that can only be answered by calling these APIs. Make them specific (name the concrete things
asked about), varied in wording and length, and self-contained. {scope}
For each request give:
- "query": the request, as the user would write it;
- "related_apis": the [tool_name, api_name] pairs it needs, taken from the documentation only;
- "calls": the calls that answer it, in order, as {{"tool": tool_name, "api": api_name, "arguments": {{...}}}}
  with concrete values; to pass a value from an earlier call's response write "$<n>.<field path>", where n
  counts calls from 0 (for example "$0.results.0.id");
- "answer_fields": the [n, "field path"] pairs of the responses whose values the answer must state.
Reply with the JSON array only."""

SCOPE_SINGLE = "A request may need one API or several APIs of the tool."
SCOPE_MULTI = "Every request must need APIs of at least two different tools."


class ProposedCall(BaseModel):
    """One call of a proposed path."""

    model_config = ConfigDict(extra="ignore")

    tool: str
    api: str
    arguments: dict[str, Any] = Field(default_factory=dict)


class Proposal(BaseModel):
    """One (instruction, relevant APIs, path) proposal from the model."""

    model_config = ConfigDict(extra="ignore")

    query: str = Field(min_length=1)
    related_apis: list[tuple[str, str]]
    calls: list[ProposedCall] = Field(min_length=1)
    answer_fields: list[tuple[int, str]] = Field(min_length=1)


def api_summary(api: ApiDoc) -> dict[str, Any]:
    """What the prompt shows of one API: its doc without ToolBench's bookkeeping fields."""
    return {
        "category_name": api.category_name,
        "tool_name": api.tool_name,
        "api_name": api.api_name,
        "api_description": api.api_description,
        "required_parameters": [p.model_dump() for p in api.required_parameters],
        "optional_parameters": [p.model_dump() for p in api.optional_parameters],
        "template_response": api.template_response,
    }


def build_messages(
    apis: Sequence[ApiDoc], examples: Sequence[dict[str, Any]], count: int, multi: bool
) -> list[Message]:
    """The conversation sent to the model for one sample."""
    system = SYSTEM.format(count=count, scope=SCOPE_MULTI if multi else SCOPE_SINGLE)
    shown = []
    for number, example in enumerate(examples, start=1):
        proposal = {k: example[k] for k in ("query", "related_apis", "calls", "answer_fields")}
        shown.append(
            f"Example {number}. APIs: {json.dumps(example['apis'])}\nOne good request:\n{json.dumps([proposal])}"
        )
    user = (
        "\n\n".join(shown)
        + "\n\nDocumentation of the APIs to use now:\n"
        + json.dumps([api_summary(a) for a in apis], indent=1)
        + f"\n\nWrite {count} requests for these APIs as a JSON array."
    )
    return [Message(role="system", content=system), Message(role="user", content=user)]


def _json_array(text: str) -> list[Any] | None:
    """The first JSON array holding an object in ``text`` (models wrap replies in prose or code fences)."""
    decoder = json.JSONDecoder()
    for start, char in enumerate(text):
        if char != "[":
            continue
        try:
            value, _ = decoder.raw_decode(text, start)
        except ValueError:
            continue
        if isinstance(value, list) and any(isinstance(v, dict) for v in value):
            return value
    return None


def parse_proposals(text: str) -> tuple[list[Proposal], int]:
    """(well-formed proposals, count of malformed ones) from a model reply."""
    items = _json_array(text)
    if items is None:
        return [], 1
    proposals, malformed = [], 0
    for item in items:
        try:
            proposals.append(Proposal.model_validate(item))
        except ValidationError:
            malformed += 1
    return proposals, malformed
