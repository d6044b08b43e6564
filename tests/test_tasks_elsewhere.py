"""Suites outside `tasks/`: a task file or a suite folder given by its path, and `--data-dir`, which
moves third-party data only, never the data that sits beside a task's file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.runner.plan import load_tasks, resolve_tasks
from harness.tasks import GROUPS, TaskError, get_task, tasks_root

runner = CliRunner()


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    """The sandbox suite copied elsewhere, with the tool world its tasks name (../toolenv/tools)."""
    shutil.copytree(tasks_root() / "sandbox", tmp_path / "suite")
    shutil.copytree(tasks_root() / "toolenv", tmp_path / "toolenv")
    return tmp_path / "suite"


def test_a_task_file_outside_tasks_runs_and_is_judged_by_its_path(copied: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "r.duckdb")
    task = str(copied / "G1_instruction")
    made = runner.invoke(
        app, ["run", "--model", "baseline", "--tasks", task, "--limit", "2", "--name", "out", "--db", db]
    )
    assert made.exit_code == 0, made.output
    spec = json.loads(runner.invoke(app, ["show", "out", "--db", db, "--json"]).stdout)["spec"]
    assert spec["tasks"] == [task]  # the absolute path: where a resume or a judge finds it again
    judged = runner.invoke(app, ["eval", "--run", "out", "--db", db, "--json"])  # gold from the copied file
    assert judged.exit_code == 0, judged.output
    assert json.loads(judged.stdout)["pass_rate"]["groups"]["average"]["n"] == 2


def test_a_suite_folder_is_its_tasks_in_toolbench_order(copied: Path) -> None:
    tasks = resolve_tasks([str(copied)])
    assert [t.group for t in tasks] == list(GROUPS)
    assert [t.name for t in tasks] == [str(copied / g) for g in GROUPS]
    assert all(t.path == copied / f"{g}.yaml" for t, g in zip(tasks, GROUPS, strict=True))


def test_a_path_into_the_registry_is_the_registered_task(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tasks_root().parent)
    assert [t.name for t in resolve_tasks(["tasks/sandbox/G1_tool.yaml"])] == ["sandbox/G1_tool"]
    assert [t.name for t in resolve_tasks(["./tasks/sandbox"])] == [f"sandbox/{g}" for g in GROUPS]


def test_a_copied_task_keeps_its_data_and_its_hash_follows_the_bytes(copied: Path) -> None:
    outside = get_task(str(copied / "G1_instruction.yaml"))
    inside = get_task("sandbox/G1_instruction")
    assert outside.load_queries() == inside.load_queries()
    assert outside.data_hash() != inside.data_hash()  # named by its path: another task
    (copied / "G1_instruction.yaml").write_text(
        (copied / "G1_instruction.yaml").read_text().replace("Sandbox G1_instruction", "Edited")
    )
    assert get_task(str(copied / "G1_instruction")).data_hash() != outside.data_hash()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("/no/such/suite/G1_instruction", "nor a task file or suite folder at that path"),
        ("sandbox/G9_nothing", "no task named 'sandbox/G9_nothing'"),
    ],
)
def test_a_path_to_nothing_is_one_line(name: str, message: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", "--model", "baseline", "--tasks", name, "--db", str(tmp_path / "r.duckdb")])
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_a_folder_without_task_files_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(TaskError, match="there are none here"):
        resolve_tasks([str(tmp_path / "empty")])


def test_data_dir_moves_third_party_data_only(shared_data: Path) -> None:
    """`--tasks sandbox/G1_instruction,stabletoolbench/G1_tool --data-dir D`: D is where
    StableToolBench's files are; the sandbox still reads its own, beside its task file."""
    loaded = load_tasks(["sandbox/G1_instruction", "stabletoolbench/G1_tool"], 3, shared_data / "stabletoolbench")
    sandbox, stable = loaded
    assert sandbox.queries == get_task("sandbox/G1_instruction").load_queries()[:3]
    assert len(stable.queries) == 3
    result = runner.invoke(app, ["ls", "tasks", "--data-dir", str(shared_data / "stabletoolbench"), "--json"])
    rows = {r["name"]: r["status"] for r in json.loads(result.stdout)}
    assert rows["sandbox/G1_instruction"].endswith(" queries")
