"""The committed sandbox suite is exactly what the builder makes from the bundled catalog, and every
recorded gold still follows from the tools."""

from __future__ import annotations

import asyncio
import hashlib
import json
from pathlib import Path

import pytest
import yaml

from data_builder.builder import BuildConfig, build_suite
from data_builder.bundled import load_inputs
from data_builder.generators.offline import OfflineGenerator
from data_builder.gold import recheck_gold
from data_builder.inputs import BuildInputs
from data_builder.layout import MANIFEST, read_suite
from data_builder.output import write_suite
from data_builder.splits import TEST_GROUPS
from tests.conftest import REPO

SUITE = REPO / "tasks" / "sandbox"
CATALOG = REPO / "tasks" / "toolenv"


def _hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def bundled() -> BuildInputs:
    return load_inputs(CATALOG)


def test_rebuilding_the_committed_suite_gives_the_same_bytes(bundled: BuildInputs, tmp_path: Path) -> None:
    manifest = json.loads((SUITE / MANIFEST).read_text())
    assert manifest["generator"] == "offline"
    config = BuildConfig(seed=manifest["seed"], per_group=manifest["per_group"], train=manifest["train"])
    generator = OfflineGenerator(bundled.templates, bundled.world)
    suite = asyncio.run(build_suite(bundled, generator, config))
    catalog_ref = yaml.safe_load((SUITE / f"{TEST_GROUPS[0]}.yaml").read_text())["env"]["catalog"]
    write_suite(suite, tmp_path / "sandbox", config, generator.name, bundled.tools_dir, catalog_ref=catalog_ref)
    assert _hashes(tmp_path / "sandbox") == _hashes(SUITE)


def test_every_committed_gold_reproduces(bundled: BuildInputs) -> None:
    files = read_suite(SUITE)
    for group, queries in files.tests.items():
        assert len(queries) == files.manifest["per_group"], group
        for query in queries:
            assert query.gold is not None
            assert recheck_gold(query.gold, bundled) == [], f"{group} {query.query_id}: {query.text}"
