"""``harness leaderboard serve``: the Streamlit site over a results database."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from harness.cli.common import DbOption, err_console, fail
from harness.store import default_db_path

leaderboard_app = typer.Typer(help="The leaderboard site.", no_args_is_help=True)

APP = Path(__file__).resolve().parents[2] / "leaderboard" / "app.py"


def streamlit_command(db: Path, port: int, address: str) -> list[str]:
    """The command line that serves the site (read-only over ``db``)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--",
        "--db",
        str(db),
    ]


@leaderboard_app.command("serve")
def serve(
    db: DbOption = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8501,
    address: Annotated[str, typer.Option("--address", help="Address to bind.")] = "127.0.0.1",
) -> None:
    """Serve the leaderboard (main table, model pages, episode viewer, comparisons) from a database,
    read-only: runs stored meanwhile show up on the next page view."""
    path = default_db_path(db)
    if not path.is_file():
        fail(f"no database at {path}; import, run or ingest something first, or pass --db")
    try:
        import streamlit  # noqa: F401
    except ImportError:
        fail("the leaderboard needs its extra: pip install -e '.[leaderboard]'")
    if not APP.is_file():
        fail(f"the site's code is missing at {APP}; reinstall from a source checkout (pip install -e .)")
    err_console.print(f"leaderboard for {path} on http://{address}:{port}/ (Ctrl-C stops it)", highlight=False)
    env = {**os.environ, "HARNESS_DB": str(path.resolve())}
    command = streamlit_command(path.resolve(), port, address)
    sys.stdout.flush()
    sys.stderr.flush()
    # Become the server, so that signals (Ctrl-C, a supervisor's SIGTERM) reach it directly and no
    # orphaned server outlives this command.
    os.execve(command[0], command, env)
