"""The bundled registry (read through importlib.resources) and the user's task folders that add to
it: ``$HARNESS_TASKS_PATH`` and ``--tasks-dir``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.bundled import bundled_submissions, bundled_tasks
from harness.cli.main import TASKS_PATH_ENV as CLI_TASKS_PATH_ENV
from harness.cli.main import app
from harness.task_groups import expand_task_names
from harness.tasks import TASKS_PATH_ENV, TaskError, get_task, list_tasks, task_files, tasks_root


def _user_folder(root: Path, name: str) -> Path:
    """A folder holding one task ``name`` over a copy of one sandbox query file."""
    sandbox = bundled_tasks() / "sandbox"
    task = root / f"{name}.yaml"
    task.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(sandbox / "test_instruction" / "G1_instruction.json", task.parent / "queries.json")
    catalog = bundled_tasks() / "toolenv" / "tools"
    task.write_text(
        f"name: {name}\ngroup: G1_instruction\nversion: mine-1\n"
        f"source: {{queries: queries.json}}\nenv: {{backend: local, catalog: {catalog}}}\n",
        encoding="utf-8",
    )
    return root


def test_the_bundled_data_is_found_through_the_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HARNESS_TASKS_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert tasks_root() == bundled_tasks()
    assert (bundled_tasks() / "toolenv" / "tools").is_dir()
    assert (bundled_tasks() / "sandbox" / "G1_instruction.yaml").is_file()
    assert any((folder / "submission.yaml").is_file() for folder in bundled_submissions().iterdir())
    assert get_task("sandbox/G1_instruction").group == "G1_instruction"


def test_a_user_folder_adds_to_the_bundled_tasks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HARNESS_TASKS_DIR", raising=False)
    monkeypatch.setenv(TASKS_PATH_ENV, str(_user_folder(tmp_path / "mine", "private/G1_instruction")))
    names = [t.name for t in list_tasks()]
    assert "private/G1_instruction" in names and "sandbox/G1_instruction" in names
    task = get_task("private/G1_instruction")
    assert task.path is not None and task.path.is_relative_to(tmp_path)
    assert len(task.load_queries()) > 0
    assert expand_task_names(["private"]) == ["private/G1_instruction"]  # its folder is a group too
    assert expand_task_names(["sandbox"])[0].startswith("sandbox/")


def test_a_user_task_overrides_the_bundled_one_of_that_name(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HARNESS_TASKS_DIR", raising=False)
    monkeypatch.setenv(TASKS_PATH_ENV, str(_user_folder(tmp_path, "sandbox/G1_instruction")))
    assert get_task("sandbox/G1_instruction").version == "mine-1"
    assert task_files()["sandbox/G1_instruction"].is_relative_to(tmp_path)
    assert get_task("sandbox/G2_instruction").version == "seed-0"  # the rest of the suite stays bundled


def test_a_bad_task_folder_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert CLI_TASKS_PATH_ENV == TASKS_PATH_ENV
    monkeypatch.delenv(TASKS_PATH_ENV, raising=False)
    result = CliRunner().invoke(app, ["--tasks-dir", str(tmp_path / "nowhere"), "ls", "tasks"])
    assert result.exit_code == 2
    assert f"task folder {tmp_path / 'nowhere'}" in result.output and "does not exist" in result.output
    assert "Errno" not in result.output and "Traceback" not in result.output
    monkeypatch.setenv(TASKS_PATH_ENV, str(tmp_path / "missing"))
    with pytest.raises(TaskError, match="does not exist"):
        list_tasks()


def test_tasks_dir_on_the_command_lists_the_users_tasks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(TASKS_PATH_ENV, raising=False)
    monkeypatch.delenv("HARNESS_TASKS_DIR", raising=False)
    folder = _user_folder(tmp_path, "private/G1_instruction")
    result = CliRunner().invoke(app, ["ls", "tasks", "--json", "--tasks-dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert '"private/G1_instruction"' in result.output and '"sandbox/G1_instruction"' in result.output


def test_a_missing_submissions_folder_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HARNESS_SUBMISSIONS_DIR", str(tmp_path / "none"))
    result = CliRunner().invoke(app, ["submissions", "validate"])
    assert result.exit_code == 2
    assert "no such folder of submissions" in result.output
    assert "Errno" not in result.output
