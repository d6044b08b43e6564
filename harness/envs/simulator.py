"""An LLM that plays an API: StableToolBench's idea of a simulated server, through any ModelAdapter.

The model sees the API's documentation, up to five answers the API gave before (from the cache),
and the call's arguments, and must reply with one JSON object ``{"error": "", "response": ...}``.
A reply that is not such an object is asked for again; after the last attempt (or when the model
itself fails) the simulator gives up and the server falls back to the schema simulation.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from harness.envs.result import ApiResult
from harness.models.base import GenerateConfig, ModelAdapter
from harness.types.docs import ApiDoc
from harness.types.messages import Message

log = logging.getLogger(__name__)

SYSTEM_PROMPT = """\
You stand in for a web API. You are given the documentation of one endpoint, some answers it \
returned for earlier calls, and the arguments of a new call. Work out what the endpoint does and \
answer the new call the way the real service would.

Reply with a single JSON object and nothing else, in this form:
{"error": "", "response": <the endpoint's answer>}

Rules:
- Leave "error" empty unless the arguments make the call fail (a required parameter missing, a \
value of the wrong kind); then describe the failure briefly in "error" and leave "response" empty.
- Follow the structure of the earlier answers and of the documented response shape when there is \
one; make the values consistent with the arguments.
- Earlier answers that are errors or empty tell you nothing about the content: ignore them and \
answer on your own.
- Give concrete, realistic content, but keep it short: well under 200 words.
"""


def example_block(examples: list[tuple[str, Any]], max_chars: int) -> list[dict[str, Any]]:
    """Earlier answers for the prompt, dropping the later ones until the block fits ``max_chars``
    (one is always kept)."""
    chosen = [{"arguments": key, "answer": answer} for key, answer in examples]
    while len(chosen) > 1 and len(json.dumps(chosen)) > max_chars:
        chosen.pop()
    return chosen


def user_prompt(api: ApiDoc, tool_description: str, examples: list[dict[str, Any]], arguments: dict[str, Any]) -> str:
    """The request the model answers: documentation, earlier answers, the new arguments."""
    doc = {
        "tool": api.tool_name,
        "tool_description": tool_description,
        "api": api.api_name,
        "description": api.api_description,
        "method": api.method,
        "required_parameters": [p.model_dump() for p in api.required_parameters],
        "optional_parameters": [p.model_dump() for p in api.optional_parameters],
        "response_shape": api.template_response,
    }
    return (
        f"Documentation:\n{json.dumps(doc, ensure_ascii=False)}\n\n"
        f"Earlier answers:\n{json.dumps(examples, ensure_ascii=False)}\n\n"
        f"Arguments of this call:\n{json.dumps(arguments, ensure_ascii=False)}\n"
    )


def parse_reply(text: str | None) -> dict[str, Any] | None:
    """The JSON object in a model's reply (code fences and chatter around it are tolerated)."""
    if not text:
        return None
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        return None
    try:
        value = json.loads(text[start : end + 1])
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    return value if "response" in value else {"error": "", "response": value}


class LlmSimulator:
    """Answers API calls with a model; ``simulate`` returns None when no usable answer came."""

    def __init__(
        self,
        model: ModelAdapter,
        max_examples: int = 5,
        max_example_chars: int = 2048,
        attempts: int = 3,
        max_tokens: int = 1024,
    ) -> None:
        self.model = model
        self.max_examples = max_examples
        self.max_example_chars = max_example_chars
        self.attempts = attempts
        self.config = GenerateConfig(temperature=0.0, max_tokens=max_tokens)

    @property
    def name(self) -> str:
        """The model's name."""
        return self.model.name

    async def aclose(self) -> None:
        """Release the model's connections (they belong to the serving loop)."""
        closer = getattr(self.model, "aclose", None)
        if closer is not None:
            await closer()

    async def simulate(
        self, api: ApiDoc, examples: list[tuple[str, Any]], arguments: dict[str, Any], tool_description: str = ""
    ) -> ApiResult | None:
        """The model's answer to one call, or None when it gave no usable one (the caller falls back)."""
        block = example_block(examples[: self.max_examples], self.max_example_chars)
        messages = [
            Message(role="system", content=SYSTEM_PROMPT),
            Message(role="user", content=user_prompt(api, tool_description, block, arguments)),
        ]
        for attempt in range(1, self.attempts + 1):
            try:
                output = await self.model.generate(messages, [], self.config)
            except Exception as exc:  # a transport failure: fall back rather than fail the call
                log.warning("simulator %s failed: %s", self.name, type(exc).__name__)
                return None
            body = parse_reply(output.message.content)
            if body is not None:
                return ApiResult.from_body(body, "simulator")
            log.info("simulator %s gave no JSON object (attempt %d of %d)", self.name, attempt, self.attempts)
        return None
