"""A tiny tool environment for strategy tests: Finish semantics plus canned observations."""

from __future__ import annotations

from harness.toolbench.finish import parse_finish_arguments
from harness.types.docs import ApiDoc
from harness.types.messages import ToolCall
from harness.types.observation import Observation
from harness.types.query import Query


def query_with_apis(*names: str, text: str = "Find things.") -> Query:
    """A query offering one API per name, all from the tool ``kit``."""
    apis = [
        ApiDoc(category_name="Tests", tool_name="kit", api_name=name, api_description=f"does {name}") for name in names
    ]
    return Query(query_id="q1", text=text, api_list=apis)


class CannedEnv:
    """Answers ``<api>_for_kit`` with ``"<api> says <arguments>"``; Finish as ToolBench's codes."""

    def __init__(self, apis: tuple[str, ...]) -> None:
        self.functions = {f"{name}_for_kit" for name in apis}
        self.calls: list[ToolCall] = []

    async def call(self, tool_call: ToolCall, query: Query) -> Observation:
        self.calls.append(tool_call)
        if tool_call.name == "Finish":
            kind, _ = parse_finish_arguments(tool_call.arguments)
            if kind == "give_up_and_restart":
                return Observation(text='{"response":"gave up"}', status_code=4)
            return Observation(text='{"response":"answer received"}', status_code=3)
        if tool_call.name not in self.functions:
            return Observation(text=f"no function {tool_call.name}", status_code=1)
        return Observation(text=f"{tool_call.name} says {tool_call.arguments}", status_code=0, latency_s=0.01)

    async def aclose(self) -> None:
        return None


def call(api: str, argument: str = "x") -> ToolCall:
    return ToolCall(name=f"{api}_for_kit", arguments=f'{{"value": "{argument}"}}')


def answer(text: str) -> ToolCall:
    return ToolCall(name="Finish", arguments=f'{{"return_type": "give_answer", "final_answer": "{text}"}}')


GIVE_UP = ToolCall(name="Finish", arguments='{"return_type": "give_up_and_restart"}')
