"""Open-domain runs: --retriever offers each query only its retrieved APIs and stores recall per episode."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.models.base import GenerateConfig
from harness.models.scripted import Reply, ScriptedModel
from harness.runner.execute import Totals
from harness.runner.plan import RunRequest, plan_run, request_from_spec
from harness.runner.retrieval import RetrievalSettings
from harness.runner.run import execute_plan
from harness.store.reader import load_trajectories, stored_spec
from harness.toolbench.naming import function_name, standardize
from harness.toolbench.queries import write_query_file
from harness.types.messages import Function, Message, ToolCall
from harness.types.query import Query
from tests.retriever.world import apis, described_queries
from tests.strategies.scripted_world import CannedEnv

pytest.importorskip("bm25s")
GIVE_UP = ToolCall(name="Finish", arguments='{"return_type": "give_up_and_restart"}')


@pytest.fixture(autouse=True)
def private_index_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Retrieval indexes go to a temporary folder, never to the user's ~/.cache."""
    cache = tmp_path / "index-cache"
    monkeypatch.setenv("HARNESS_RETRIEVER_CACHE", str(cache))
    return cache


@pytest.fixture
def task(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """``world/G1_test``: five queries, each offering every API of the world and naming one of them."""
    root = tmp_path / "tasks"
    (root / "world").mkdir(parents=True)
    write_query_file(described_queries(5, seed=2), root / "world" / "G1_test.json")
    (root / "world" / "G1_test.yaml").write_text(
        json.dumps(
            {
                "name": "world/G1_test",
                "group": "G1_test",
                "version": "1",
                "source": {"queries": "G1_test.json"},
                "env": {"backend": "schema"},
                "judge": "rule",
            }
        )
    )
    monkeypatch.setenv("HARNESS_TASKS_DIR", str(root))
    return "world/G1_test"


def offered(api_keys: list[tuple[str, str]]) -> set[str]:
    return {function_name(api, standardize(tool)) for tool, api in api_keys} | {"Finish"}


def test_run_offers_only_the_retrieved_apis_and_stores_recall(task: str, tmp_path: Path) -> None:
    request = RunRequest(
        model="scripted", strategy="react", tasks=[task], retriever=RetrievalSettings(method="bm25", top_k=2)
    )
    plan = plan_run(request)
    closed = plan_run(request.model_copy(update={"retriever": None}))
    assert plan.run_id != closed.run_id and closed.spec.retriever is None
    assert plan.spec.retriever is not None and plan.spec.retriever["corpus_apis"] == len(apis())
    assert plan.spec.retriever["retriever"]["method"] == "bm25"
    assert (plan.spec.retriever["method"], plan.spec.retriever["top_k"]) == ("bm25", 2)  # what leaderboards show
    queries = plan.tasks[0].queries
    assert all(len(q.api_list) == 2 for q in queries)
    assert all(q.relevant_apis and q.relevant_apis[0] in [a.key for a in q.api_list] for q in queries)

    seen: dict[str, set[str]] = {}

    def responder(messages: list[Message], functions: list[Function], config: GenerateConfig) -> Reply:
        assert config.query is not None
        seen[config.query.query_id] = {f.name for f in functions}
        return GIVE_UP

    db = tmp_path / "runs.duckdb"
    asyncio.run(
        execute_plan(
            plan, ScriptedModel(responder=responder), lambda t: CannedEnv(()), db, Totals(), show_progress=False
        )
    )
    stored = dict((t.query_id, t) for _, t in load_trajectories(db, plan.name))
    assert set(stored) == {q.query_id for q in queries}
    for query in queries:
        record = stored[query.query_id].extra["retrieval"]
        assert record["method"] == "bm25" and record["k"] == 2 and record["recall"] == 1.0
        assert [tuple(pair) for pair in record["retrieved"]] == [a.key for a in query.api_list]
        assert seen[query.query_id] == offered([a.key for a in query.api_list])
        assert {f.name for f in stored[query.query_id].functions} == seen[query.query_id]

    spec = stored_spec(db, plan.name)
    assert plan_run(request_from_spec(spec, plan.name)).run_id == plan.run_id  # --resume finds the same run


def test_recall_counts_relevant_apis_that_were_not_retrieved(task: str, tmp_path: Path) -> None:
    query = Query(
        query_id="7",
        text="Hourly temperature and rain forecast for Oslo",
        api_list=apis(),
        relevant_apis=[("SkyCast", "hourly forecast"), ("CoinDesk", "exchange rate")],
    )
    write_query_file([query], tmp_path / "tasks" / "world" / "G1_test.json")
    request = RunRequest(
        model="scripted", strategy="react", tasks=[task], retriever=RetrievalSettings(method="bm25", top_k=1)
    )
    plan = plan_run(request)
    record = plan.strategy.records[("G1_test", "7")]  # type: ignore[attr-defined]
    assert record["retrieved"] == [["SkyCast", "hourly forecast"]]
    assert record["recall"] == 0.5


def test_cli_run_with_retriever(task: str, tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    base = ["run", "--model", "scripted", "--strategy", "react", "--tasks", task, "--db", str(db), "--quiet"]
    result = CliRunner().invoke(app, [*base, "--retriever", "bm25", "--top-k", "3", "--name", "open"])
    assert result.exit_code == 0, result.output
    trajectories = [t for _, t in load_trajectories(db, "open")]
    assert len(trajectories) == 5
    assert all(len(t.functions) == 4 and t.extra["retrieval"]["k"] == 3 for t in trajectories)
    assert stored_spec(db, "open")["retriever"]["top_k"] == 3

    lonely = CliRunner().invoke(app, [*base, "--top-k", "3"])
    assert lonely.exit_code == 2 and "only apply with --retriever" in lonely.output
    unknown = CliRunner().invoke(app, [*base, "--retriever", "bm52"])
    assert unknown.exit_code == 2 and "unknown retriever 'bm52'" in unknown.output


def test_score_table_marks_open_domain_runs(tmp_path: Path) -> None:
    """The same model and strategy with and without a retriever are two different rows, labelled."""
    db = tmp_path / "scores.duckdb"
    base = ["run", "--model", "baseline", "--strategy", "react", "--tasks", "sandbox/G1_instruction"]
    base += ["--limit", "3", "--db", str(db), "--quiet"]
    for name, extra in (("open", ["--retriever", "bm25", "--top-k", "3"]), ("closed", [])):
        ran = CliRunner().invoke(app, [*base, *extra, "--name", name])
        assert ran.exit_code == 0, ran.output
        judged = CliRunner().invoke(app, ["eval", "--run", name, "--judge", "rule", "--db", str(db)])
        assert judged.exit_code == 0, judged.output
    table = CliRunner().invoke(app, ["scores", "--db", str(db), "--json"])
    shown = {row["run"]: row["retriever"] for row in json.loads(table.stdout)["rows"]}
    assert shown == {"open": "+ retriever (bm25, top 3)", "closed": ""}
    assert "CoT@1 + retriever (bm25, top 3)" in CliRunner().invoke(app, ["scores", "--db", str(db)]).output
