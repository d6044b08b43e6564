"""The judge under ToolEval's wording: every request our LLM judge sends (pass rate and win rate)
is the request ToolEval's own ReinforceToolLearningEvaluator builds for the same converted entry
(its template.txt and config.yaml, the raw Finish JSON, the whole answer, the full tool dicts),
with both judges answering from one script; the verdicts then agree too."""

from __future__ import annotations

import asyncio
import copy
import json
import random
import types
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.eval.base import EvalItem
from harness.eval.labels import AnswerStatus, Preference
from harness.eval.llm import JudgeModel
from harness.eval.pass_rate import ToolBenchPassRate
from harness.eval.preference import Pair, PassSummary, PreferenceJudge
from harness.eval.tooleval_wording import (
    DEFAULT_EVALUATOR,
    ToolEvalWording,
    ToolEvalWordingError,
    read_tooleval_wording,
)
from harness.eval.voting import coin
from harness.models.base import GenerateConfig, ModelOutput
from harness.profiles import TOOLBENCH
from harness.strategies.base import Agent, EpisodeLimits
from harness.strategies.dfsdt import DepthFirstTree
from harness.toolbench.converted import to_converted
from harness.types.messages import Function, Message, ToolCall
from harness.types.trajectory import Trajectory
from tests.conftest import REPO, require_shared_data
from tests.differential.policy import HarnessEnv, HarnessModel
from tests.differential.test_toolllama_wording import QUERY
from tests.differential.toolbench_code import load_tooleval

EPISODES = 120
CHOICES = {
    "answer_status": ["Solved", "Unsolved", "Unsure"],
    "task_status": ["Solvable", "Unsolvable", "Unsure"],
    "index": [0, 1],
}


def verdict(script: str, k: int, key: str) -> Any:
    """Call ``k`` of judge script ``script``: the same verdict for both judges."""
    return random.Random(f"{script}:{k}").choice(CHOICES[key])


class ToolEvalPool:
    """ToolEval's ``opr.request`` answering from the script; records each request's kwargs."""

    def __init__(self, script: str) -> None:
        self.script = script
        self.requests: list[dict[str, Any]] = []

    def request(self, **kwargs: Any) -> Any:
        self.requests.append(copy.deepcopy(kwargs))
        function = kwargs["functions"][0]
        key = next(k for k in function["parameters"]["properties"] if k != "reason")
        arguments = json.dumps({key: verdict(self.script, len(self.requests) - 1, key), "reason": "scripted"})
        message = types.SimpleNamespace(function_call=types.SimpleNamespace(arguments=arguments), content="")
        return types.SimpleNamespace(choices=[types.SimpleNamespace(message=message)])


class ScriptedJudge:
    """Our ModelAdapter answering from the same script; records each request as ToolEval's kwargs."""

    name = "scripted-judge"

    def __init__(self, script: str) -> None:
        self.script = script
        self.requests: list[dict[str, Any]] = []

    async def generate(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> ModelOutput:
        self.requests.append(
            {
                "messages": [{"role": m.role, "content": m.content} for m in messages],
                "functions": [f.model_dump() for f in functions],
                "function_call": {"name": config.tool_choice},
                "temperature": config.temperature,
                "max_tokens": config.max_tokens,
            }
        )
        key = next(k for k in functions[0].parameters["properties"] if k != "reason")
        value = verdict(self.script, len(self.requests) - 1, key)
        call = ToolCall(name=functions[0].name, arguments=json.dumps({key: value, "reason": "scripted"}))
        return ModelOutput(message=Message(role="assistant", content="", tool_call=call))


def _comparable(request: dict[str, Any]) -> str:
    keys = ("messages", "functions", "function_call", "temperature", "max_tokens")
    return json.dumps({k: request[k] for k in keys})


@pytest.fixture(scope="module")
def rtl() -> types.ModuleType:
    return load_tooleval()


@pytest.fixture(scope="module")
def wording() -> ToolEvalWording:
    return read_tooleval_wording(require_shared_data() / "toolbench" / "code")


@pytest.fixture(scope="module")
def episodes() -> list[Trajectory]:
    async def solve() -> list[Trajectory]:
        done = []
        for script in range(EPISODES):
            agent = Agent(model=HarnessModel(script), env=HarnessEnv(), limits=EpisodeLimits(), profile=TOOLBENCH)
            done.append(await DepthFirstTree(2).solve(QUERY, agent))
        return done

    return asyncio.run(solve())


def _evaluator(rtl: types.ModuleType, pool: ToolEvalPool) -> Any:
    folder = require_shared_data() / "toolbench/code/toolbench/tooleval/evaluators" / DEFAULT_EVALUATOR
    evaluator = rtl.ReinforceToolLearningEvaluator(str(folder))
    evaluator.opr = pool
    return evaluator


def _toolbench_pass_vote(rtl: types.ModuleType, evaluator: Any, entry: dict[str, Any]) -> str:
    """eval_pass_rate.py's compute_pass_rate after its Finish check: answer, task, the table."""
    task = {"query": entry["query"], "available_tools": entry["available_tools"]}
    solved, _ = evaluator.check_is_solved(task, entry["answer"], return_reason=True)
    flag = solved == rtl.AnswerStatus.Solved
    solvable, _ = evaluator.check_task_solvable(task, has_been_solved=flag, return_reason=True)
    return str(evaluator.is_passed(task, entry["answer"], answer_status=solved, task_status=solvable).value)


def test_pass_rate_requests_are_toolevals(rtl: Any, wording: ToolEvalWording, episodes: list[Trajectory]) -> None:
    differing, asked, traced = [], 0, 0
    for number, traj in enumerate(episodes):
        if traj.finish_type.value == "none":
            continue  # failed without asking, by both (eval_pass_rate.py's Finish check)
        entry = json.loads(to_converted(traj).model_dump_json())
        pool = ToolEvalPool(f"pass{number}")
        theirs = _toolbench_pass_vote(rtl, _evaluator(rtl, pool), entry)
        judge = ScriptedJudge(f"pass{number}")
        vote = asyncio.run(
            ToolBenchPassRate(JudgeModel(judge, "scripted", tooleval=wording)).vote(EvalItem("G1", traj), 0)
        )
        mine = [_comparable(r) for r in judge.requests]
        if mine != [_comparable(r) for r in pool.requests]:
            differing.append(number)
        asked += len(mine)
        traced += sum("parse_answer_status" in r for r in mine)
        assert {"Passed": "passed", "Failed": "failed", "Unsure": "unsure"}[theirs] == str(vote.label.value), number
    assert not differing, f"episodes whose judge requests differ: {differing[:10]}"
    assert asked > EPISODES and traced > 5  # every question was compared, the whole-answer one too


def test_win_rate_requests_are_toolevals(rtl: Any, wording: ToolEvalWording, episodes: list[Trajectory]) -> None:
    base = rtl.ReinforceToolLearningEvaluator.__mro__[-2]  # BaseEvaluator: annotate_preference's module
    saved = base.annotate_preference.__globals__["random"]
    differing, asked = [], 0
    try:
        for number in range(0, len(episodes) - 1, 2):
            reference, candidate = episodes[number], episodes[number + 1]
            solved = PassSummary(0.5, AnswerStatus.SOLVED)
            pair = Pair(candidate=candidate, reference=reference, candidate_pass=solved, reference_pass=solved)
            judge = ScriptedJudge(f"win{number}")
            preference = PreferenceJudge(JudgeModel(judge, "scripted", tooleval=wording), "p", 5, order="shuffled")
            mine = asyncio.run(preference.vote(pair, 0))
            swapped = coin(f"5:{candidate.query_id}:0")
            # ToolEval's shuffle made to show the answers in the order our coin chose.
            base.annotate_preference.__globals__["random"] = types.SimpleNamespace(
                shuffle=lambda order, flip=swapped: order.reverse() if flip else None, choice=random.choice
            )
            pool = ToolEvalPool(f"win{number}")
            answers = [json.loads(to_converted(t).answer.model_dump_json()) for t in (reference, candidate)]
            tools = json.loads(to_converted(reference).model_dump_json())["available_tools"]
            status = rtl.AnswerStatus.Solved
            picked = _evaluator(rtl, pool).annotate_preference(
                QUERY.text, tools, answers, task_status=rtl.TaskStatus.Solvable, answer_statuss=[status, status]
            )
            if [_comparable(r) for r in judge.requests] != [_comparable(r) for r in pool.requests]:
                differing.append(number)
            asked += len(judge.requests)
            if judge.requests:
                assert mine.label == (Preference.REFERENCE, Preference.CANDIDATE)[picked], number
    finally:
        base.annotate_preference.__globals__["random"] = saved
    assert not differing, f"pairs whose judge requests differ: {differing[:10]}"
    assert asked > EPISODES // 4


def test_a_checkout_without_the_evaluator_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(ToolEvalWordingError, match="no readable ToolEval evaluator"):
        read_tooleval_wording(tmp_path)


def test_eval_under_toolbench_without_wording_fails_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("HARNESS_TOOLBENCH_WORDING", raising=False)
    db = tmp_path / "h.duckdb"
    result = CliRunner().invoke(
        app, ["eval", "--run", "nothing", "--judge", "gpt-3.5-turbo-16k", "--profile", "toolbench", "--db", str(db)]
    )
    assert result.exit_code == 2
    assert "--wording" in result.output and "Traceback" not in result.output


def test_the_repository_ships_none_of_tooleval_s_text(wording: ToolEvalWording) -> None:
    lines = {
        line.strip() for text in wording.templates.values() for line in text.splitlines() if len(line.strip()) > 40
    }
    assert len(lines) > 5
    shipped = [p for p in (REPO / "harness").rglob("*") if p.is_file() and p.suffix in (".py", ".md", ".txt", ".yaml")]
    found = [(p.name, line[:40]) for p in shipped for line in lines if line in p.read_text(encoding="utf-8")]
    assert not found
