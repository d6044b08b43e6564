"""One spec is one run whatever its name; trials are independent repeats; a fatal model error stops
the run before it stores failures; --retry-errors runs errored episodes again and keeps the old."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import duckdb
import pytest

from harness.models.base import GenerateConfig, ModelAdapter, ModelCallError, ModelError
from harness.models.scripted import Reply, ScriptedModel
from harness.runner.execute import Totals
from harness.runner.plan import RunPlan, RunRequest, for_trial, plan_run, request_from_spec
from harness.runner.run import execute_plan
from harness.runner.seeds import episode_seed
from harness.store.writer import StoreWriter
from harness.types.messages import Function, Message
from harness.types.runspec import RunSpec
from tests.runner.conftest import APIS, make_task
from tests.runner.scripted_run import responder
from tests.strategies.scripted_world import CannedEnv

PINNED = {
    "tasks": ["sandbox/G1_instruction"],
    "task_data_hash": "abc",
    "model": "baseline",
    "strategy": "dfsdt",
    "strategy_args": {"width": 2},
    "harness_version": "0.1.0",
}


def run(plan: RunPlan, db: Path, model: ScriptedModel, *, retry_errors: bool = False, concurrency: int = 1) -> Totals:
    totals = Totals()
    asyncio.run(
        execute_plan(
            plan,
            model,
            lambda task: CannedEnv(APIS),
            db,
            totals,
            concurrency=concurrency,
            show_progress=False,
            retry_errors=retry_errors,
        )
    )
    return totals


def failing_on(query_ids: set[str], error: Exception) -> ScriptedModel:
    """The scripted responder, raising ``error`` for the given queries."""

    def reply(messages: list[Message], functions: list[Function], config: GenerateConfig) -> Reply:
        assert config.query is not None
        if config.query.query_id in query_ids:
            raise error
        return responder(messages, functions, config)

    return ScriptedModel(responder=reply)


def test_trial_one_keeps_the_run_id_and_seeds_every_other_trial_changes_both() -> None:
    first = RunSpec(**PINNED)
    # Pinned: runs stored before trials existed must keep resuming under the same id.
    assert first.run_id == "73d7a160ead406a4"
    assert RunSpec(**PINNED, trial=1).run_id == first.run_id
    second, third = RunSpec(**PINNED, trial=2), RunSpec(**PINNED, trial=3)
    assert len({first.run_id, second.run_id, third.run_id}) == 3
    assert episode_seed(0, "G1_instruction", "7") == episode_seed(0, "G1_instruction", "7", trial=1) == 188994018
    assert episode_seed(0, "G1_instruction", "7", trial=2) != episode_seed(0, "G1_instruction", "7")


def test_trials_are_runs_of_their_own_with_their_own_seeds(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 3)
    request = RunRequest(model="scripted", strategy="react", tasks=["sandboxtest/G1_instruction"], seed=4, name="r")
    first = plan_run(request)
    second = for_trial(first, 2, request.name)
    assert (first.name, second.name, second.spec.trial) == ("r", "r-t2", 2)
    assert second.run_id != first.run_id and second.run_id == RunSpec(**{**first.spec.model_dump(), "trial": 2}).run_id
    # --resume rebuilds a trial exactly, under its stored name.
    resumed = plan_run(request_from_spec(second.spec.model_dump(mode="json"), second.name))
    assert (resumed.run_id, resumed.name) == (second.run_id, "r-t2")
    unnamed = for_trial(plan_run(request.model_copy(update={"name": None})), 3, None)
    assert unnamed.name.endswith("-t3") and unnamed.run_id[:8] in unnamed.name
    db = tmp_path / "r.duckdb"
    run(first, db, ScriptedModel(responder=responder))
    run(second, db, ScriptedModel(responder=responder))
    with duckdb.connect(str(db), read_only=True) as conn:
        answers = dict(
            conn.execute(
                "SELECT r.name || '/' || e.query_id, e.final_answer FROM episodes e JOIN runs r USING (run_id)"
            ).fetchall()
        )
        specs = {n: json.loads(s) for n, s in conn.execute("SELECT name, spec FROM runs").fetchall()}
    assert answers["r/100"] == f"100 via {episode_seed(4, 'G1_instruction', '100')}"
    assert answers["r-t2/100"] == f"100 via {episode_seed(4, 'G1_instruction', '100', trial=2)}"
    assert answers["r/100"] != answers["r-t2/100"]
    assert specs["r-t2"]["trial"] == 2 and specs["r"]["trial"] == 1


def test_the_same_spec_under_another_name_continues_the_stored_run(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 3)
    db = tmp_path / "r.duckdb"
    request = RunRequest(model="scripted", strategy="react", tasks=["sandboxtest/G1_instruction"], name="r1")
    run(plan_run(request), db, ScriptedModel(responder=responder))
    again = plan_run(request.model_copy(update={"name": "r2"}))
    totals = run(again, db, ScriptedModel(responder=responder))
    assert again.name == "r1" and (totals.done, totals.skipped) == (0, 3)
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT name FROM runs").fetchall() == [("r1",)]


def test_a_model_error_stops_the_run_and_stores_no_failure(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 5)
    db = tmp_path / "r.duckdb"
    plan = plan_run(RunRequest(model="scripted", strategy="dfsdt", tasks=["sandboxtest/G1_instruction"]))
    rejected = ModelError("provider rejected the credentials (HTTP 401): check $KEY")
    with pytest.raises(ModelError, match="rejected the credentials"):
        run(plan, db, failing_on({"102", "103", "104"}, rejected))
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute("SELECT query_id, error FROM episodes ORDER BY 1").fetchall()
    assert rows == [("100", None), ("101", None)]  # finished before the error: kept; none failed stored
    # With the key fixed the same plan runs exactly what is missing.
    totals = run(plan, db, ScriptedModel(responder=responder), concurrency=4)
    assert (totals.skipped, totals.done, totals.errors) == (2, 3, 0)


def test_a_model_error_cancels_episodes_in_flight(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 6)
    db = tmp_path / "r.duckdb"
    plan = plan_run(RunRequest(model="scripted", strategy="react", tasks=["sandboxtest/G1_instruction"]))
    slow = ScriptedModel(responder=responder, latency_s=5.0)
    failing = failing_on({"100"}, ModelError("unknown model"))

    class Mixed:
        name = "mixed"

        async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig):  # type: ignore[no-untyped-def]
            model = failing if config.query is not None and config.query.query_id == "100" else slow
            return await model.generate(messages, functions, config)

    with pytest.raises(ModelError):
        asyncio.run(asyncio.wait_for(_run_async(plan, db, Mixed(), concurrency=6), timeout=4.0))
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM episodes").fetchone() == (0,)


async def _run_async(plan: RunPlan, db: Path, model: ModelAdapter, concurrency: int) -> Totals:
    totals = Totals()
    env = CannedEnv(APIS)
    await execute_plan(plan, model, lambda task: env, db, totals, concurrency=concurrency, show_progress=False)
    return totals


def test_transient_failures_stay_episode_errors_and_retry_errors_replaces_them(task_root: Path, tmp_path: Path) -> None:
    make_task(task_root, "G1_instruction", 4)
    db = tmp_path / "r.duckdb"
    plan = plan_run(RunRequest(model="scripted", strategy="react", tasks=["sandboxtest/G1_instruction"]))
    first = run(plan, db, failing_on({"101", "103"}, ModelCallError("no usable reply after 7 attempts; last: 503")))
    assert (first.done, first.errors) == (4, 2)
    with StoreWriter(db) as writer:
        assert writer.errored_episode_keys(plan.run_id) == {("G1_instruction", "101"), ("G1_instruction", "103")}
        # A vote and a score made of the failed attempt go with it.
        with writer.transaction() as conn:
            conn.execute(
                "INSERT INTO judgments (run_id, group_name, query_id, judge, procedure, vote_index, label) "
                "VALUES (?, 'G1_instruction', '101', 'rule', 'pass_rate', 0, 'failed')",
                [plan.run_id],
            )
            conn.execute(
                "INSERT INTO scores (run_id, group_name, judge, metric, value, n) "
                "VALUES (?, 'G1_instruction', 'rule', 'pass_rate', 0.5, 4)",
                [plan.run_id],
            )
    with duckdb.connect(str(db), read_only=True) as conn:
        kept = conn.execute("SELECT query_id, content_hash FROM episodes WHERE error IS NULL ORDER BY 1").fetchall()
    plain = run(plan, db, ScriptedModel(responder=responder))
    assert (plain.done, plain.skipped) == (0, 4)  # without the flag nothing runs again
    retried = run(plan, db, ScriptedModel(responder=responder), retry_errors=True)
    assert (retried.done, retried.skipped, retried.retried, retried.errors) == (2, 2, 2, 0)
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute("SELECT query_id, error, final_answer FROM episodes ORDER BY 1").fetchall()
        attempts = conn.execute(
            "SELECT query_id, attempt, error, finish_type, trajectory FROM episode_attempts ORDER BY 1"
        ).fetchall()
        assert conn.execute("SELECT count(*) FROM judgments").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM scores").fetchone() == (0,)
        assert (
            conn.execute(
                "SELECT query_id, content_hash FROM episodes WHERE query_id IN ('100', '102') ORDER BY 1"
            ).fetchall()
            == kept
        )
        steps = conn.execute("SELECT count(*) FROM steps WHERE query_id = '101'").fetchone()[0]
    assert [r[1] for r in rows] == [None] * 4 and all(r[2] for r in rows)
    assert [(q, a) for q, a, *_ in attempts] == [("101", 1), ("103", 1)]
    assert all("no usable reply after 7 attempts" in error for _, _, error, _, _ in attempts)
    assert "no usable reply" in json.loads(attempts[0][4])["errors"][0]
    assert steps > 0  # the new attempt's tree replaced the old one's
