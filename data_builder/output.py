"""Writing a built suite in ToolBench's formats (see ``data_builder.layout`` for the file list).

The suite is written into a fresh folder beside ``out`` and swapped in at the end, so an interrupted
build leaves either the old suite or the new one, never a mix.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import yaml

from data_builder.builder import BuildConfig, Suite
from data_builder.layout import (
    MANIFEST,
    SHARED_TASK_FILE,
    group_file,
    group_ids_file,
    retrieval_dir,
    train_file,
)
from data_builder.retrieval import write_retrieval
from data_builder.splits import LEVELS, TEST_GROUPS, level_of
from harness.toolbench.queries import write_query_file
from harness.util.files import replacing_folder, write_json_atomic, write_text_atomic

_DESCRIPTIONS = {
    "G1_instruction": "single-tool instructions on tools seen in training",
    "G1_tool": "single-tool instructions on held-out tools of seen categories",
    "G1_category": "single-tool instructions on tools of held-out categories",
    "G2_instruction": "intra-category multi-tool instructions on seen tools",
    "G2_category": "intra-category multi-tool instructions in held-out categories",
    "G3_instruction": "intra-collection multi-tool instructions on seen tools",
}


def _manifest(suite: Suite, config: BuildConfig, generator: str) -> dict[str, Any]:
    return {
        "builder_version": 1,
        "seed": config.seed,
        "generator": generator,
        "per_group": config.per_group,
        "train": config.train,
        "held_out_categories": list(suite.plan.held_out_categories),
        "held_out_tools": [list(pair) for pair in suite.plan.held_out_tools],
        "counts": {
            **{group: len(suite.tests[group]) for group in TEST_GROUPS},
            **{f"train_{level}": len(suite.train[level]) for level in LEVELS},
        },
        "dropped": dict(sorted(suite.dropped.items())),
    }


# The strategy a run of a built suite uses when `harness run` is given no --strategy.
DEFAULT_STRATEGY = "dfsdt"


def _shared_file(catalog: str, seed: int) -> str:
    """``_defaults.yaml``: what every task of the suite shares (each task file includes it)."""
    shared = {
        "version": f"seed-{seed}",
        "source": {"format": "toolbench-queries"},
        "env": {"backend": "local", "catalog": catalog},
        "judge": "rule",
        "defaults": {"strategy": DEFAULT_STRATEGY},
    }
    header = "# Shared by every task of this suite: each <group>.yaml includes it.\n"
    return header + yaml.safe_dump(shared, sort_keys=False, allow_unicode=True, width=120)


def _task_file(suite_name: str, group: str, seed: int, generator: str) -> str:
    task = {
        "include": SHARED_TASK_FILE,
        "name": f"{suite_name}/{group}",
        "group": group,
        "description": f"Sandbox {group}: {_DESCRIPTIONS[group]}; executable tools, gold facts "
        f"(built by `harness data build --seed {seed} --generator {generator}`).",
        "source": {
            "queries": group_file(Path(), group).as_posix(),
            "test_ids": group_ids_file(Path(), group).as_posix(),
        },
    }
    return yaml.safe_dump(task, sort_keys=False, allow_unicode=True, width=120)


def _catalog_reference(tools_dir: Path, out: Path) -> str:
    """The catalog as task files name it: relative to the suite folder where possible."""
    try:
        return Path(os.path.relpath(tools_dir.resolve(), out.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return tools_dir.resolve().as_posix()


def _write_into(folder: Path, suite: Suite, config: BuildConfig, generator: str, out: Path, catalog: str) -> None:
    for group in TEST_GROUPS:
        queries = suite.tests[group]
        write_query_file(queries, group_file(folder, group))
        write_json_atomic(group_ids_file(folder, group), {q.query_id: 0 for q in queries}, indent=4)
        write_text_atomic(folder / f"{group}.yaml", _task_file(out.name, group, config.seed, generator))
    write_text_atomic(folder / SHARED_TASK_FILE, _shared_file(catalog, config.seed))
    for level in LEVELS:
        write_query_file(suite.train[level], train_file(folder, level))
        level_tests = [q for g in TEST_GROUPS if level_of(g) == level for q in suite.tests[g]]
        write_retrieval(retrieval_dir(folder, level), suite.train[level], level_tests)
    write_text_atomic(folder / MANIFEST, json.dumps(_manifest(suite, config, generator), indent=2) + "\n")


def write_suite(
    suite: Suite, out: Path, config: BuildConfig, generator: str, tools_dir: Path, catalog_ref: str | None = None
) -> None:
    """Write ``suite`` to ``out``, replacing a suite built there before; refuses any other non-empty folder.

    Task files name the catalog by ``catalog_ref``, by default ``tools_dir`` relative to ``out``.
    """
    out = out.resolve()  # the folder's name names the tasks, so "." must become a real name
    with replacing_folder(out, MANIFEST, "a built suite") as staging:
        catalog = catalog_ref if catalog_ref is not None else _catalog_reference(tools_dir, out)
        _write_into(staging, suite, config, generator, out, catalog)
