"""External agents as the system under test: the tools over MCP, and agents that call them.

``mcp_server`` turns a ToolEnv into an MCP server (one tool per API, named and shaped as ToolBench
builds them, plus ``Finish``); ``hub`` serves many episodes from one in-process server, each at its
own URL; ``launch`` starts an agent (a command or an HTTP endpoint) for one episode; ``strategy``
fits it all behind the ``Strategy`` interface, so the runner, the store and the judges treat an
agent run like any model run. Needs the ``mcp`` extra, imported only when one of these is used.
"""
