"""The run's event loop: uvloop where importable, asyncio's otherwise, and the same stored run on both."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import duckdb
import pytest

from harness.models.registry import load_model
from harness.runner.execute import Totals
from harness.runner.plan import RunRequest, plan_run
from harness.runner.run import execute_plan
from harness.util import event_loop
from tests.fakes.openai_server import FakeOpenAIServer, finish_with_last_observation
from tests.runner.conftest import APIS, make_task
from tests.runner.test_cli_run import harness
from tests.strategies.scripted_world import CannedEnv


async def running_kind() -> str:
    return event_loop.loop_kind(asyncio.get_running_loop())


def without_uvloop(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import uvloop`` fail, as on Windows or where it is not installed."""
    monkeypatch.setitem(sys.modules, "uvloop", None)


def test_auto_runs_on_uvloop_when_it_is_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("uvloop")
    monkeypatch.delenv(event_loop.EVENT_LOOP_ENV, raising=False)
    assert event_loop.run(running_kind()) == "uvloop"
    assert event_loop.run(running_kind(), "asyncio") == "asyncio"
    monkeypatch.setenv(event_loop.EVENT_LOOP_ENV, "asyncio")
    assert event_loop.run(running_kind()) == "asyncio"


def test_without_uvloop_auto_falls_back_and_uvloop_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    without_uvloop(monkeypatch)
    monkeypatch.delenv(event_loop.EVENT_LOOP_ENV, raising=False)
    assert event_loop.run(running_kind()) == "asyncio"
    coroutine = running_kind()
    with pytest.raises(ValueError, match=r"HARNESS_EVENT_LOOP=uvloop but uvloop is not installed: pip install uvloop"):
        event_loop.run(coroutine, "uvloop")
    assert coroutine.cr_frame is None  # closed, so Python does not warn that it was never awaited


def test_an_unknown_loop_names_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(event_loop.EVENT_LOOP_ENV, "trio")
    with pytest.raises(ValueError, match=r"HARNESS_EVENT_LOOP='trio' is not an event loop: use one of auto, uvloop"):
        event_loop.loop_factory()


def stored(db: Path) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(
            "SELECT group_name, query_id, finish_type, final_answer, llm_calls, total_tokens"
            " FROM episodes ORDER BY 1, 2"
        ).fetchall()


def test_the_same_run_over_http_stores_the_same_episodes_on_either_loop(task_root: Path, tmp_path: Path) -> None:
    pytest.importorskip("uvloop")
    make_task(task_root, "G1_instruction", 6)
    plan = plan_run(RunRequest(model="openai:fake-model", strategy="react", tasks=["sandboxtest/G1_instruction"]))
    results = {}
    with FakeOpenAIServer(api_key="sk-loop", default_reply=finish_with_last_observation) as server:
        for kind in ("asyncio", "uvloop"):
            db = tmp_path / f"{kind}.duckdb"
            totals = Totals()

            async def go(db: Path = db, totals: Totals = totals) -> str:
                model = load_model("openai:fake-model", {"base_url": server.base_url, "api_key": "sk-loop"})
                try:
                    await execute_plan(
                        plan, model, lambda task: CannedEnv(APIS), db, totals, concurrency=3, show_progress=False
                    )
                finally:
                    await model.aclose()  # type: ignore[attr-defined]
                return await running_kind()

            assert event_loop.run(go(), kind) == kind
            assert totals.answered == 6 and not totals.errors, totals.last_error
            results[kind] = stored(db)
    assert results["uvloop"] == results["asyncio"]
    assert len(results["uvloop"]) == 6


def test_harness_run_with_an_unknown_loop_is_one_line(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 1)
    db = tmp_path / "runs.duckdb"
    args = [
        "run",
        "--model",
        "scripted",
        "--strategy",
        "react",
        "--tasks",
        "sandboxtest/G1_instruction",
        "--db",
        str(db),
        "-E",
        "backend=schema",
    ]
    result = harness(args, {**os.environ, event_loop.EVENT_LOOP_ENV: "trio"}, tmp_path)
    assert result.returncode == 2, result.stderr
    assert "HARNESS_EVENT_LOOP='trio' is not an event loop" in result.stderr
    assert "Traceback" not in result.stderr
