"""The LLM judge over HTTP, against an OpenAI-compatible server on loopback started by the test."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.eval.base import EvalItem
from harness.eval.judges import JUDGE_CONFIG, build_judges
from harness.eval.labels import PassLabel
from harness.eval.llm import JudgeError
from harness.eval.prompts import ANSWER_STATUS
from tests.eval.judging import episode, judge_server
from tests.fakes.openai_server import FakeOpenAIServer, Reply, call

KEY = "sk-judge-0123456789"
PRICED = {"price_prompt": "10", "price_completion": "30", "retry_base": "0.01"}


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAIServer]:
    with judge_server(monkeypatch, KEY) as fake:
        yield fake


def _judges(tmp_path: Path | None = None, procedure: str = "toolbench"):  # type: ignore[no-untyped-def]
    return build_judges(
        "gpt-4-turbo-2024-04-09",
        procedure,
        dict(PRICED),
        config=JUDGE_CONFIG,
        cache_dir=tmp_path / "cache" if tmp_path else None,
    )


def test_a_vote_is_a_forced_function_call_with_a_reason(server: FakeOpenAIServer) -> None:
    server.push(
        Reply(
            tool_calls=[("grade_final_answer", {"answer_status": "Solved", "reason": "it gives 21 c"})],
            usage=(1000, 100),
        )
    )
    judges = _judges()
    vote = asyncio.run(judges.passing.vote(EvalItem("G1", episode()), 0))
    assert vote.label == PassLabel.PASSED and "it gives 21 c" in vote.reason
    assert vote.tokens == 1100 and vote.cost_usd == pytest.approx((1000 * 10 + 100 * 30) / 1e6)
    body = server.bodies("/chat/completions")[0]
    assert body["model"] == "gpt-4-turbo-2024-04-09" and body["temperature"] == 0.2 and body["seed"] == 0
    assert body["tool_choice"] == {"type": "function", "function": {"name": "grade_final_answer"}}
    schema = body["tools"][0]["function"]
    assert schema["parameters"]["properties"]["answer_status"]["enum"] == ["Solved", "Unsolved", "Unsure"]
    assert set(schema["parameters"]["required"]) == {"answer_status", "reason"}
    prompt = body["messages"][-1]["content"]
    assert "What is the weather in Paris?" in prompt and "It is 21 c in Paris." in prompt
    assert judges.passing.name == "toolbench:gpt-4-turbo-2024-04-09"


def test_json_text_is_read_when_the_server_ignores_the_forced_call(server: FakeOpenAIServer) -> None:
    server.push(Reply(content='Verdict: {"answer_status": "unsolved", "reason": "no temperature"} done'))
    server.push(call("grade_task_solvability", {"task_status": "Solvable", "reason": "tool exists"}))
    vote = asyncio.run(_judges().passing.vote(EvalItem("G1", episode()), 0))
    assert vote.label == PassLabel.FAILED
    assert vote.details["answer_status"] == "Unsolved" and vote.details["task_status"] == "Solvable"


def test_an_invalid_verdict_is_asked_again_with_another_seed(server: FakeOpenAIServer) -> None:
    server.push(call("grade_final_answer", {"answer_status": "Maybe", "reason": "?"}))
    server.push(call("grade_final_answer", {"answer_status": "Solved", "reason": "ok"}))
    judges = _judges()
    vote = asyncio.run(judges.passing.vote(EvalItem("G1", episode()), 0))
    assert vote.label == PassLabel.PASSED and vote.details["calls"] == 2
    seeds = [b["seed"] for b in server.bodies("/chat/completions")]
    assert len(set(seeds)) == 2
    assert judges.model is not None and judges.model.usage.unusable == 1


def test_a_judge_that_never_answers_validly_is_a_clear_error(server: FakeOpenAIServer) -> None:
    server.push(*[Reply(content="I cannot decide.")] * 3)
    judges = _judges()
    assert judges.model is not None
    with pytest.raises(JudgeError, match=r"no valid `answer_status`.*3 tries.*I cannot decide"):
        asyncio.run(judges.model.ask(ANSWER_STATUS, {"Request": "x", "Final answer": "y"}, 0))


def test_identical_judge_requests_are_paid_once(server: FakeOpenAIServer, tmp_path: Path) -> None:
    server.default_reply = lambda request: Reply(
        tool_calls=[("grade_final_answer", {"answer_status": "Solved", "reason": "fine"})], usage=(500, 50)
    )
    first = _judges(tmp_path)
    asyncio.run(first.passing.vote(EvalItem("G1", episode()), 0))
    second = _judges(tmp_path)  # a new process would see the same cache folder
    vote = asyncio.run(second.passing.vote(EvalItem("G1", episode()), 0))
    assert len(server.bodies("/chat/completions")) == 1
    assert vote.label == PassLabel.PASSED and vote.tokens == 0 and vote.cost_usd == 0 and vote.details["cached"] == 1
    assert second.model is not None and (second.model.usage.calls, second.model.usage.cached) == (0, 1)
    asyncio.run(second.passing.vote(EvalItem("G1", episode()), 1))  # another vote: another seed, a new request
    assert len(server.bodies("/chat/completions")) == 2


def test_procedure_and_judge_mismatches_are_one_line_errors() -> None:
    with pytest.raises(ValueError, match="needs --judge rule"):
        build_judges("gpt-4o", "rule", {})
    with pytest.raises(ValueError, match="needs an LLM judge"):
        build_judges("rule", "toolbench", {})
    with pytest.raises(ValueError, match="unknown --procedure"):
        build_judges("gpt-4o", "elo", {})
