"""Task groups: one name for several tasks, wherever a task list is taken (``--tasks``).

Every folder under the registry root is a group of the tasks beneath it (``sandbox``, ``toolbench``,
``stabletoolbench``), ordered as ToolBench orders its test groups (G1_instruction, G1_category,
G1_tool, G2_instruction, G2_category, G3_instruction). More groups are defined in ``_groups.yaml``
files anywhere under the root; a member is a task or another group::

    sandbox-instruction:
      description: the three groups on tools seen in training
      tasks: [sandbox/G1_instruction, sandbox/G2_instruction, sandbox/G3_instruction]
    everything: [sandbox, toolbench]        # the short form: just the members

A name may not be both a task and a group; groups may nest but not in a cycle. Where a name is
neither, a path is taken: a task file anywhere (``/data/suite/G1_instruction[.yaml]``) or a suite
folder, which is the group of the task files beneath it (``_groups.yaml`` there are not read).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from harness.tasks import (
    GROUPS,
    TaskError,
    TaskSpec,
    did_you_mean,
    get_task,
    looks_like_path,
    task_file_at,
    task_files,
    task_name_of,
    task_roots,
)
from harness.util.errors import one_line

GROUPS_FILE = "_groups.yaml"


class TaskGroup(BaseModel):
    """A named list of tasks and groups."""

    model_config = ConfigDict(extra="forbid")

    name: str
    description: str = ""
    tasks: list[str] = Field(min_length=1)
    path: Path | None = Field(default=None, exclude=True)  # the _groups.yaml; None for a folder


def _group_order(task: TaskSpec) -> tuple[str, int, str]:
    folder = task.name.rsplit("/", 1)[0]
    rank = GROUPS.index(task.group) if task.group in GROUPS else len(GROUPS)
    return folder, rank, task.name


def _folder_groups(names: list[str]) -> dict[str, list[str]]:
    folders: dict[str, list[str]] = {}
    for name in names:
        parts = name.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folders.setdefault("/".join(parts[:depth]), []).append(name)
    return folders


def _read_groups_file(path: Path) -> list[TaskGroup]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise TaskError(f"{path}: not valid YAML ({one_line(exc)})") from exc
    if not isinstance(data, dict):
        raise TaskError(f"{path}: a groups file maps group names to their members")
    groups = []
    for name, body in data.items():
        if not isinstance(name, str) or not name.strip() or "," in name or name != name.strip():
            raise TaskError(f"{path}: {name!r} is not a usable group name (no commas or surrounding spaces)")
        fields: Any = {"tasks": body} if isinstance(body, list) else body
        if not isinstance(fields, dict):
            raise TaskError(f"{path}: group {name!r} needs a list of tasks or a mapping with 'tasks'")
        try:
            groups.append(TaskGroup.model_validate({**fields, "name": name, "path": path}))
        except ValidationError as exc:
            raise TaskError(f"{path}: group {name!r}: {one_line(exc)}") from exc
    return groups


def list_groups(root: Path | None = None) -> dict[str, TaskGroup]:
    """Every group by name: the folders first, then the ``_groups.yaml`` ones."""
    names = list(task_files(root))
    known_tasks = set(names)
    groups: dict[str, TaskGroup] = {}
    for folder, members in _folder_groups(names).items():
        if folder in known_tasks:
            raise TaskError(f"{folder!r} is both a task and a folder of tasks; rename one of them")
        ordered = sorted((get_task(name, root) for name in members), key=_group_order)
        groups[folder] = TaskGroup(
            name=folder, description=f"every task under {folder}/", tasks=[t.name for t in ordered]
        )
    files = [p for base in ([root] if root is not None else task_roots()) for p in sorted(base.rglob(GROUPS_FILE))]
    for path in files:
        for group in _read_groups_file(path):
            if group.name in known_tasks:
                raise TaskError(f"{path}: {group.name!r} is both a task and a group; rename the group")
            if group.name in groups:
                where = groups[group.name].path or f"the folder of tasks {group.name}/"
                raise TaskError(f"{path}: group {group.name!r} is already defined by {where}")
            groups[group.name] = group
    return groups


def expand_task_names(names: list[str], root: Path | None = None) -> list[str]:
    """Task names with every group replaced by its tasks, in order, each task once.

    A name given twice by the user is an error (as before groups existed); a task that two groups
    share is kept once. Unknown names get a suggestion from among tasks and groups."""
    tasks = task_files(root)
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise TaskError(f"task {repeated[0]!r} is listed twice in --tasks")
    if all(name in tasks for name in names):
        return list(names)  # no group named: no need to read every task for the folder groups
    groups = list_groups(root)
    expanded: list[str] = []

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in tasks:
            if name not in expanded:
                expanded.append(name)
            return
        group = groups.get(name)
        if group is None and not trail:
            found = tasks_at_path(name, root)
            if found is not None:
                expanded.extend(task for task in found if task not in expanded)
                return
        if group is None:
            known = [*tasks, *groups]
            inside = f" (a member of group {trail[-1]!r}, {groups[trail[-1]].path})" if trail else ""
            if not trail and Path(name).exists():
                inside += f" (for the file or folder here, write ./{name})"
            elif not trail and looks_like_path(name):
                inside += " nor a task file or suite folder at that path"
            raise TaskError(
                f"no task named {name!r} nor a group{inside}{did_you_mean(name, known)}; "
                f"known groups: {', '.join(groups)}; known tasks: {', '.join(tasks)}"
            )
        if name in trail:
            raise TaskError(f"task groups form a cycle: {' -> '.join((*trail[trail.index(name) :], name))}")
        for member in group.tasks:
            visit(member, (*trail, name))

    for name in names:
        visit(name, ())
    return expanded


def tasks_at_path(name: str, root: Path | None = None) -> list[str] | None:
    """The tasks a path stands for: a task file (``.yaml`` optional), or a suite folder (the task
    files beneath it, ``_*.yaml`` excepted, in ToolBench's group order); None when ``name`` is no
    such path. A folder under the registry root gives the registered names."""
    single = task_file_at(name)
    if single is not None:
        return [task_name_of(single, root)]
    folder = Path(name)
    if ("/" not in name and not name.startswith(".")) or not folder.is_dir():
        return None
    files = sorted(p for p in folder.rglob("*.yaml") if not p.name.startswith("_") and p.name != GROUPS_FILE)
    if not files:
        raise TaskError(f"{folder}: a suite folder holds task files (<group>.yaml); there are none here")
    ordered = sorted((get_task(task_name_of(p, root), root) for p in files), key=_group_order)
    return [task.name for task in ordered]


def groups_of(task: str, groups: dict[str, TaskGroup]) -> list[str]:
    """The groups whose expansion includes ``task`` (directly or through nested groups)."""
    found = []
    for name in groups:
        try:
            members = _members(name, groups, ())
        except TaskError:
            continue
        if task in members:
            found.append(name)
    return found


def _members(name: str, groups: dict[str, TaskGroup], trail: tuple[str, ...]) -> set[str]:
    if name not in groups:
        return {name}
    if name in trail:
        raise TaskError(f"task groups form a cycle through {name!r}")
    return {task for member in groups[name].tasks for task in _members(member, groups, (*trail, name))}
