"""An agent under test that reaches its tools over MCP, driven by the offline baseline's policy.

    harness run --agent "python examples/agents/mcp_agent.py" --tasks sandbox/G1_instruction --limit 20

The harness starts it once per episode with the request as JSON on stdin (docs/agents.md). It opens
the episode's MCP session with the official ``mcp`` SDK's client, lists the tools, and lets the
baseline policy (no language model) pick one call at a time until it calls ``Finish``; every call
goes over MCP, where the harness records it. Put your own model where ``policy.decide`` is.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

NAME, VERSION, MODEL = "mcp_agent", "1.0", "baseline"
THOUGHT = "toolharness/thought"  # a `_meta` key: the harness records it as the call's thought


async def solve(request: dict[str, Any]) -> dict[str, Any]:
    """Work one episode through its MCP session; returns the reply to print."""
    # Imported here, not at the top: `describe` must answer quickly, and the SDK takes seconds to load.
    from mcp import Client

    from harness.models.base import GenerateConfig
    from harness.models.baseline.agent import BaselineAgent
    from harness.types.messages import Function, Message

    async with Client(request["mcp_url"]) as client:
        listing = await client.list_tools()
        functions = [
            Function(name=tool.name, description=tool.description or "", parameters=tool.input_schema)
            for tool in listing.tools
        ]
        messages = [Message(role="user", content=request["query"])]
        policy = BaselineAgent()
        for step in range(request.get("max_calls") or 20):
            call = policy.decide(messages, functions, GenerateConfig()).tool_call
            if call is None:
                break
            arguments = json.loads(call.arguments or "{}")
            result = await client.call_tool(call.name, arguments, meta={THOUGHT: f"Next I call {call.name}."})
            observation = "".join(block.text for block in result.content if block.type == "text")
            call_id = f"call_{step}"
            messages += [
                Message(role="assistant", content="", tool_call=call.model_copy(update={"id": call_id})),
                Message(role="tool", name=call.name, content=observation, tool_call_id=call_id),
            ]
            if call.name == "Finish":
                break
    return {"name": NAME, "version": VERSION, "model": MODEL}


def main() -> None:
    request = json.loads(sys.stdin.readline() or "{}")
    if request.get("describe"):
        reply = {"name": NAME, "version": VERSION, "model": MODEL}
    else:
        reply = asyncio.run(solve(request))
    print(json.dumps(reply))


if __name__ == "__main__":
    main()
