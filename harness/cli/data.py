"""``harness data``: build task suites from a tool catalog and inspect them.

The data builder is imported inside the commands: the harness never needs it at run time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from harness.bundled import editable
from harness.cli.common import JsonOption, console, err_console, fail, print_json, print_table, user_errors
from harness.models.base import ModelError
from harness.tasks import TASKS_DIR_ENV, tasks_root

data_app = typer.Typer(help="Build task suites from a tool catalog and inspect them.", no_args_is_help=True)


def _model_args(pairs: list[str]) -> dict[str, str]:
    args = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            fail(f"--model-arg {pair!r}: expected KEY=VALUE")
        args[key] = value
    return args


@data_app.command("build")
def build(
    catalog: Annotated[
        Path | None,
        typer.Option("--catalog", help="Catalog folder with tools/ and collections.json (default: tasks/toolenv)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Suite folder to write (default: tasks/sandbox in a clone, ./sandbox otherwise)."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed: the same seed gives the same suite, byte for byte.")] = 0,
    generator: Annotated[
        str, typer.Option("--generator", help="'offline' (intent templates), or a model name for the LLM generator.")
    ] = "offline",
    per_group: Annotated[int, typer.Option("--per-group", min=1, help="Test queries per group.")] = 200,
    train: Annotated[int, typer.Option("--train", min=0, help="Train queries in all (split over G1/G2/G3).")] = 1200,
    model_arg: Annotated[
        list[str] | None,
        typer.Option("--model-arg", "-M", help="KEY=VALUE for the LLM generator's model (repeatable)."),
    ] = None,
) -> None:
    """Build a suite: sample APIs, write instructions, record gold, split into ToolBench's groups."""
    from data_builder.builder import BuildConfig
    from data_builder.bundled import load_inputs
    from data_builder.run import make_generator, run_build

    with user_errors():
        catalog = catalog or tasks_root() / "toolenv"
        # An installed copy's bundled suite is package data: a new build goes to the working folder.
        out = out or (tasks_root() / "sandbox" if editable() or TASKS_DIR_ENV in os.environ else Path("sandbox"))
    config = BuildConfig(seed=seed, per_group=per_group, train=train)
    total = 6 * per_group + train
    with user_errors():
        try:
            inputs = load_inputs(catalog)
            chosen = make_generator(generator, inputs, _model_args(model_arg or []))
        except ModelError as exc:
            fail(str(exc))
        with Progress(
            TextColumn("{task.description:<16}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
        ) as bar:
            task = bar.add_task("building", total=total)

            def advance(group: str, _count: int) -> None:
                bar.update(task, advance=1, description=group)

            suite = run_build(inputs, out, chosen, config, advance)
    counts = ", ".join(f"{g}: {len(q)}" for g, q in suite.tests.items())
    trained = ", ".join(f"{level}: {len(q)}" for level, q in suite.train.items())
    console.print(f"wrote {out}: {counts}; train {trained}", highlight=False, soft_wrap=True)


def _spread(figure: dict[str, Any]) -> str:
    return f"{figure['min']}-{figure['max']} ({figure['mean']:.1f})"


@data_app.command("stats")
def stats(
    suite: Annotated[Path, typer.Argument(help="A built suite folder.")],
    as_json: JsonOption = False,
) -> None:
    """Counts per group, APIs and tools per query, tools per category, and the leakage check."""
    from data_builder.stats import suite_stats

    with user_errors():
        figures = suite_stats(suite)
    if as_json:
        print_json(figures)
    else:
        table = Table(title="per query: min-max (mean)", title_justify="left")
        for header in ("group", "queries", "APIs", "relevant", "tools", "calls", "gold"):
            table.add_column(header, no_wrap=True)
        rows = [*figures["groups"].items(), *((f"train {k}", v) for k, v in figures["train"].items())]
        for name, row in rows:
            table.add_row(
                name,
                str(row["queries"]),
                _spread(row["apis_per_query"]),
                _spread(row["relevant_apis_per_query"]),
                _spread(row["tools_per_query"]),
                _spread(row["calls_per_query"]),
                str(row["with_gold"]),
            )
        print_table(table)
        per_category = ", ".join(f"{c}: {n}" for c, n in figures["tools_per_category"].items())
        console.print(f"tools per category: {per_category}", highlight=False, soft_wrap=True)
        console.print(
            f"held out: categories {figures['held_out_categories']}, tools {figures['held_out_tools']}",
            highlight=False,
            soft_wrap=True,
        )
        verdict = "[red]LEAKAGE[/]" if figures["leakage"] else "[green]no leakage[/]"
        console.print(f"leakage check: {verdict}")
        for leak in figures["leaks"]:
            err_console.print(f"  {leak}", highlight=False, soft_wrap=True)
    if figures["leakage"]:
        raise typer.Exit(1)


@data_app.command("audit")
def audit(
    suite: Annotated[Path, typer.Argument(help="A built suite folder.")],
    catalog: Annotated[
        Path | None,
        typer.Option("--catalog", help="Catalog folder with tools/ (default: the one the suite's tasks name)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """How much the suite's gold checks: per group the share of queries with only weak facts, facts per
    question part, and how many queries each adversarial answer passes with the rule judge (0 is sound).
    Exits 1 when the suite is not sound."""
    from data_builder.attacks import ATTACKS
    from data_builder.audit import audit_suite, is_sound

    with user_errors():
        figures = audit_suite(
            suite, catalog, progress=None if as_json else lambda g: err_console.print(f"auditing {g}")
        )
    if as_json:
        print_json(figures)
    else:
        table = Table(title="gold audit (attack columns: queries passed / tried)", title_justify="left")
        short = {"number_spray": "spray", "boolean_spray": "yes/no", "query_copy": "copy", "other_gold": "other"}
        short |= {"not_found": "n/f", "contradiction": "contra"}
        for header in ("group", "n", "weak", "facts/part", "parts/q", "gold", *(short.get(a, a) for a in ATTACKS)):
            table.add_column(header, no_wrap=True)
        for name, row in figures["groups"].items():
            table.add_row(
                name,
                str(row["with_gold"]),
                f"{row['only_weak_share']:.1%}",
                f"{row['facts_per_part']:.2f}",
                f"{row['parts_per_query']:.2f}",
                f"{row['gold_answer_passes']}/{row['with_gold']}",
                *(f"{row['attacks'][a]}/{row['attacks_tried'][a]}" for a in ATTACKS),
            )
        print_table(table)
        for row in figures["groups"].values():
            for failure in row["gold_answer_failures"][:5]:
                err_console.print(f"  gold answer fails: {failure}", highlight=False, soft_wrap=True)
            for attack, passed in row["attack_passes"].items():
                err_console.print(f"  {attack} passes: {', '.join(passed[:5])}", highlight=False, soft_wrap=True)
        verdict = "[green]sound[/]" if is_sound(figures) else "[red]NOT SOUND[/]"
        console.print(f"audit: {verdict}")
    if not is_sound(figures):
        raise typer.Exit(1)
