"""The builder on the bundled catalog: the CLI's promises, the committed sandbox suite (exactly what
the builder makes, every gold still following from the tools) and the LLM generator's seed pool."""

from __future__ import annotations

import asyncio
import hashlib
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from data_builder.builder import BuildConfig, build_suite
from data_builder.bundled import load_inputs
from data_builder.generators.llm import load_seeds
from data_builder.generators.offline import OfflineGenerator
from data_builder.gold import ProposedPart, derive_gold, recheck_gold
from data_builder.inputs import BuildInputs
from data_builder.intent import CallStep
from data_builder.layout import MANIFEST, SHARED_TASK_FILE, read_suite
from data_builder.output import write_suite
from data_builder.splits import TEST_GROUPS
from harness.cli.main import app
from harness.tasks import get_task
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
    catalog_ref = yaml.safe_load((SUITE / SHARED_TASK_FILE).read_text())["env"]["catalog"]
    write_suite(suite, tmp_path / "sandbox", config, generator.name, bundled.tools_dir, catalog_ref=catalog_ref)
    assert _hashes(tmp_path / "sandbox") == _hashes(SUITE)


def test_every_committed_gold_reproduces(bundled: BuildInputs) -> None:
    files = read_suite(SUITE)
    for group, queries in files.tests.items():
        assert len(queries) == files.manifest["per_group"], group
        for query in queries:
            assert query.gold is not None
            assert recheck_gold(query.gold, bundled) == [], f"{group} {query.query_id}: {query.text}"


def test_cli_build_twice_gives_identical_bytes_and_clean_stats(tmp_path: Path) -> None:
    runner = CliRunner()
    for name in ("one", "two"):
        args = ["data", "build", "--out", str(tmp_path / name / "suite"), "--seed", "7", "--per-group", "20"]
        result = runner.invoke(app, [*args, "--train", "60"])
        assert result.exit_code == 0, result.output
        assert "G3_instruction: 20" in result.stdout
    assert _hashes(tmp_path / "one" / "suite") == _hashes(tmp_path / "two" / "suite")
    stats = runner.invoke(app, ["data", "stats", str(tmp_path / "one" / "suite"), "--json"])
    figures = json.loads(stats.stdout)
    assert list(figures["groups"]) == list(TEST_GROUPS) and figures["leakage"] is False
    # Each task file holds what differs; the catalog and the default strategy come from _defaults.yaml.
    task = get_task("suite/G1_tool", root=tmp_path / "one")
    assert (tmp_path / "one" / "suite" / task.env.model_dump()["catalog"]).resolve() == (CATALOG / "tools").resolve()
    assert task.defaults.strategy == "dfsdt" and task.judge == "rule" and task.version == "seed-7"
    assert "env" not in yaml.safe_load((tmp_path / "one" / "suite" / "G1_tool.yaml").read_text())


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["data", "build", "--catalog", str(tmp_path), "--out", str(tmp_path / "x")])
    assert result.exit_code == 2 and "not a catalog folder" in result.stderr and "Traceback" not in result.output
    result = runner.invoke(app, ["data", "build", "--out", str(tmp_path / "x"), "--generator", "no-such-model"])
    assert result.exit_code == 2 and "unknown model 'no-such-model'" in result.stderr
    result = runner.invoke(app, ["data", "stats", str(tmp_path)])
    assert result.exit_code == 2 and "not a built suite" in result.stderr


def test_every_seed_example_runs_against_the_bundled_tools(bundled: BuildInputs) -> None:
    categories = {t.tool_name: t.category_name for t in bundled.tools}
    apis = {(t.tool_name, a.name) for t in bundled.tools for a in t.api_list}
    for pool, examples in load_seeds().items():
        for example in examples:
            assert {tuple(pair) for pair in example["apis"]} <= apis, example["query"]
            steps = tuple(
                CallStep(categories[c["tool"]], c["tool"], c["api"], c.get("arguments", {})) for c in example["calls"]
            )
            fields = tuple((index, path) for index, path in example["answer_fields"])
            assert derive_gold([ProposedPart(steps, fields)], bundled.execute).facts, f"{pool}: {example['query']}"
