"""An OpenAI-tools agent loop under test: any OpenAI-protocol server plays the model, MCP gives the tools.

    OPENAI_BASE_URL=http://127.0.0.1:8000/v1 OPENAI_API_KEY=... AGENT_MODEL=my-model \\
        harness run --agent "python examples/agents/openai_tools_agent.py" --tasks sandbox --limit 5

The usual loop of a tool-calling agent: the episode's MCP tools become OpenAI ``tools``; each turn the
model either calls tools (each call goes over MCP, where the harness records it, and the result goes
back to the model) or answers in text. A ``Finish`` call ends the episode with its answer; a text
answer is printed as the reply's ``answer``. The model's reasoning text is sent along with each call
as its thought.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from typing import Any

NAME, VERSION = "openai_tools_agent", "1.0"
MODEL = os.environ.get("AGENT_MODEL", "gpt-4o-mini")
THOUGHT = "toolharness/thought"


async def solve(request: dict[str, Any]) -> dict[str, Any]:
    """Work one episode; returns the reply to print."""
    from mcp import Client
    from openai import AsyncOpenAI

    model = AsyncOpenAI()  # OPENAI_BASE_URL and OPENAI_API_KEY from the environment
    reply: dict[str, Any] = {"name": NAME, "version": VERSION, "model": MODEL}
    async with Client(request["mcp_url"]) as client:
        listing = await client.list_tools()
        tools = [
            {
                "type": "function",
                "function": {"name": t.name, "description": t.description or "", "parameters": t.input_schema},
            }
            for t in listing.tools
        ]
        messages: list[dict[str, Any]] = [{"role": "user", "content": request["query"]}]
        for _ in range(request.get("max_calls") or 20):
            response = await model.chat.completions.create(model=MODEL, messages=messages, tools=tools)  # type: ignore[arg-type]
            message = response.choices[0].message
            if not message.tool_calls:
                reply["answer"] = message.content or ""
                return reply
            messages.append(message.model_dump(exclude_none=True))
            for tool_call in message.tool_calls:
                name = tool_call.function.name
                arguments = json.loads(tool_call.function.arguments or "{}")
                meta = {THOUGHT: message.content} if message.content else None
                result = await client.call_tool(name, arguments, meta=meta)
                text = "".join(block.text for block in result.content if block.type == "text")
                messages.append({"role": "tool", "tool_call_id": tool_call.id, "content": text})
                if name == "Finish" and not result.is_error:
                    return reply
    return reply


def main() -> None:
    request = json.loads(sys.stdin.readline() or "{}")
    if request.get("describe"):
        print(json.dumps({"name": NAME, "version": VERSION, "model": MODEL}))
        return
    print(json.dumps(asyncio.run(solve(request))))


if __name__ == "__main__":
    main()
