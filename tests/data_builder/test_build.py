"""A whole build on the test world: determinism, split rules, gold, files, task registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from data_builder.builder import BuildConfig, Suite
from data_builder.gold import recheck_gold
from data_builder.inputs import BuildInputs
from data_builder.layout import group_file, read_suite
from data_builder.splits import TEST_GROUPS
from harness.cli.main import app
from harness.toolbench.queries import read_query_file, write_query_file
from tests.data_builder.conftest import SMALL, build_small
from tests.data_builder.world import COLLECTIONS

runner = CliRunner()


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_bytes(world: BuildInputs, tmp_path: Path) -> None:
    build_small(world, tmp_path / "a" / "sandbox")
    build_small(world, tmp_path / "b" / "sandbox")
    first, second = _tree(tmp_path / "a" / "sandbox"), _tree(tmp_path / "b" / "sandbox")
    assert len(first) == 6 * 3 + 3 + 3 * 5 + 1 + 1  # ... suite.json and the tasks' _defaults.yaml
    assert first == second
    build_small(world, tmp_path / "c" / "sandbox", BuildConfig(seed=8, per_group=8, train=60))
    other = _tree(tmp_path / "c" / "sandbox")
    assert other["test_instruction/G1_instruction.json"] != first["test_instruction/G1_instruction.json"]


def test_groups_respect_their_split(small_suite: tuple[Suite, Path]) -> None:
    suite, _ = small_suite
    plan = suite.plan
    assert all(len(queries) == SMALL.per_group for queries in suite.tests.values())
    assert sum(len(q) for q in suite.train.values()) == SMALL.train
    held_tools, held_categories = set(plan.held_out_tools), set(plan.held_out_categories)

    def tools(query: object) -> set[tuple[str, str]]:
        return {(a.category_name, a.tool_name) for a in query.api_list}  # type: ignore[attr-defined]

    for query in suite.tests["G1_tool"]:
        assert tools(query) <= held_tools
    for group in ("G1_category", "G2_category"):
        assert all({c for c, _ in tools(q)} <= held_categories for q in suite.tests[group])
    seen = [q for g in ("G1_instruction", "G2_instruction", "G3_instruction") for q in suite.tests[g]]
    for query in seen + [q for qs in suite.train.values() for q in qs]:
        assert not tools(query) & held_tools and not {c for c, _ in tools(query)} & held_categories
    collections = {name: {t for _, t in members} for name, members in COLLECTIONS.items()}
    for group, queries in suite.tests.items():
        for query in queries:
            relevant = set(query.relevant_apis or [])
            assert relevant and relevant <= {a.key for a in query.api_list}
            relevant_tools = {tool for tool, _ in relevant}
            if group.startswith("G1"):
                assert len(tools(query)) == 1
            else:
                assert len(relevant_tools) >= 2, "a multi-tool instruction must need two tools"
            if group.startswith("G2"):
                assert len({c for c, _ in tools(query)}) == 1
            if group.startswith("G3"):
                assert any({t for _, t in tools(query)} <= members for members in collections.values())


def test_every_recorded_gold_reproduces(small_suite: tuple[Suite, Path], world: BuildInputs) -> None:
    files = read_suite(small_suite[1])
    queries = [q for qs in files.tests.values() for q in qs] + [q for qs in files.train.values() for q in qs]
    assert len(queries) == 6 * SMALL.per_group + SMALL.train
    for query in queries:
        assert query.gold is not None and query.gold.facts
        assert recheck_gold(query.gold, world) == [], query.text


def test_query_files_round_trip_with_gold(small_suite: tuple[Suite, Path], tmp_path: Path) -> None:
    path = group_file(small_suite[1], "G3_instruction")
    queries = read_query_file(path)
    write_query_file(queries, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()
    record = json.loads(path.read_text())[0]
    assert list(record) == ["api_list", "query", "relevant APIs", "query_id", "gold"]


def test_stats_show_six_groups_and_no_leakage(small_suite: tuple[Suite, Path]) -> None:
    result = runner.invoke(app, ["data", "stats", str(small_suite[1]), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert list(figures["groups"]) == list(TEST_GROUPS)
    assert all(g["queries"] == SMALL.per_group == g["with_gold"] for g in figures["groups"].values())
    assert figures["leakage"] is False and figures["leaks"] == []
    assert figures["groups"]["G2_instruction"]["tools_per_query"]["min"] >= 2
    table = runner.invoke(app, ["data", "stats", str(small_suite[1])])
    assert table.exit_code == 0 and "no leakage" in table.stdout


def test_suite_tasks_are_registered(small_suite: tuple[Suite, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HARNESS_TASKS_DIR", str(small_suite[1].parent))
    result = runner.invoke(app, ["ls", "tasks", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    for group in TEST_GROUPS:
        row = rows[f"sandbox/{group}"]
        assert row["status"] == f"{SMALL.per_group} queries" and row["env"] == "local" and row["judge"] == "rule"


def test_out_folder_is_replaced_only_when_it_holds_a_suite(world: BuildInputs, tmp_path: Path) -> None:
    stranger = tmp_path / "mine"
    stranger.mkdir()
    (stranger / "notes.txt").write_text("keep me")
    with pytest.raises(ValueError, match="not a built suite"):
        build_small(world, stranger)
    assert (stranger / "notes.txt").read_text() == "keep me"
    suite_dir = tmp_path / "suite"
    build_small(world, suite_dir)
    (suite_dir / "stale.json").write_text("{}")
    build_small(world, suite_dir, BuildConfig(seed=7, per_group=5, train=6))
    assert not (suite_dir / "stale.json").exists()
    assert len(json.loads((suite_dir / "test_query_ids" / "G1_tool.json").read_text())) == 5
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_too_small_a_pool_fails_with_one_line(world: BuildInputs, tmp_path: Path) -> None:
    with pytest.raises(ValueError) as info:
        build_small(world, tmp_path / "big", BuildConfig(seed=7, per_group=5000, train=0))
    assert "\n" not in str(info.value) and "--per-group" in str(info.value)
