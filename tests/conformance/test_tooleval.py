"""ToolEval conformance on StableToolBench's real converted predictions: import them, judge them with
a stand-in judge (an OpenAI-compatible server on loopback) that gives fixed labels per query, and
check the scores against values worked out by hand, and against StableToolBench's own outputs."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.toolbench.converted import read_converted, to_converted, trajectory_from_converted
from tests.conftest import converted_files, data_params, need
from tests.eval.judging import judge_server
from tests.fakes.http_server import RecordedRequest
from tests.fakes.openai_server import FakeOpenAIServer, Reply

runner = CliRunner()
KEY = "sk-standin-judge-000"
JUDGE = "gpt-4-turbo-2024-04-09"
# A phrase from each query's text, so the stand-in can tell the queries apart.
QUERY_MARKS = {"1073": "birthday party", "608": "gmhikaru", "588": "Messi"}


def _predictions(shared: Path, model: str) -> Path:
    return shared / f"stabletoolbench/data_example/model_predictions_converted/{model}/G1_instruction.json"


@pytest.mark.parametrize("path", data_params(converted_files()))
def test_converted_entries_round_trip_through_trajectories(path: Path | None) -> None:
    for query_id, entry in read_converted(need(path)).items():
        traj = trajectory_from_converted(query_id, entry)
        assert to_converted(traj).model_dump(mode="json") == entry.model_dump(mode="json")
        finished = '"return_type": "give_answer"' in entry.answer.final_answer
        assert (traj.finish_type.value == "give_answer") is finished


def _which_query(prompt: str) -> str:
    return next(qid for qid, mark in QUERY_MARKS.items() if mark in prompt)


Label = str | Callable[[str, int], str]  # fixed, or from the prompt and the request's seed (the vote)


def stand_in(labels: dict[str, dict[str, Label]]) -> Callable[[RecordedRequest], Reply]:
    """Replies to each judge question with the label ``labels[question][query id]``."""

    def reply(request: RecordedRequest) -> Reply:
        body: dict[str, Any] = request.body
        function = body["tools"][0]["function"]
        verdict = next(k for k in function["parameters"]["required"] if k != "reason")
        prompt = body["messages"][-1]["content"]
        label = labels[function["name"]][_which_query(prompt)]
        value: Any = label(prompt, body["seed"]) if callable(label) else label
        if verdict == "index":
            value = int(value)
        return Reply(tool_calls=[(function["name"], {verdict: value, "reason": "stand-in"})], usage=(200, 20))

    return reply


@pytest.fixture
def standin(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAIServer]:
    with judge_server(monkeypatch, KEY) as fake:
        yield fake


def _import(shared: Path, db: Path) -> None:
    for model, name in (("virtual_chatgpt_cot", "cot"), ("virtual_chatgpt_dfs", "dfs")):
        result = runner.invoke(
            app, ["import", "converted", str(_predictions(shared, model)), "--name", name, "--db", str(db)]
        )
        assert result.exit_code == 0, result.output
        assert "3 added" in result.output


def _eval(db: Path, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["eval", "--judge", JUDGE, "--db", str(db), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _values(outcome: dict[str, Any]) -> dict[str, float]:
    return {group: cell["value"] for group, cell in outcome["groups"].items()}


def test_sopr_reproduces_stabletoolbench_pass_rates(
    shared_data: Path, tmp_path: Path, standin: FakeOpenAIServer
) -> None:
    db = tmp_path / "h.duckdb"
    _import(shared_data, db)
    results = shared_data / "stabletoolbench/data_example/pass_rate_results"
    for model, name in (("virtual_chatgpt_cot", "cot"), ("virtual_chatgpt_dfs", "dfs")):
        recorded = json.loads((results / model / f"G1_instruction_{model}.json").read_text())
        # Their judge's label in each round, given back by the stand-in round for round.
        per_query = {qid: entry["is_solved"] for qid, entry in recorded.items()}
        labels: dict[str, Label] = {
            qid: lambda prompt, seed, rounds=rounds: rounds[str(seed)].removeprefix("AnswerStatus.")
            for qid, rounds in per_query.items()
        }
        standin.default_reply = stand_in({"grade_final_answer": dict(labels)})
        before = len(standin.requests)
        report = _eval(db, "--run", name, "--procedure", "sopr", "--votes", "3")
        # StableToolBench's formula: per round, Solved 1 / Unsure 0.5 / Unsolved 0 averaged over queries.
        weight = {"AnswerStatus.Solved": 1.0, "AnswerStatus.Unsure": 0.5, "AnswerStatus.Unsolved": 0.0}
        rounds = [sum(weight[r[str(i)]] for r in per_query.values()) / len(per_query) for i in range(3)]
        assert report["pass_rate"]["groups"]["G1_instruction"]["value"] == pytest.approx(sum(rounds) / 3)
        finished = sum(1 for e in read_converted(_predictions(shared_data, model)).values() if e.answer.final_answer)
        # Episodes without a Finish call are Unsolved without asking; the others take one call per round.
        assert len(standin.requests) - before == 3 * finished
    cot = runner.invoke(app, ["scores", "--runs", "cot,dfs", "--db", str(db), "--json"])
    table = json.loads(cot.stdout)
    averages = {row["run"]: row["pass_rate"]["average"]["value"] for row in table["rows"]}
    assert averages == {"cot": pytest.approx(2 / 3), "dfs": pytest.approx(1.0)}


def test_toolbench_pass_rate_and_win_rate_by_hand(shared_data: Path, tmp_path: Path, standin: FakeOpenAIServer) -> None:
    db = tmp_path / "h.duckdb"
    _import(shared_data, db)

    def prefer(marker: str) -> Label:
        # Picks the answer whose text holds ``marker`` (the dfs run's answer), whichever position it has.
        return lambda prompt, seed: "0" if marker in prompt.split("## Answer 1")[0].split("## Answer 0")[1] else "1"

    standin.default_reply = stand_in(
        {
            "grade_final_answer": {"1073": "Solved", "608": "Unsure", "588": "Unsolved"},
            "grade_answer_with_trace": {"608": "Unsolved"},
            "grade_task_solvability": {"608": "Solvable", "588": "Unsure"},
            "choose_better_answer": {"1073": "0", "608": prefer("3200 viewers"), "588": prefer("Pep Guardiola")},
        }
    )
    report = _eval(db, "--run", "dfs", "--reference", "cot")
    # cot: 1073 solved (pass); 608 unsure -> unsolved on its steps, solvable (fail); 588 has no Finish (fail).
    assert _values(report["reference_pass_rate"])["G1_instruction"] == pytest.approx(1 / 3)
    # dfs: 1073 pass, 608 fail, 588 unsolved but solvability unsure: every vote unsure, half a pass.
    assert _values(report["pass_rate"])["G1_instruction"] == pytest.approx(1.5 / 3)
    # Win rate of dfs: 1073 both solved, the judge always picks the first answer shown, so both orders
    # disagree and every vote ties (0.5); 608 and 588 the judge prefers dfs's answer in both orders (1).
    win = report["win_rate"]["groups"]["G1_instruction"]
    assert win["value"] == pytest.approx(2.5 / 3)
    assert (win["wins"], win["losses"], win["ties"], win["n"]) == (2, 0, 1, 3)
    # Early stop: a settled majority needs 4 of 7 votes; the all-unsure query needs all 7.
    assert report["pass_rate"]["votes"] == {"new": 4 + 4 + 7, "reused": 0, "planned": 21, "saved": 6}
    assert report["reference_pass_rate"]["votes"]["new"] == 4 + 4 + 1
    assert report["win_rate"]["votes"]["new"] == 7 + 4 + 4
    calls = len(standin.requests)
    # 608's solvability question is the same request for both runs (same query, tools and vote seed),
    # so the reference's four are answered from the judge cache and not paid again.
    assert report["judge_usage"]["cached"] == 4
    assert report["judge_usage"]["calls"] == calls == (4 + 4 * 3 + 7 * 2) + (4 + 4 * 2) + (7 + 4 + 4) * 2

    # Re-running re-uses every stored vote and asks nothing; another unsure policy recounts them.
    again = _eval(db, "--run", "dfs", "--reference", "cot", "--unsure", "fail")
    assert len(standin.requests) == calls
    assert again["pass_rate"]["votes"]["new"] == 0
    assert _values(again["pass_rate"])["G1_instruction"] == pytest.approx(1 / 3)

    table = json.loads(runner.invoke(app, ["scores", "--db", str(db), "--json"]).stdout)
    row = next(r for r in table["rows"] if r["run"] == "dfs")
    assert row["strategy"] == "DFS_woFilter_w2" and row["judge"] == f"toolbench:{JUDGE}"
    cell = row["win_rate"]["cot"]["G1_instruction"]
    assert cell["value"] == pytest.approx(2.5 / 3) and cell["n"] == 3 and cell["ci_low"] <= cell["value"]
