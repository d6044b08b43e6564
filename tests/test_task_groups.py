"""Task groups: folders and _groups.yaml names that stand for several tasks wherever --tasks is taken."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.task_groups import expand_task_names, list_groups
from harness.tasks import GROUPS, TaskError


def _task(root: Path, name: str, group: str) -> None:
    path = root / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"name: {name}\ngroup: {group}\nversion: '1'\nsource: {{queries: q.json}}\n")


def _groups(root: Path, text: str, where: str = "_groups.yaml") -> None:
    (root / where).parent.mkdir(parents=True, exist_ok=True)
    (root / where).write_text(text)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for group in reversed(GROUPS):  # written out of order: the expansion must not follow the disk
        _task(tmp_path, f"suite/{group}", group)
    _task(tmp_path, "extra/x", "G1_instruction")
    return tmp_path


@pytest.mark.parametrize("suite", ["sandbox", "toolbench", "stabletoolbench"])
def test_each_suite_folder_is_a_group_in_toolbench_order(suite: str) -> None:
    assert expand_task_names([suite]) == [f"{suite}/{group}" for group in GROUPS]


def test_user_groups_nest_and_keep_each_task_once(root: Path) -> None:
    _groups(
        root,
        "small:\n  description: two\n  tasks: [suite/G2_category, suite/G1_tool]\n"
        "both: [small, extra, suite/G1_tool]\n",
    )
    _groups(root, "deep: [both]\n", where="extra/_groups.yaml")
    assert expand_task_names(["deep"], root) == ["suite/G2_category", "suite/G1_tool", "extra/x"]
    assert expand_task_names(["suite/G3_instruction", "small"], root) == [
        "suite/G3_instruction",
        "suite/G2_category",
        "suite/G1_tool",
    ]
    groups = list_groups(root)
    assert groups["small"].description == "two" and groups["suite"].tasks[0] == "suite/G1_instruction"


def test_cycles_clashes_and_unknown_names_are_one_line_errors(root: Path) -> None:
    _groups(root, "a: [b]\nb: [suite/G1_tool, a]\n")
    with pytest.raises(TaskError, match="task groups form a cycle: a -> b -> a"):
        expand_task_names(["a"], root)
    _groups(root, "suite/G1_tool: [extra]\n")
    with pytest.raises(TaskError, match="'suite/G1_tool' is both a task and a group"):
        expand_task_names(["extra"], root)
    _groups(root, "extra: [suite]\n")
    with pytest.raises(TaskError, match="group 'extra' is already defined by the folder"):
        expand_task_names(["extra"], root)
    _groups(root, "mine: [suite/G1_tol]\n")
    with pytest.raises(TaskError) as info:
        expand_task_names(["mine"], root)
    message = str(info.value)
    assert "no task named 'suite/G1_tol' nor a group (a member of group 'mine'" in message
    assert "did you mean 'suite/G1_tool'?" in message and "\n" not in message
    with pytest.raises(TaskError, match=r"no task named 'suiet' nor a group \(did you mean 'suite'\?\)"):
        expand_task_names(["suiet"], root)
    _groups(root, "bad: {tasks: []}\n")
    with pytest.raises(TaskError, match=r"_groups\.yaml: group 'bad': tasks"):
        expand_task_names(["suite"], root)


def test_a_name_the_user_repeats_is_an_error(root: Path) -> None:
    with pytest.raises(TaskError, match="listed twice"):
        expand_task_names(["suite", "suite"], root)


def test_a_task_named_like_a_folder_is_an_error(root: Path) -> None:
    _task(root, "suite", "G1_tool")
    with pytest.raises(TaskError, match="'suite' is both a task and a folder of tasks"):
        expand_task_names(["extra"], root)
