"""The task registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.tasks import GROUPS, TaskError, get_task, list_tasks

runner = CliRunner()


def test_the_six_groups_exist_for_both_sources() -> None:
    names = {t.name for t in list_tasks()}
    for group in GROUPS:
        assert f"toolbench/{group}" in names
        assert f"stabletoolbench/{group}" in names
    task = get_task("stabletoolbench/G1_instruction")
    assert task.group == "G1_instruction" and task.judge == "sopr"


def test_unknown_task_lists_the_known_ones() -> None:
    with pytest.raises(TaskError, match=r"known tasks: .*stabletoolbench/G1_instruction"):
        get_task("stabletoolbench/G9")


def test_missing_data_folder_is_one_line_naming_the_download(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in ("HARNESS_TOOLBENCH_DIR", "HARNESS_STABLETOOLBENCH_DIR"):
        monkeypatch.delenv(var, raising=False)
    task = get_task("toolbench/G1_instruction")
    with pytest.raises(TaskError) as info:
        task.load_queries()
    message = str(info.value)
    assert "\n" not in message
    assert "data.zip" in message and "HARNESS_TOOLBENCH_DIR" in message
    with pytest.raises(TaskError, match="does not exist"):
        task.load_queries(tmp_path / "nowhere")
    with pytest.raises(TaskError, match=r"test_instruction/G1_instruction\.json is missing"):
        task.load_queries(tmp_path)


def test_stabletoolbench_task_reads_the_real_split(shared_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = shared_data / "stabletoolbench"
    monkeypatch.setenv("HARNESS_STABLETOOLBENCH_DIR", str(base))
    task = get_task("stabletoolbench/G1_instruction")
    queries = task.load_queries()
    ids = json.loads((base / "solvable_queries/test_query_ids/G1_instruction.json").read_text())
    assert [q.query_id for q in queries] == [q for q in ids if q in {x.query_id for x in queries}]
    assert len(queries) == len(ids) == 163
    # G3_instruction's query file is not among the shared files: a clear error, not a crash.
    with pytest.raises(TaskError, match=r"G3_instruction\.json is missing"):
        get_task("stabletoolbench/G3_instruction").load_queries()


def test_data_hash_follows_the_bytes_not_the_location(shared_data: Path, tmp_path: Path) -> None:
    task = get_task("stabletoolbench/G1_tool")
    original = task.data_hash(shared_data / "stabletoolbench")
    copy = tmp_path / "solvable_queries"
    for sub in ("test_instruction", "test_query_ids"):
        (copy / sub).mkdir(parents=True)
        source = shared_data / "stabletoolbench/solvable_queries" / sub / "G1_tool.json"
        (copy / sub / "G1_tool.json").write_bytes(source.read_bytes())
    assert task.data_hash(tmp_path) == original
    ids = json.loads((copy / "test_query_ids/G1_tool.json").read_text())
    ids.pop(next(iter(ids)))
    (copy / "test_query_ids/G1_tool.json").write_text(json.dumps(ids))
    assert task.data_hash(tmp_path) != original
    assert get_task("stabletoolbench/G1_category").data_hash(shared_data / "stabletoolbench") != original


def test_missing_test_ids_file_is_named(shared_data: Path, tmp_path: Path) -> None:
    (tmp_path / "solvable_queries/test_instruction").mkdir(parents=True)
    source = shared_data / "stabletoolbench/solvable_queries/test_instruction/G1_tool.json"
    (tmp_path / "solvable_queries/test_instruction/G1_tool.json").write_bytes(source.read_bytes())
    task = get_task("stabletoolbench/G1_tool")
    with pytest.raises(TaskError, match=r"expected 'solvable_queries/test_query_ids/G1_tool\.json'"):
        task.load_queries(tmp_path)
    assert task.availability(tmp_path) == "missing solvable_queries/test_query_ids/G1_tool.json"


def test_ls_tasks_reports_availability(shared_data: Path) -> None:
    result = runner.invoke(app, ["ls", "tasks", "--data-dir", str(shared_data / "stabletoolbench"), "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r["status"] for r in json.loads(result.stdout)}
    assert rows["stabletoolbench/G1_instruction"] == "163 queries"
    assert rows["stabletoolbench/G1_tool"] == "158 queries"
    assert rows["stabletoolbench/G3_instruction"] == "missing solvable_queries/test_instruction/G3_instruction.json"


def test_task_file_name_must_match_its_path(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "a.yaml").write_text("name: mine/b\ngroup: g\nversion: '1'\nsource: {queries: q.json}\n")
    with pytest.raises(TaskError, match="its path says 'mine/a'"):
        list_tasks(tmp_path)
