"""Where a built suite keeps its files (ToolBench's data layout), and reading a suite back.

```
<suite>/test_instruction/<group>.json   test queries (ToolBench query format, plus our "gold" key)
<suite>/test_query_ids/<group>.json     {"<query id>": 0, ...}
<suite>/instruction/G<n>_query.json     train queries of each level
<suite>/retrieval/G<n>/                 corpus.tsv, train/test.query.txt, qrels.train/test.tsv
<suite>/<group>.yaml                    task files (harness ls tasks shows <suite name>/<group>)
<suite>/_defaults.yaml                  what the task files share (they include it)
<suite>/suite.json                      how the suite was built (seed, generator, held-out parts)
```
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from data_builder.splits import LEVELS, TEST_GROUPS
from harness.toolbench.queries import read_query_file
from harness.types.query import Query

MANIFEST = "suite.json"
SHARED_TASK_FILE = "_defaults.yaml"


def group_file(root: Path, group: str) -> Path:
    """A test group's query file."""
    return root / "test_instruction" / f"{group}.json"


def group_ids_file(root: Path, group: str) -> Path:
    """A test group's id list."""
    return root / "test_query_ids" / f"{group}.json"


def train_file(root: Path, level: str) -> Path:
    """A level's train query file (ToolBench's ``instruction/G1_query.json``)."""
    return root / "instruction" / f"{level}_query.json"


def retrieval_dir(root: Path, level: str) -> Path:
    """A level's retriever data folder."""
    return root / "retrieval" / level


@dataclass
class SuiteFiles:
    """A suite read back from disk."""

    manifest: dict[str, Any]
    tests: dict[str, list[Query]]
    train: dict[str, list[Query]]


def read_suite(root: Path) -> SuiteFiles:
    """Read a built suite; a clear error when ``root`` is not one."""
    manifest_path = root / MANIFEST
    if not manifest_path.is_file():
        raise ValueError(f"{root}: not a built suite (no {MANIFEST}); build one with `harness data build --out DIR`")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{manifest_path}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    tests = {
        group: read_query_file(group_file(root, group), group=group, ids_path=group_ids_file(root, group))
        for group in TEST_GROUPS
    }
    train = {level: read_query_file(train_file(root, level)) for level in LEVELS}
    for queries in train.values():
        for query in queries:
            query.split = "train"
    for queries in tests.values():
        for query in queries:
            query.split = "test"
    return SuiteFiles(manifest=manifest, tests=tests, train=train)
