"""Read-only queries over a results database (what ``show`` and ``ls runs`` print)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.store.connection import StoreError, read_connection

if TYPE_CHECKING:
    from harness.types.trajectory import Trajectory


def list_runs(path: Path) -> list[dict[str, Any]]:
    """Every run with its episode count, newest first."""
    with read_connection(path) as conn:
        rows = conn.execute(
            """SELECT r.name, r.run_id, r.source, r.created_at, count(e.query_id) AS episodes
               FROM runs r LEFT JOIN episodes e USING (run_id)
               GROUP BY ALL ORDER BY r.created_at DESC, r.name"""
        ).fetchall()
    return [
        {"name": n, "run_id": rid, "source": src, "created_at": str(ts), "episodes": int(count)}
        for n, rid, src, ts, count in rows
    ]


def _run_row(conn: Any, name: str) -> tuple[Any, ...]:
    row = conn.execute(
        "SELECT run_id, name, source, spec, harness_version, git_commit, created_at FROM runs WHERE name = ?",
        [name],
    ).fetchone()
    if row is None:
        known = [r[0] for r in conn.execute("SELECT name FROM runs ORDER BY name").fetchall()]
        hint = f"known runs: {', '.join(known)}" if known else "the database has no runs yet"
        raise StoreError(f"no run named {name!r}; {hint}")
    return tuple(row)


def run_id(conn: Any, name: str) -> str:
    """The id of the run named ``name`` on an open connection; an unknown name is a StoreError that
    lists the known runs."""
    return str(_run_row(conn, name)[0])


def run_summary(path: Path, name: str) -> dict[str, Any]:
    """Counts and totals for one run."""
    with read_connection(path) as conn:
        run_id, run_name, source, spec, version, commit, created = _run_row(conn, name)
        totals = conn.execute(
            """SELECT count(*), coalesce(sum(llm_calls), 0), coalesce(sum(total_tokens), 0),
                      coalesce(sum(cost_usd), 0), coalesce(sum(wall_time_s), 0),
                      count(*) FILTER (WHERE error IS NOT NULL), coalesce(sum(llm_calls_failed), 0)
               FROM episodes WHERE run_id = ?""",
            [run_id],
        ).fetchone()
        retries = conn.execute(
            "SELECT coalesce(sum(greatest(attempts - 1, 0)), 0) FROM llm_calls WHERE run_id = ?", [run_id]
        ).fetchone()[0]
        finish = conn.execute(
            "SELECT finish_type, count(*) FROM episodes WHERE run_id = ? GROUP BY 1 ORDER BY 1", [run_id]
        ).fetchall()
        groups = conn.execute(
            "SELECT group_name, count(*) FROM episodes WHERE run_id = ? GROUP BY 1 ORDER BY 1",
            [run_id],
        ).fetchall()
        methods = conn.execute("SELECT DISTINCT method FROM episodes WHERE run_id = ? ORDER BY 1", [run_id]).fetchall()
        calls = conn.execute(
            """SELECT count(*), count(*) FILTER (WHERE function_name <> 'Finish')
               FROM api_calls WHERE run_id = ?""",
            [run_id],
        ).fetchone()
    episodes, llm_calls, tokens, cost, wall, errors, llm_failed = totals
    return {
        "name": run_name,
        "run_id": run_id,
        "source": source,
        "created_at": str(created),
        "harness_version": version,
        "git_commit": commit,
        "spec": json.loads(spec),
        "episodes": int(episodes),
        "finish_types": {k: int(v) for k, v in finish},
        "llm_calls": int(llm_calls),
        "llm_calls_answered": int(llm_calls) - int(llm_failed),
        "llm_calls_failed": int(llm_failed),
        "llm_retries": int(retries),
        "total_tokens": int(tokens),
        "cost_usd": float(cost),
        "wall_time_s": float(wall),
        "errors": int(errors),
        "groups": {k: int(v) for k, v in groups},
        "methods": [m for (m,) in methods],
        "function_calls": int(calls[0]),
        "api_calls": int(calls[1]),
    }


def load_trajectories(path: Path, name: str) -> list[tuple[str | None, Trajectory]]:
    """(group, trajectory) for every episode of a run, by query id."""
    # Imported here: the trajectory model (all the core types) is the heaviest import of the store,
    # and readers of scores and run summaries never need it.
    from harness.types.trajectory import Trajectory

    with read_connection(path) as conn:
        run_id = _run_row(conn, name)[0]
        rows = conn.execute(
            "SELECT group_name, trajectory FROM episodes WHERE run_id = ? ORDER BY group_name, query_id", [run_id]
        ).fetchall()
    return [(group or None, Trajectory.model_validate_json(text)) for group, text in rows]


def resolve_run_name(path: Path, run_id: str, name: str) -> str:
    """The name run ``run_id`` will be stored under if it is asked for as ``name``: ``name`` when
    new, the earlier name when the same run is stored under another; a ``StoreError`` when ``name``
    belongs to a different run. The same rule ``StoreWriter.ensure_run`` applies, checked before
    anything runs."""
    if not path.exists():
        return name
    with read_connection(path) as conn:
        named = conn.execute("SELECT run_id FROM runs WHERE name = ?", [name]).fetchone()
        stored = conn.execute("SELECT name FROM runs WHERE run_id = ?", [run_id]).fetchone()
    if named is not None and named[0] != run_id:
        raise StoreError(f"a different run is already named {name!r} (run id {named[0]}); choose another --name")
    return name if stored is None else str(stored[0])


def stored_spec(path: Path, name: str) -> dict[str, Any]:
    """The RunSpec a run was stored with (``harness run --resume``)."""
    with read_connection(path) as conn:
        _, _, source, spec, *_ = _run_row(conn, name)
    if source != "run":
        raise StoreError(f"run {name!r} was {source}ed, not made by `harness run`; it cannot be resumed")
    value = json.loads(spec) if isinstance(spec, str) else spec
    if not isinstance(value, dict):
        raise StoreError(f"run {name!r} has no readable spec")
    return value


def group_outcomes(path: Path, name: str) -> list[dict[str, Any]]:
    """Per group: episodes, how they finished, errors, LLM calls, tokens and cost."""
    with read_connection(path) as conn:
        run_id = _run_row(conn, name)[0]
        rows = conn.execute(
            """SELECT group_name, count(*),
                      count(*) FILTER (WHERE finish_type = 'give_answer'),
                      count(*) FILTER (WHERE finish_type = 'give_up'),
                      count(*) FILTER (WHERE finish_type = 'none'),
                      count(*) FILTER (WHERE error IS NOT NULL),
                      coalesce(sum(llm_calls), 0), coalesce(sum(total_tokens), 0), coalesce(sum(cost_usd), 0)
               FROM episodes WHERE run_id = ? GROUP BY 1 ORDER BY 1""",
            [run_id],
        ).fetchall()
    keys = ("group", "episodes", "answered", "gave_up", "none", "errors", "llm_calls", "tokens", "cost_usd")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def run_record(path: Path, name: str) -> dict[str, Any]:
    """A run's id, source and stored spec (or import description)."""
    with read_connection(path) as conn:
        run_id, run_name, source, spec, *_ = _run_row(conn, name)
    value = json.loads(spec) if isinstance(spec, str) else spec
    return {"run_id": run_id, "name": run_name, "source": source, "spec": value if isinstance(value, dict) else {}}
