"""What ``harness serve-tools`` serves, built the same way in one process or in each of its workers.

With ``--workers N`` uvicorn starts N processes that each import the app; they receive the
configuration through an environment variable (never a file, since simulator arguments may carry a
key) and share the response cache, whose writers are safe across processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from uvicorn.protocols.http.h11_impl import H11Protocol

from harness.envs.cache import ResponseCache
from harness.envs.catalog import check_has_tools
from harness.envs.local import DEFAULT_LOCAL_TIMEOUT_S
from harness.envs.server import VirtualApp, VirtualService, create_app
from harness.envs.simulator import LlmSimulator
from harness.models.base import ModelError
from harness.models.registry import load_model

SERVE_CONFIG_ENV = "HARNESS_SERVE_CONFIG"


class ServeConfig(BaseModel):
    """Everything one server process needs."""

    catalog: Path
    cache: Path | None = None
    simulator: str | None = None
    simulator_args: dict[str, str] = Field(default_factory=dict)
    timeout_s: float = Field(DEFAULT_LOCAL_TIMEOUT_S, gt=0)
    log_file: Path | None = None


def build_service(config: ServeConfig) -> VirtualService:
    """The lookup chain a config describes; a one-line ValueError when the catalog or the
    simulator model cannot be used."""
    simulator = None
    if config.simulator:
        try:
            simulator = LlmSimulator(load_model(config.simulator, config.simulator_args))
        except ModelError as exc:
            raise ValueError(f"--simulator: {exc}") from exc
    check_has_tools(config.catalog)
    cache = ResponseCache(config.cache) if config.cache else None
    return VirtualService(config.catalog, cache, simulator, config.timeout_s)


def log_requests(path: Path | None) -> None:
    """Send the server's one line per request to ``path`` (appended) or to stderr."""
    handler: logging.Handler = logging.FileHandler(path) if path else logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(name)s %(levelname)s %(message)s"))
    logger = logging.getLogger("harness")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def app_from_environment() -> VirtualApp:
    """The app of one worker process (uvicorn's factory), configured by ``$HARNESS_SERVE_CONFIG``."""
    config = ServeConfig.model_validate_json(os.environ[SERVE_CONFIG_ENV])
    log_requests(config.log_file)
    return create_app(build_service(config))


class NoDelayProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with Nagle's algorithm off on every connection, and each reply
    sent in one write.

    asyncio turns Nagle off itself only for sockets it recognises as TCP; the listening socket that
    uvicorn hands to its worker processes is not recognised, and a keep-alive reply written in two
    parts then waits for the client's delayed ACK (about 40 ms per request). uvicorn writes a reply's
    head and body separately; gathering what one step of the event loop writes into one ``send``
    halves the system calls and the packets of a small reply.
    """

    def connection_made(self, transport: Any) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
        self.transport = _CoalescingTransport(transport)  # type: ignore[assignment]


class _CoalescingTransport:
    """A transport whose writes made in one event-loop step go out as one write at its end."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self._pending: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not self._pending:
            asyncio.get_running_loop().call_soon(self._flush)
        self._pending.append(data)

    def _flush(self) -> None:
        if self._pending:
            data = b"".join(self._pending)
            self._pending.clear()
            if not self._inner.is_closing():
                self._inner.write(data)

    def close(self) -> None:
        self._flush()
        self._inner.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
