"""``harness serve-tools``: the StableToolBench-compatible virtual API server."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from harness.cli.common import console, fail, user_errors
from harness.envs.cache import ResponseCache
from harness.envs.local import DEFAULT_LOCAL_TIMEOUT_S
from harness.envs.server import VirtualService, create_app
from harness.envs.simulator import LlmSimulator
from harness.models.args import parse_model_args
from harness.models.base import ModelError
from harness.models.registry import load_model


def load_simulator(name: str, pairs: list[str]) -> LlmSimulator:
    """An LLM simulator over the harness model named ``name`` (``harness ls models``) with its
    ``-M key=value`` arguments."""
    try:
        return LlmSimulator(load_model(name, parse_model_args(pairs)))
    except ModelError as exc:
        raise ValueError(f"--simulator: {exc}") from exc


def _log_to(path: Path | None) -> None:
    handler: logging.Handler = logging.FileHandler(path) if path else logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger = logging.getLogger("harness")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


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
    log_file: Annotated[
        Path | None, typer.Option("--log", help="Write one line per request here (default: stderr).")
    ] = None,
) -> None:
    """Serve a catalog over StableToolBench's POST /virtual protocol."""
    import uvicorn  # the server's own dependency, loaded only when serving

    if not 0 < port < 65536:
        fail(f"--port must be between 1 and 65535, got {port}")
    if timeout <= 0:
        fail(f"--timeout must be positive, got {timeout}")
    with user_errors():
        model = load_simulator(simulator, simulator_arg or []) if simulator else None
        service = VirtualService(catalog, ResponseCache(cache) if cache else None, model, timeout)
    _log_to(log_file)
    console.print(f"serving {catalog} on http://{host}:{port}/virtual", highlight=False)
    uvicorn.run(create_app(service), host=host, port=port, log_level="warning")
