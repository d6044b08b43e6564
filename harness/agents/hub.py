"""One MCP server for a whole run, each episode's session at its own unguessable URL.

The server runs inside the run's event loop (uvicorn on a free port of 127.0.0.1), so a tool call
reaches the run's ToolEnv directly. An episode's URL is ``/episodes/<token>/mcp`` with a random
token: a session answers only for its own token, so an agent reaches its episode's tools and no
other, and a closed episode's URL answers nothing.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from harness.agents.mcp_server import ToolSession, build_server

EPISODE_PATH = "/episodes/{token}/mcp"


class _InLoopServer(uvicorn.Server):
    """uvicorn inside the run's loop: Ctrl-C belongs to the run, not to the server."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class McpHub:
    """Serves open episodes' sessions; :meth:`open` gives a session its URL, :meth:`close` ends it."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.base_url = ""
        self._sessions: dict[str, ToolSession] = {}
        self._server: _InLoopServer | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        """Listen on a free port; returns once the server answers."""

        def find(ctx: Any) -> ToolSession | None:
            request = ctx.request
            token = request.path_params.get("token") if request is not None else None
            return self._sessions.get(token) if isinstance(token, str) else None

        app = build_server(find).streamable_http_app(
            streamable_http_path=EPISODE_PATH, stateless_http=True, host=self.host
        )
        # Port 0: uvicorn binds a free port itself, so asyncio sets TCP_NODELAY on each connection (a
        # socket handed in is not recognised as TCP, and every reply would wait for a delayed ACK).
        config = uvicorn.Config(app, host=self.host, port=0, log_level="warning", lifespan="on")
        self._server = server = _InLoopServer(config)
        self._task = asyncio.create_task(server.serve())
        while not server.started:
            if self._task.done():
                self._task.result()  # raises what stopped it
                raise RuntimeError("the MCP server stopped before it started")
            await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        self.base_url = f"http://{self.host}:{port}"

    def open(self, session: ToolSession) -> str:
        """Serve ``session``; returns its URL."""
        token = secrets.token_urlsafe(18)
        self._sessions[token] = session
        return f"{self.base_url}{EPISODE_PATH.format(token=token)}"

    def close(self, url: str) -> None:
        """Stop serving the session at ``url`` (its later requests get an error)."""
        token = url.rstrip("/").split("/")[-2]
        session = self._sessions.pop(token, None)
        if session is not None:
            session.end("the episode is over")

    async def aclose(self) -> None:
        """Stop the server."""
        for url_token in list(self._sessions):
            self._sessions.pop(url_token).end("the run is over")
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await asyncio.gather(self._task, return_exceptions=True)
        self._server = self._task = None
