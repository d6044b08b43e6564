"""One scripted policy for both sides of a differential test, and the two tool environments.

Reply ``k`` of script ``s`` is drawn from a generator seeded with ``s:k``, so both loops see the same
replies in the same order for as long as they ask the same questions; a loop that diverges shows
up as different visible messages, call counts or answers. The replies cover what the loops must
agree on: content None, "" and text; valid calls, names that only end a function's name, made-up
and empty names; answers, give-ups, Finish with a null answer or without one; and replies that
call nothing.
"""

from __future__ import annotations

import json
import random
from typing import Any

from harness.envs.calls import finish_outcome, unknown_function_text
from harness.models.base import GenerateConfig, ModelOutput
from harness.strategies.tree import visible
from harness.toolbench.naming import FINISH_FUNCTION_NAME
from harness.types.messages import Function, Message, ToolCall
from harness.types.observation import Observation
from harness.types.query import AgentQuery

APIS = ("alpha", "beta", "gamma")
FUNCTIONS = [f"{api}_for_kit" for api in APIS]

Visible = list[tuple[Any, ...]]


def reply(script: int, k: int) -> dict[str, Any]:
    """Reply number ``k`` of script ``script``, in OpenAI's function-calling message shape."""
    rng = random.Random(f"{script}:{k}")
    content = rng.choice([None, None, "", f"Thought {k}."])
    call = _call(rng, k, {"value": k})
    if call is None:
        content = content or f"Only thinking {k}."
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if call is not None:
        message["function_call"] = {"name": call[0], "arguments": call[1]}
    return message


def parallel_reply(script: int, k: int) -> dict[str, Any]:
    """Reply ``k`` of script ``script`` with 1 to 3 calls drawn as ``reply`` draws one, in the shape
    StableToolBench's loops read (a ``tool_calls`` list with ids); a draw of no call is left out,
    so some replies call nothing."""
    rng = random.Random(f"{script}:{k}:parallel")
    content = rng.choice([None, None, "", f"Thought {k}."])
    drawn = [_call(rng, k, {"value": k, "call": n}) for n in range(rng.choice((1, 2, 2, 3)))]
    calls = [call for call in drawn if call is not None]
    if not calls:
        return {"role": "assistant", "content": content or f"Only thinking {k}."}
    return {
        "role": "assistant",
        "content": content,
        "tool_calls": [
            {"id": f"call_{k}_{n}", "type": "function", "function": {"name": name, "arguments": arguments}}
            for n, (name, arguments) in enumerate(calls)
        ],
    }


def _call(rng: random.Random, k: int, arguments: dict[str, Any]) -> tuple[str, str] | None:
    """One drawn call (name, raw arguments), or None for a reply that calls nothing."""
    roll = rng.random()
    call: tuple[str, str] | None
    if roll < 0.40:
        call = (rng.choice(FUNCTIONS), json.dumps(arguments))
    elif roll < 0.46:
        call = ("ta_for_kit", json.dumps(arguments))  # ends beta_for_kit only
    elif roll < 0.51:
        call = ("delta_for_kit", "{}")  # offered nowhere
    elif roll < 0.55:
        call = ("", "{}")  # ToolBench's ends-with reaches the first API
    elif roll < 0.62:
        call = ("Finish", json.dumps({"return_type": "give_answer", "final_answer": f"answer {k}"}))
    elif roll < 0.77:
        call = ("Finish", json.dumps({"return_type": "give_up_and_restart", "try": k}))
    elif roll < 0.79:
        call = ("Finish", json.dumps({"return_type": "give_answer", "final_answer": None}))
    elif roll < 0.82:
        call = ("Finish", json.dumps({"return_type": "give_answer"}))
    else:
        call = None
    return call


def toolbench_view(messages: list[dict[str, Any]], words: bool = False) -> Visible:
    """What ToolBench's ChatGPT client sends, as comparable tuples; unless ``words``, the opening two
    turns and the text of user notes are left out (under our wording the words are not the loop's).
    StableToolBench's turns (``tool_calls`` lists, ``tool`` results) add every call and their ids."""
    shown = [m for m in messages if m.get("valid", True) is not False]
    out: Visible = []
    for m in shown if words else shown[2:]:
        call = m.get("function_call")
        if m["role"] in ("system", "user"):
            out.append((m["role"], m["content"]) if words else (m["role"],))
        elif m["role"] == "function":
            out.append(("function", m["name"], m["content"]))
        elif m["role"] == "tool":
            out.append(("function", m["name"], m["content"], m["tool_call_id"]))
        elif m.get("tool_calls"):
            calls = [(c["function"]["name"], c["function"]["arguments"], c["id"]) for c in m["tool_calls"]]
            out.append(("assistant", m.get("content"), *[part for c in calls for part in c]))
        else:
            name, arguments = (call["name"], call["arguments"]) if call else (None, None)
            out.append(("assistant", m.get("content"), name, arguments))
    return out


def harness_view(messages: list[Message], words: bool = False, ids: bool = False) -> Visible:
    """The same tuples from the messages our loop hands a model; ``ids`` adds the call ids, as
    StableToolBench's turns carry them."""
    out: Visible = []
    for m in visible(messages) if words else visible(messages)[2:]:
        if m.role in ("system", "user"):
            out.append((m.role, m.content) if words else (m.role,))
        elif m.role == "tool":
            out.append(("function", m.name, m.content, *([m.tool_call_id] if ids else [])))
        elif ids and m.calls:
            out.append(("assistant", m.content, *[part for c in m.calls for part in (c.name, c.arguments, c.id)]))
        else:
            call = m.tool_call
            out.append(("assistant", m.content, call.name if call else None, call.arguments if call else None))
    return out


class ToolBenchLLM:
    """ToolBench's LLM interface (change_messages / parse) answering from the script."""

    def __init__(self, script: int, words: bool = False, parallel: bool = False) -> None:
        self.script = script
        self.words = words
        self.draw = parallel_reply if parallel else reply
        self.calls: list[Visible] = []
        self.messages: list[dict[str, Any]] = []

    def change_messages(self, messages: list[dict[str, Any]]) -> None:
        self.messages = messages

    def parse(self, functions: Any = None, process_id: int = 0, **_: Any) -> tuple[dict[str, Any], int, int]:
        # StableToolBench's single_chain passes the functions as ``tools=``.
        self.calls.append(toolbench_view(self.messages, self.words))
        return self.draw(self.script, len(self.calls) - 1), 0, 1


class HarnessModel:
    """Our ModelAdapter answering from the same script."""

    name = "scripted"

    def __init__(self, script: int, words: bool = False, parallel: bool = False) -> None:
        self.script = script
        self.words = words
        self.parallel = parallel
        self.calls: list[Visible] = []
        self.seeds: list[int | None] = []

    async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        self.calls.append(harness_view(messages, self.words, ids=self.parallel))
        self.seeds.append(config.seed)
        k = len(self.calls) - 1
        raw = parallel_reply(self.script, k) if self.parallel else reply(self.script, k)
        listed = raw.get("tool_calls") or ([{"function": raw["function_call"]}] if "function_call" in raw else [])
        calls = [
            ToolCall(name=c["function"]["name"], arguments=c["function"]["arguments"], id=c.get("id")) for c in listed
        ]
        message = Message(
            role="assistant", content=raw["content"], tool_call=calls[0] if calls else None, more_calls=calls[1:]
        )
        return ModelOutput(message=message)


def tool_text(api_name: str, arguments: str) -> str:
    """What both environments answer for a call of an offered API."""
    return json.dumps({"error": "", "response": f"called {api_name} with {arguments}"})


class HarnessEnv:
    """Our call semantics (Finish codes, unknown names) over tools that echo their call."""

    async def call(self, tool_call: ToolCall, query: AgentQuery) -> Observation:
        if tool_call.name == FINISH_FUNCTION_NAME:
            text, status = finish_outcome(tool_call.arguments)
            return Observation(text=text, status_code=int(status))
        for api in query.api_list:
            if f"{api.api_name}_for_kit" == tool_call.name:
                return Observation(text=tool_text(api.api_name, tool_call.arguments))
        return Observation(text=unknown_function_text(tool_call.name), status_code=1)

    async def aclose(self) -> None:
        return None


def toolbench_env(wrapper_class: type[Any], functions: list[dict[str, Any]]) -> Any:
    """ToolBench's rapidapi_wrapper without its constructor (which reads tool files): the attributes
    its ``step`` reads, with the API call answered by ``get_rapidapi_response`` (patched by the test)."""
    env = wrapper_class.__new__(wrapper_class)
    env.functions = functions
    env.api_name_reflect = {f"{api}_for_kit": api for api in APIS}
    env.cate_names = ["Tests"] * len(APIS)
    env.tool_names = ["kit"] * len(APIS)
    env.process_id = 1  # 0 prints every node
    env.max_observation_length = 1024
    env.observ_compress_method = "truncate"
    env.toolbench_key = env.rapidapi_key = ""
    env.use_rapidapi_key = False
    env.api_customization = True
    env.retriever = None
    env.success = 0
    env.task_description = "Use the tools."
    env.input_description = "Find things."
    return env


def fake_rapidapi_response(payload: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Stands in for ToolBench's server call: the same text HarnessEnv gives."""
    return json.loads(tool_text(payload["api_name"], payload["tool_input"]))
