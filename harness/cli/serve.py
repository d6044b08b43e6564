"""``harness serve-tools``: the StableToolBench-compatible virtual API server, or the tools over MCP."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from harness.cli.common import console, err_console, fail, user_errors
from harness.envs.local import DEFAULT_LOCAL_TIMEOUT_S
from harness.models.args import parse_model_args
from harness.models.base import ModelError
from harness.util.errors import one_line


def serve_tools(
    catalog: Annotated[
        Path, typer.Option("--catalog", help="Tools folder: <Category>/<tool>.json and <Category>/<tool>/api.py.")
    ],
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8080,
    cache: Annotated[
        Path | None, typer.Option("--cache", help="Response cache folder (StableToolBench layout), read and recorded.")
    ] = None,
    simulator: Annotated[
        str | None, typer.Option("--simulator", help="Harness model that simulates APIs without code.")
    ] = None,
    simulator_arg: Annotated[
        list[str] | None, typer.Option("--simulator-arg", "-M", help="key=value argument for the simulator model.")
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds a tool's code may run per call.")
    ] = DEFAULT_LOCAL_TIMEOUT_S,
    workers: Annotated[int, typer.Option("--workers", help="Server processes (they share the cache).")] = 1,
    log_file: Annotated[
        Path | None, typer.Option("--log", help="Write one line per request here (default: stderr).")
    ] = None,
    mcp: Annotated[
        bool, typer.Option("--mcp", help="Serve the tools over MCP (streamable HTTP at /mcp) instead of /virtual.")
    ] = False,
    stdio: Annotated[bool, typer.Option("--stdio", help="With --mcp: speak MCP over stdin/stdout.")] = False,
    env_arg: Annotated[
        list[str] | None,
        typer.Option("-E", help="With --mcp: tool environment setting key=value (backend=schema, mode=replay ...)."),
    ] = None,
) -> None:
    """Serve a catalog over StableToolBench's POST /virtual protocol, or over MCP (--mcp)."""
    if mcp or stdio:
        _serve_mcp(catalog, host, port, cache, timeout, stdio, env_arg or [], simulator, workers)
        return
    if env_arg:
        fail("-E applies with --mcp only; the /virtual server answers with the catalog's code (or --simulator)")
    import uvicorn  # the server's own dependency, loaded only when serving

    # fastapi and uvicorn take a second to import; only this command needs them.
    from harness.envs.serve_config import SERVE_CONFIG_ENV, ServeConfig, build_service, log_requests
    from harness.envs.server import create_app

    if not 0 < port < 65536:
        fail(f"--port must be between 1 and 65535, got {port}")
    if timeout <= 0 or workers < 1:
        fail(f"--timeout must be positive and --workers at least 1, got {timeout} and {workers}")
    with user_errors():
        try:
            args = parse_model_args(simulator_arg or [])
        except ModelError as exc:
            raise ValueError(str(exc)) from exc
        config = ServeConfig(
            catalog=catalog, cache=cache, simulator=simulator, simulator_args=args, timeout_s=timeout, log_file=log_file
        )
        service = build_service(config)  # also checks everything before any worker starts
    problem = _cannot_listen(host, port)
    if problem is not None:
        fail(f"cannot listen on {host}:{port}: {problem}")
    console.print(f"serving {catalog} on http://{host}:{port}/virtual ({workers} worker(s))", highlight=False)
    protocol = "harness.envs.serve_config:NoDelayProtocol"
    if workers == 1:
        log_requests(log_file)
        uvicorn.run(create_app(service), host=host, port=port, http=protocol, log_level="warning", access_log=False)
        return
    os.environ[SERVE_CONFIG_ENV] = config.model_dump_json()
    factory = "harness.envs.serve_config:app_from_environment"
    uvicorn.run(
        factory,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        http=protocol,
        log_level="warning",
        access_log=False,
    )


def _serve_mcp(
    catalog: Path,
    host: str,
    port: int,
    cache: Path | None,
    timeout: float,
    stdio: bool,
    env_args: list[str],
    simulator: str | None,
    workers: int,
) -> None:
    """``--mcp``: every API of the catalog as an MCP tool, answered by the ToolEnv -E describes."""
    import asyncio

    from harness.runner.plan import parse_assignments

    if simulator is not None or workers != 1:
        fail("--simulator and --workers apply to the /virtual server; with --mcp choose a backend with -E backend=NAME")
    from harness.agents.mcp_server import require_mcp
    from harness.agents.serving import catalog_tools, serve_http, serve_stdio
    from harness.envs.factory import EnvConfig

    with user_errors():
        settings: dict[str, object] = {"catalog": catalog, "timeout_s": timeout}
        if cache is not None:
            settings.update(cache_dir=cache, mode="record")
        settings.update(parse_assignments(env_args, "-E"))
        try:
            config = EnvConfig.model_validate(settings)
        except ValidationError as exc:
            raise ValueError(f"bad tool environment ({one_line(exc)})") from None
        session = catalog_tools(config)
    try:  # after the cheap checks: the SDK takes seconds to load
        require_mcp()
    except ImportError as exc:
        fail(str(exc))
    count = len(session.functions) - 1
    if stdio:
        err_console.print(f"serving {count} tools of {catalog} over MCP on stdio", highlight=False)
        asyncio.run(serve_stdio(session))
        return
    if not 0 < port < 65536:
        fail(f"--port must be between 1 and 65535, got {port}")
    problem = _cannot_listen(host, port)
    if problem is not None:
        fail(f"cannot listen on {host}:{port}: {problem}")
    err_console.print(f"serving {count} tools of {catalog} over MCP on http://{host}:{port}/mcp", highlight=False)
    asyncio.run(serve_http(session, host, port))


def _cannot_listen(host: str, port: int) -> str | None:
    """Why the server could not listen on ``host:port`` and what to do (a port in use, an address not
    on this machine), found by binding it for a moment as uvicorn will; None when it can."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return f"{exc.strerror or exc}; check --host"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # As uvicorn does, so a port left in TIME_WAIT by a server that just stopped counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return f"{exc.strerror or exc}; choose another --port or --host, or stop what is using it"
    return None
