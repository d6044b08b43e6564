"""Helpers for judge tests: episodes built by hand and a scripted judge model that answers each
question from a table."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from harness.eval.llm import JudgeModel
from harness.models.base import GenerateConfig
from harness.models.scripted import ScriptedModel
from harness.types.messages import Function, Message, ToolCall
from harness.types.trajectory import FinishType, NodeKind, Trajectory, TrajectoryNode
from tests.fakes.openai_server import FakeOpenAIServer

# question function name -> the verdict the judge gives (a value, or a function of the user message)
Answers = dict[str, str | Callable[[str], str]]


def episode(
    query_id: str = "1",
    answer: str | None = "It is 21 c in Paris.",
    finish: FinishType = FinishType.GIVE_ANSWER,
    query: str = "What is the weather in Paris?",
    observation: str = '{"temperature": 21}',
) -> Trajectory:
    """A one-call episode ending as ``finish`` says."""
    nodes = [
        TrajectoryNode(id=0, parent_id=None, kind=NodeKind.ROOT),
        TrajectoryNode(id=1, parent_id=0, kind=NodeKind.THOUGHT, depth=1, content="Look it up."),
        TrajectoryNode(id=2, parent_id=1, kind=NodeKind.ACTION, depth=2, content="weather_for_sky"),
        TrajectoryNode(
            id=3, parent_id=2, kind=NodeKind.ACTION_INPUT, depth=3, content='{"city": "Paris"}', observation=observation
        ),
    ]
    traj = Trajectory(
        query_id=query_id,
        query=query,
        method="CoT@1",
        functions=[Function(name="weather_for_sky", description="Current weather for a city.")],
        nodes=nodes,
        chosen_path=[1, 2, 3],
        finish_type=finish,
    )
    if finish is FinishType.NONE:
        return traj
    arguments = (
        json.dumps({"return_type": "give_answer", "final_answer": answer})
        if finish is FinishType.GIVE_ANSWER
        else json.dumps({"return_type": "give_up_and_restart"})
    )
    traj.nodes += [
        TrajectoryNode(id=4, parent_id=3, kind=NodeKind.ACTION, depth=4, content="Finish"),
        TrajectoryNode(id=5, parent_id=4, kind=NodeKind.ACTION_INPUT, depth=5, content=arguments, observation=""),
    ]
    traj.chosen_path += [4, 5]
    traj.finish_arguments = arguments
    traj.final_answer = answer if finish is FinishType.GIVE_ANSWER else None
    return traj


def table_judge(answers: Answers, name: str = "stub") -> tuple[JudgeModel, ScriptedModel]:
    """A judge whose verdict on each question comes from ``answers``; the model records every request."""

    def respond(messages: list[Message], functions: list[Function], config: GenerateConfig) -> ToolCall:
        question = functions[0]
        verdict_key = next(k for k in question.parameters["required"] if k != "reason")
        rule = answers[question.name]
        verdict = rule(messages[-1].content or "") if callable(rule) else rule
        value: object = int(verdict) if verdict_key == "index" else verdict
        return ToolCall(name=question.name, arguments=json.dumps({"reason": f"said {verdict}", verdict_key: value}))

    model = ScriptedModel(responder=respond, name=name, tokens_per_call=(100, 10))
    return JudgeModel(model, name), model


def asked(model: ScriptedModel) -> list[str]:
    """The questions (function names) the judge was asked, in order."""
    return [functions[0].name for _, functions, _ in model.requests]


@contextmanager
def judge_server(monkeypatch: pytest.MonkeyPatch, key: str) -> Iterator[FakeOpenAIServer]:
    """An OpenAI-compatible stand-in on loopback that every OpenAI model in the test talks to."""
    with FakeOpenAIServer(api_key=key) as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", key)
        yield fake
