"""Serving a catalog's tools over MCP on their own (``harness serve-tools --mcp``), and the Python API.

    from harness.agents.serving import catalog_tools, serve_http
    asyncio.run(serve_http(catalog_tools(EnvConfig(catalog=path)), port=8765))

Every API of the catalog is one tool (plus ``Finish``), answered by the ToolEnv the config builds,
over streamable HTTP at ``http://HOST:PORT/mcp`` or over stdio.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import uvicorn

from harness.agents.mcp_server import ToolSession, build_server, catalog_session
from harness.envs.factory import EnvConfig, build_env

if TYPE_CHECKING:
    from starlette.applications import Starlette

MCP_PATH = "/mcp"


def catalog_tools(config: EnvConfig) -> ToolSession:
    """A session with every API of ``config.catalog``, answered through the env ``config`` builds."""
    if config.catalog is None:
        raise ValueError("serving tools over MCP needs a catalog folder (--catalog DIR)")
    from harness.envs.catalog import check_has_tools

    check_has_tools(config.catalog)
    return catalog_session(config.catalog, build_env(config))


def http_app(session: ToolSession, host: str = "127.0.0.1") -> Starlette:
    """The ASGI app that serves ``session`` at ``/mcp`` (streamable HTTP, no server-side session state)."""
    return build_server(lambda ctx: session).streamable_http_app(
        streamable_http_path=MCP_PATH, stateless_http=True, host=host
    )


async def serve_http(session: ToolSession, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Serve ``session`` over streamable HTTP at ``http://host:port/mcp`` until stopped."""
    app = http_app(session, host)
    try:
        await uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning")).serve()
    finally:
        await session.env.aclose()


async def serve_stdio(session: ToolSession) -> None:
    """Serve ``session`` over stdin/stdout (one client, the process that started this one)."""
    from mcp.server.stdio import stdio_server

    server = build_server(lambda ctx: session)
    try:
        async with stdio_server() as (read, write):
            await server.run(read, write, server.create_initialization_options())
    finally:
        await session.env.aclose()
