"""``harness leaderboard serve``: the site over a results database (``leaderboard/app.py``: the plain
front page before the Streamlit pages), and ``harness leaderboard export``: the static site."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from harness.cli.common import DbOption, err_console, fail
from harness.store import StoreError, default_db_path
from harness.submissions.ingest import Outcome, ingest_submissions, reported_folders
from harness.util.errors import one_line

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
        "--client.toolbarMode",
        "viewer",
        "--",
        "--db",
        str(db),
    ]


def _load_reported(path: Path) -> None:
    """Ingest the published results so the table shows them beside the runs; a problem is a warning,
    never a reason not to serve."""
    try:
        results = ingest_submissions(reported_folders(), path)
    except (StoreError, OSError) as exc:
        err_console.print(f"[yellow]warning:[/] reported results not loaded: {escape(one_line(exc))}", highlight=False)
        return
    added = [r for r in results if r.outcome in (Outcome.ADDED, Outcome.REPLACED)]
    for result in results:
        if result.outcome is Outcome.REJECTED:
            problem = result.problems[0] if result.problems else "invalid"
            err_console.print(f"[yellow]warning:[/] {escape(f'skipped {result.folder}: {problem}')}", highlight=False)
    if added:
        err_console.print(f"loaded {len(added)} reported submissions into {path}", highlight=False)


@leaderboard_app.command("serve")
def serve(
    db: DbOption = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8501,
    address: Annotated[str, typer.Option("--address", help="Address to bind.")] = "127.0.0.1",
    load_reported: Annotated[
        bool,
        typer.Option("--load-reported", help="First write the published (reported) results into the database (once)."),
    ] = False,
) -> None:
    """Serve the leaderboard (main table, model pages, episode viewer, comparisons) from a database,
    read-only: runs stored meanwhile show up on the next page view. It writes nothing, unless
    --load-reported asks it to add the repository's reported submissions first."""
    path = default_db_path(db)
    if not path.is_file():
        fail(f"no database at {path}; import, run or ingest something first, or pass --db")
    if load_reported:
        _load_reported(path)
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


@leaderboard_app.command("export")
def export(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the site into (created).")],
    db: DbOption = None,
    compare_top: Annotated[
        int, typer.Option("--compare-top", min=0, help="Paired comparisons of neighbouring ranks, from the top.")
    ] = 10,
) -> None:
    """Write the boards, model pages and comparisons as a static site (HTML with inline charts, and
    each board as CSV and JSON) that opens from file:// or any static host, e.g. GitHub Pages."""
    path = default_db_path(db)
    if not path.is_file():
        fail(f"no database at {path}; import, run or ingest something first, or pass --db")
    if out.exists() and not out.is_dir():
        fail(f"--out {out} is a file; name a folder for the site")
    try:
        from leaderboard.export import export_site
    except ImportError as exc:
        fail(f"the static export needs the leaderboard extra ({one_line(exc)}): pip install -e '.[leaderboard]'")
    try:
        result = export_site(path, out, compare_top=compare_top)
    except StoreError as exc:
        fail(one_line(exc))
    except OSError as exc:
        fail(f"cannot write the site into {out}: {one_line(exc)}")
    err_console.print(
        f"wrote {len(result.boards)} boards, {len(result.models)} model pages and {len(result.compares)} "
        f"comparisons to {escape(str(out))}; open {escape(str(out / 'index.html'))}",
        highlight=False,
    )
