"""A small real results world for the leaderboard, submission and gate tests.

A throwaway task suite (``mini/<group>``) holds the first queries of the committed sandbox groups,
gold included, run against the bundled executable tools. Scripted agents follow each query's gold
call path through the real local tool environment and answer with the facts; a sloppy one gets some
queries wrong on purpose. Runs go through the real runner, and are judged by the real rule judge.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from harness import __version__
from harness.envs.factory import build_env, env_config_for_task
from harness.eval.evaluate import EvalSettings, evaluate, load_run
from harness.eval.judges import build_judges
from harness.models.base import GenerateConfig
from harness.models.oracle import answer_text
from harness.models.scripted import Reply, ScriptedModel
from harness.runner.execute import Totals
from harness.runner.plan import RunRequest, TaskQueries, plan_run
from harness.runner.run import execute_plan
from harness.store import StoreWriter
from harness.tasks import get_task
from harness.toolbench.functions import api_function
from harness.toolbench.naming import parameter_name
from harness.types.messages import Function, Message, ToolCall
from harness.types.query import GoldBook, Query
from harness.types.runspec import RunSpec
from harness.types.trajectory import FinishType, NodeKind, Trajectory, TrajectoryNode

REPO = Path(__file__).resolve().parents[2]
SUITE = "mini"
GROUPS = ("G1_instruction", "G2_instruction")


def write_suite(root: Path, per_group: int = 4, groups: Iterable[str] = GROUPS, version: str = "1") -> list[str]:
    """``root/mini/<group>.yaml`` with the first ``per_group`` sandbox queries of each group."""
    folder = root / SUITE
    folder.mkdir(parents=True, exist_ok=True)
    sandbox = REPO / "tasks" / "sandbox"
    names = []
    for group in groups:
        records = json.loads((sandbox / "test_instruction" / f"{group}.json").read_text())[:per_group]
        (folder / f"{group}.json").write_text(json.dumps(records, indent=1))
        task = {
            "name": f"{SUITE}/{group}",
            "group": group,
            "version": version,
            "description": f"The first {per_group} sandbox {group} queries.",
            "source": {"queries": f"{group}.json"},
            "env": {"backend": "local", "catalog": str(REPO / "tasks" / "toolenv" / "tools")},
            "judge": "rule",
        }
        (folder / f"{group}.yaml").write_text(yaml.safe_dump(task, sort_keys=False))
        names.append(f"{SUITE}/{group}")
    return names


BOGUS = "guess_for_nowhere"


class GoldFollower:
    """A scripted agent that, like the oracle, is handed the run's gold when the run is made (by
    ``make_run``); the per-turn config carries none."""

    def __init__(self, respond: Callable[[GoldBook, list[Message], list[Function], GenerateConfig], Reply]) -> None:
        self.respond = respond
        self.gold: GoldBook = {}

    def __call__(self, messages: list[Message], functions: list[Function], config: GenerateConfig) -> Reply:
        return self.respond(self.gold, messages, functions, config)


def gold_follower(wrong: Callable[[str], bool] = lambda qid: False) -> GoldFollower:
    """Call each API of the query's gold path in turn, then answer with the gold facts.

    For queries where ``wrong(query_id)`` holds the agent first calls a function that does not
    exist and gives up (so DFSDT backtracks and that branch stays in the tree), then follows the
    gold path and answers with something that is not the answer."""
    gave_up: set[str] = set()

    def respond(book: GoldBook, messages: list[Message], functions: list[Function], config: GenerateConfig) -> Reply:
        query = config.query
        assert query is not None
        gold = book[(query.group, query.query_id)]
        bad = wrong(query.query_id)
        tools = [m for m in messages if m.role == "tool"]
        if bad and query.query_id not in gave_up:
            if not tools:
                return ToolCall(name=BOGUS, arguments="{}")
            gave_up.add(query.query_id)
            return ToolCall(name="Finish", arguments=json.dumps({"return_type": "give_up_and_restart"}))
        done = sum(1 for m in tools if m.name != BOGUS)
        path = gold.call_path
        if done < len(path):
            step = path[done]
            api = next(a for a in query.api_list if (a.tool_name, a.api_name) == (step["tool_name"], step["api_name"]))
            arguments = {parameter_name(k): v for k, v in dict(step["arguments"]).items()}  # type: ignore[call-overload]
            return ToolCall(name=api_function(api).name, arguments=json.dumps(arguments))
        text = "I could not work it out." if bad else "Found: " + answer_text(gold)
        return ToolCall(name="Finish", arguments=json.dumps({"return_type": "give_answer", "final_answer": text}))

    return GoldFollower(respond)


def make_run(
    db: Path,
    name: str,
    tasks: list[str],
    responder: Callable[..., Reply],
    model: str,
    strategy: str = "react",
    limit: int | None = None,
) -> None:
    """Run ``tasks`` with a scripted agent (stored as ``model``) through the real runner and tools."""
    plan = plan_run(RunRequest(model=model, strategy=strategy, tasks=tasks, name=name, limit=limit))
    if isinstance(responder, GoldFollower):
        responder.gold = plan.gold()

    def env(task: TaskQueries):  # type: ignore[no-untyped-def]
        return build_env(env_config_for_task(task.task, {}))

    totals = Totals()
    scripted = ScriptedModel(responder=responder, name=model, tokens_per_call=(120, 30))
    asyncio.run(execute_plan(plan, scripted, env, db, totals, concurrency=4, show_progress=False))
    assert totals.done == plan.episode_count, totals.last_error


def judge_by_rule(db: Path, name: str) -> None:
    """``harness eval --run NAME --judge rule``, through the library."""
    judges = build_judges("rule", None, {})
    run = load_run(db, name, gold=True)

    async def go() -> None:
        with StoreWriter(db) as writer, writer.batch():
            await evaluate(writer, run, judges.passing, EvalSettings(votes=1))

    asyncio.run(go())


def answer_only(query: Query, text: str) -> Trajectory:
    """An episode that answers at once (no tool call) with ``text``."""
    arguments = json.dumps({"return_type": "give_answer", "final_answer": text})
    nodes = [
        TrajectoryNode(id=0, parent_id=None, kind=NodeKind.ROOT),
        TrajectoryNode(id=1, parent_id=0, kind=NodeKind.THOUGHT, depth=1, content="I know this."),
        TrajectoryNode(id=2, parent_id=1, kind=NodeKind.ACTION, depth=2, content="Finish"),
        TrajectoryNode(id=3, parent_id=2, kind=NodeKind.ACTION_INPUT, depth=3, content=arguments, observation=""),
    ]
    return Trajectory(
        query_id=query.query_id,
        query=query.text,
        method="CoT@1",
        nodes=nodes,
        chosen_path=[1, 2, 3],
        final_answer=text,
        finish_arguments=arguments,
        finish_type=FinishType.GIVE_ANSWER,
        llm_calls=1,
    )


def synthetic_run(db: Path, name: str, tasks: list[str], passes: Callable[[str, str], bool]) -> None:
    """A run whose episodes state the gold facts where ``passes(group, query_id)`` and something else
    elsewhere, stored with the real writer and judged by the rule judge."""
    spec = RunSpec(tasks=tasks, task_data_hash="synthetic", model=f"synthetic-{name}", strategy="react")
    with StoreWriter(db) as writer:
        writer.ensure_run(spec.run_id, name, "run", spec.model_dump(mode="json"), __version__)
        with writer.batch():
            for task_name in tasks:
                task = get_task(task_name)
                for query in task.load_queries():
                    assert query.gold is not None
                    good = passes(task.group, query.query_id)
                    text = "Found: " + answer_text(query.gold) if good else "No idea, sorry."
                    writer.add_episode(spec.run_id, answer_only(query, text), group=task.group)
    judge_by_rule(db, name)
