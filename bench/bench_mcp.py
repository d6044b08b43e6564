"""What serving the tools over MCP costs per call, next to calling the ToolEnv directly.

Run: .venv/bin/python bench/bench_mcp.py [--calls 200] [--rounds 5]
Serves the bundled catalog on an in-process MCP hub (the server `harness run --agent` uses) and, in
alternating rounds, makes the same calls (every bundled API with its documented example arguments,
cycled) through the official SDK's client over streamable HTTP and straight through the ToolEnv.
Prints the median per-call time of each, their ratio and the MCP overhead per call; and the time an
agent process spends importing the SDK, the fixed cost of every episode of a command agent.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from mcp import Client

from harness.agents.hub import McpHub
from harness.agents.serving import catalog_tools
from harness.envs.factory import EnvConfig, build_env
from harness.toolbench.naming import parameter_name
from harness.types.messages import ToolCall

CATALOG = Path(__file__).resolve().parents[1] / "tasks" / "toolenv" / "tools"


async def main(calls: int, rounds: int) -> None:
    session = catalog_tools(EnvConfig(catalog=CATALOG))
    examples = [
        (f.name, {parameter_name(p.name): p.default for p in api.required_parameters})
        for f, api in zip(session.functions, session.query.api_list, strict=False)
    ]
    plan = [examples[i % len(examples)] for i in range(calls)]
    env = build_env(EnvConfig(catalog=CATALOG))
    hub = McpHub()
    await hub.start()
    url = hub.open(session)
    direct: list[float] = []
    over_mcp: list[float] = []
    async with Client(url) as client:
        await client.list_tools()
        for _ in range(rounds):
            began = time.perf_counter()
            for name, arguments in plan:
                await client.call_tool(name, arguments)
            over_mcp.append((time.perf_counter() - began) / calls)
            began = time.perf_counter()
            for name, arguments in plan:
                await env.call(ToolCall(name=name, arguments=json.dumps(arguments)), session.query)
            direct.append((time.perf_counter() - began) / calls)
    await hub.aclose()
    await env.aclose()
    mcp_ms, direct_ms = statistics.median(over_mcp) * 1000, statistics.median(direct) * 1000
    print(f"{calls} calls x {rounds} rounds, medians per call:")
    print(f"  ToolEnv directly:        {direct_ms:8.2f} ms")
    ratio, overhead = mcp_ms / direct_ms, mcp_ms - direct_ms
    print(f"  over MCP (SDK client):   {mcp_ms:8.2f} ms   ratio {ratio:5.1f}x, overhead {overhead:.2f} ms")
    imports = []
    for _ in range(3):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import mcp"], check=True)
        imports.append(time.perf_counter() - began)
    print(f"  `import mcp` in a fresh process (median of 3): {statistics.median(imports):.2f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    asyncio.run(main(options.calls, options.rounds))
