"""The judge, procedure and votes ``harness eval`` uses when the user does not name them: the tasks'.

A task's ``judge:`` (or ``defaults.judge``) is ``rule``, a judge model, or a procedure name
(``toolbench``, ``sopr``), which means the default judge model asked with that procedure;
``defaults.procedure`` and ``defaults.votes`` say the rest. Options the user gives always win.
"""

from __future__ import annotations

from pydantic import BaseModel

from harness.eval.pass_rate import PROCEDURES
from harness.eval.rule import RULE_JUDGE
from harness.task_groups import expand_task_names
from harness.tasks import TaskError, TaskSpec, get_task, shared_default


class EvalChoice(BaseModel):
    """What to judge a run with; None leaves the choice to the judge (procedure) or its defaults (votes)."""

    judge: str
    procedure: str | None = None
    votes: int | None = None


def _judge_of(task: TaskSpec, default_model: str) -> str:
    return default_model if task.judge in PROCEDURES else task.judge


def _procedure_of(task: TaskSpec) -> str | None:
    if task.defaults.procedure is not None:
        return task.defaults.procedure
    return task.judge if task.judge in PROCEDURES else None


def tasks_for_defaults(names: list[str]) -> list[TaskSpec]:
    """The registered tasks behind ``names`` (groups expanded); none when any is unknown, as for an
    imported run named after its groups: then the built-in defaults apply."""
    try:
        return [get_task(name) for name in expand_task_names(names)] if names else []
    except TaskError:
        return []


def eval_choice(
    tasks: list[TaskSpec],
    judge: str | None,
    procedure: str | None,
    votes: int | None,
    default_model: str,
) -> EvalChoice:
    """The user's ``--judge/--procedure/--votes``, each missing one from the tasks' defaults (a
    one-line TaskError names the option to pass when the tasks disagree); ``default_model`` judges
    when neither says."""
    if judge is None:
        judge = shared_default(tasks, lambda t: _judge_of(t, default_model), "judges", "--judge") or default_model
    if procedure is None and judge != RULE_JUDGE:
        procedure = shared_default(tasks, _procedure_of, "judging procedures", "--procedure")
    if votes is None:
        votes = shared_default(tasks, lambda t: t.defaults.votes, "vote counts", "--votes")
    return EvalChoice(judge=judge, procedure=procedure, votes=votes)
