"""``harness eval`` and ``harness import converted`` (``harness scores`` lives in :mod:`harness.cli.scores`)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from harness.cli.common import (
    DbOption,
    JsonOption,
    LogSamplesOption,
    OutputPathOption,
    check_log_samples,
    err_console,
    fail,
    print_import,
    print_json,
    print_table,
    results_files,
    user_errors,
)
from harness.cli.run import split_sampling
from harness.cli.score_view import WIDTH
from harness.eval.evaluate import EvalReport, EvalSettings, MetricOutcome, evaluate, load_run
from harness.eval.judges import DEFAULT_JUDGE_MODEL, DEFAULT_VOTES, JUDGE_CONFIG, Judges, build_judges
from harness.eval.labels import UnsurePolicy
from harness.eval.llm import JudgeUsage
from harness.eval.rule import RULE_JUDGE
from harness.eval.task_defaults import EvalChoice, eval_choice, tasks_for_defaults
from harness.eval.tooleval_wording import read_tooleval_wording
from harness.models.base import ModelError
from harness.profiles import get_profile, wording_path
from harness.runner.plan import parse_assignments
from harness.store import StoreWriter, default_db_path
from harness.store.judgments import ScoreRow
from harness.store.reader import run_record
from harness.toolbench.importing import import_converted_into
from harness.util.errors import one_line

UNSURE_NOTE = {
    UnsurePolicy.HALF: "an unsure vote counts half a pass (ToolBench flips a coin instead: --unsure random)",
    UnsurePolicy.FAIL: "an unsure vote counts as a fail",
    UnsurePolicy.RANDOM: "an unsure vote is a seeded coin flip, as in ToolBench",
}


def judging_choice(
    db: Path, run: str, tasks: list[str] | None, judge: str | None, procedure: str | None, votes: int | None
) -> EvalChoice:
    """The options given, the rest from the tasks' defaults (``--tasks``, else the run's): ``rule``
    for suites with gold, else the LLM judge with the task's procedure."""
    names = tasks if tasks is not None else [str(t) for t in run_record(db, run)["spec"].get("tasks") or []]
    return eval_choice(tasks_for_defaults(names), judge, procedure, votes, DEFAULT_JUDGE_MODEL)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def _interval(row: ScoreRow | dict[str, Any]) -> str:
    """``value [low, high]`` in percent, from a score row or its JSON form."""
    cell = row if isinstance(row, dict) else {"value": row.value, "ci_low": row.ci_low, "ci_high": row.ci_high}
    return f"{_percent(cell['value'])} [{_percent(cell['ci_low'])}, {_percent(cell['ci_high'])}]"


def _print_metric(outcome: MetricOutcome, title: str) -> None:
    table = Table(title=title)
    table.add_column("group", no_wrap=True)
    table.add_column("n", justify="right")
    table.add_column("value [95% CI]", no_wrap=True)
    table.add_column("details")
    for row in outcome.rows:
        details = row.details
        if "wins" in details:
            extra = f"wins {details['wins']}, losses {details['losses']}, ties {details['ties']}"
        elif "std" in details:
            extra = f"std over {details['rounds']} rounds {100 * details['std']:.1f}"
        else:
            extra = f"passed {details['passed']}, failed {details['failed']}, half {details['half']}"
        table.add_row(row.group or "-", str(row.n), _interval(row), extra)
    print_table(table, width=WIDTH)
    saved = f"; early stop saved {outcome.saved} of {outcome.planned} planned votes" if outcome.saved else ""
    err_console.print(
        f"{outcome.run} {outcome.metric}: {outcome.asked} new votes, {outcome.reused} re-used{saved}", highlight=False
    )
    if outcome.metric == "win_rate" and (outcome.only_here or outcome.only_reference):
        err_console.print(
            f"win rate over common queries; {outcome.only_here} only in {outcome.run}, "
            f"{outcome.only_reference} only in {outcome.reference}",
            highlight=False,
        )
    for key, error in list(outcome.errors.items())[:3]:
        where = f"{key[0] or '-'}/{key[1]}: {error}"
        err_console.print(f"[yellow]judge error[/] {escape(where)}", highlight=False, soft_wrap=True)
    if len(outcome.errors) > 3:
        err_console.print(f"... and {len(outcome.errors) - 3} more judge errors", highlight=False)


def _outcome_json(outcome: MetricOutcome | None) -> dict[str, Any] | None:
    if outcome is None:
        return None
    return {
        "run": outcome.run,
        "judge": outcome.judge,
        "reference": outcome.reference,
        "groups": {
            row.group: {"value": row.value, "ci_low": row.ci_low, "ci_high": row.ci_high, "n": row.n, **row.details}
            for row in outcome.rows
        },
        "votes": {"new": outcome.asked, "reused": outcome.reused, "planned": outcome.planned, "saved": outcome.saved},
        "errors": {f"{k[0]}/{k[1]}": e for k, e in outcome.errors.items()},
    }


def _usage_json(usage: JudgeUsage | None) -> dict[str, Any] | None:
    if usage is None:
        return None
    return {
        "calls": usage.calls,
        "cached": usage.cached,
        "unusable_replies": usage.unusable,
        "tokens": usage.tokens,
        "cost_usd": usage.cost_usd,
    }


def eval_command(
    run: Annotated[str, typer.Option("--run", help="Run to judge.")],
    judge: Annotated[
        str | None,
        typer.Option(
            "--judge",
            help=f"rule, or a judge model (default: the tasks' judge: rule for suites with gold, else "
            f"{DEFAULT_JUDGE_MODEL}).",
        ),
    ] = None,
    procedure: Annotated[
        str | None,
        typer.Option("--procedure", help="toolbench, sopr or rule (default: the tasks'; toolbench for LLM judges)."),
    ] = None,
    votes: Annotated[
        int | None,
        typer.Option("--votes", min=1, help="Votes per query (default: the tasks', else toolbench 7, sopr 3, rule 1)."),
    ] = None,
    reference: Annotated[
        str | None, typer.Option("--reference", help="Also compute the win rate against this run.")
    ] = None,
    unsure: Annotated[
        UnsurePolicy | None,
        typer.Option("--unsure", help="What an unsure pass-rate vote counts as (default: the profile's; half)."),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            help="harness (default), toolbench or stabletoolbench: unsure votes, win-rate ids and ties, vote order.",
        ),
    ] = None,
    wording: Annotated[
        Path | None,
        typer.Option(
            "--wording",
            help="A ToolBench or StableToolBench checkout: an LLM judge under --profile toolbench or "
            "stabletoolbench asks ToolEval's own questions, read from it (default: $HARNESS_TOOLBENCH_WORDING).",
        ),
    ] = None,
    model_arg: Annotated[list[str] | None, typer.Option("-M", help="Judge model argument key=value.")] = None,
    tasks: Annotated[
        str | None, typer.Option("--tasks", help="Tasks or groups to read gold facts from (default: the run's own).")
    ] = None,
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Data folder for third-party tasks.")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the judge's votes and of the bootstrap.")] = 0,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, help="Queries judged at once.")] = 8,
    cache_dir: Annotated[
        Path | None, typer.Option("--cache-dir", help="Judge reply cache (default: <db>.judge-cache).")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    output_path: OutputPathOption = None,
    log_samples: LogSamplesOption = False,
) -> None:
    """Judge a run's episodes: store every vote and the per-group scores with 95% intervals.
    Running it again re-uses the stored votes and asks only for the votes still missing."""
    path = default_db_path(db)
    check_log_samples(output_path, log_samples)
    with user_errors():
        counting = get_profile(profile)
        # An LLM judge under a profile in ToolEval's words needs the checkout: checked before anything is read.
        checkout = wording_path(counting, wording) if judge not in (None, RULE_JUDGE) else None
        task_names = [t.strip() for t in tasks.split(",") if t.strip()] if tasks else None
        choice = judging_choice(path, run, task_names, judge, procedure, votes)
        try:
            sampling, judge_args = split_sampling(parse_assignments(model_arg or [], "-M"))
            config = JUDGE_CONFIG.model_copy(update=sampling.model_dump(exclude_unset=True))
            judges: Judges = build_judges(
                choice.judge,
                choice.procedure,
                judge_args,
                config=config,
                cache_dir=cache_dir or path.with_name(path.name + ".judge-cache"),
                seed=seed,
            )
        except ModelError as exc:
            fail(one_line(exc))
        gold = judges.procedure == RULE_JUDGE
        candidate = load_run(path, run, gold=gold, tasks=task_names, data_dir=data_dir)
        ref = load_run(path, reference, gold=gold, tasks=task_names, data_dir=data_dir) if reference else None
        if judges.model is not None and counting.wording == "toolbench":
            checkout = checkout or wording_path(counting, wording)
            assert checkout is not None  # wording_path raises when a toolbench-worded profile has none
            judges.model.use_tooleval(read_tooleval_wording(checkout), keep=set(sampling.model_fields_set))
            # Votes in ToolEval's words are other votes than ours: stored under their own judge name.
            judges.passing.name = f"{judges.passing.name}+tooleval"
            judges.preference.name = f"{judges.preference.name}+tooleval"
        unsure = unsure or UnsurePolicy(counting.unsure)
        if counting.vote_order == "shuffled":
            # Shuffled votes are other votes: stored apart from the both-orders ones of the same judge.
            judges.preference.order = counting.vote_order
            judges.preference.name = f"{judges.preference.name}+shuffled"
        settings = EvalSettings(
            votes=choice.votes or DEFAULT_VOTES[judges.procedure],
            unsure=unsure,
            seed=seed,
            concurrency=concurrency,
            profile=counting,
        )

        async def go() -> EvalReport:
            with StoreWriter(path) as writer, writer.batch():
                try:
                    return await evaluate(
                        writer, candidate, judges.passing, settings, reference=ref, preference=judges.preference
                    )
                finally:
                    if judges.model is not None:
                        closer = getattr(judges.model.model, "aclose", None)
                        if closer is not None:
                            await closer()

        try:
            report = asyncio.run(go())
        except ModelError as exc:
            fail(one_line(exc))
    usage = judges.model.usage if judges.model is not None else None
    errors = sum(len(o.errors) for o in (report.pass_rate, report.reference_pass_rate, report.win_rate) if o)
    if as_json:
        print_json(
            {
                "run": run,
                "judge": judges.passing.name,
                "procedure": judges.procedure,
                "votes": settings.votes,
                "profile": settings.profile.name,
                "unsure": unsure.value if judges.passing.majority and judges.procedure != RULE_JUDGE else None,
                "without_gold": candidate.without_gold,
                "pass_rate": _outcome_json(report.pass_rate),
                "reference_pass_rate": _outcome_json(report.reference_pass_rate),
                "win_rate": _outcome_json(report.win_rate),
                "judge_usage": _usage_json(usage),
            }
        )
    else:
        _print_report(report, judges, settings, candidate.without_gold, usage)
    results_files(path, run, output_path, log_samples)
    if errors:
        raise typer.Exit(1)


def _print_report(
    report: EvalReport, judges: Judges, settings: EvalSettings, without_gold: int, usage: JudgeUsage | None
) -> None:
    name = judges.passing.name
    votes = f"{settings.votes} vote{'s' if settings.votes > 1 else ''}"
    _print_metric(report.pass_rate, f"pass rate of {report.run} ({name}, {votes})")
    if report.reference_pass_rate is not None:
        _print_metric(report.reference_pass_rate, f"pass rate of {report.reference_pass_rate.run} ({name})")
    if report.win_rate is not None:
        _print_metric(report.win_rate, f"win rate of {report.run} against {report.win_rate.reference} ({name})")
    if judges.procedure == "toolbench":
        err_console.print(UNSURE_NOTE[settings.unsure], highlight=False)
    if without_gold:
        err_console.print(f"{without_gold} episodes have no gold facts and were not judged", highlight=False)
    if usage is not None:
        err_console.print(
            f"judge {judges.model.name if judges.model else ''}: {usage.calls} calls, {usage.cached} answered from "
            f"the cache, {usage.tokens:,} tokens, ${usage.cost_usd:.4f}",
            highlight=False,
        )


def import_converted(
    file: Annotated[Path, typer.Argument(help="A ToolEval converted file (<group>.json).")],
    name: Annotated[str, typer.Option("--name", help="Run name to import into.")],
    group: Annotated[str | None, typer.Option("--group", help="Test group (default: the file name).")] = None,
    db: DbOption = None,
) -> None:
    """Import ToolEval's converted predictions as one run, one episode per query."""
    with user_errors():
        report = import_converted_into(default_db_path(db), file, name, group)
    print_import(name, report)
