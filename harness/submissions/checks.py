"""Static checks of a submission folder: the YAML, the files and their hashes, the tasks, and (for
reproduced submissions) that the episodes answer every test query exactly once.

Nothing here writes anything; re-scoring happens when the submission is staged (``stage.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from harness.runner.plan import TaskQueries, data_hash
from harness.submissions.episodes import check_episodes
from harness.submissions.format import EPISODES_DIR, SUBMISSION_FILE, Submission
from harness.submissions.paths import MAX_FILE_BYTES, check_relative, file_sha256, folder_files
from harness.submissions.problems import Problem, validation_problems
from harness.submissions.reported import check_reported
from harness.tasks import TaskError, TaskSpec, get_task
from harness.types.runspec import RunSpec
from harness.types.trajectory import Trajectory

README_FILE = "README.md"


@dataclass
class CheckedSubmission:
    """A submission whose static checks passed: its metadata, tasks and episodes."""

    folder: Path
    meta: Submission
    digest: str  # sha256 of submission.yaml, which holds the hash of every other file
    tasks: list[TaskSpec]
    episodes: dict[str, list[Trajectory]] = field(default_factory=dict)  # by group


class _Collector:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[Problem] = []

    def name(self, relative: str) -> str:
        return str(self.folder / relative) if relative else str(self.folder)

    def add(self, relative: str, where: str, message: str) -> None:
        self.problems.append(Problem(self.name(relative), where, message))


def _load_yaml(folder: Path, out: _Collector) -> dict[str, Any] | None:
    path = folder / SUBMISSION_FILE
    if path.is_symlink() or not path.is_file():
        out.add(SUBMISSION_FILE, "", "is missing; every submission folder needs one (see submissions/README.md)")
        return None
    if path.stat().st_size > MAX_FILE_BYTES:
        out.add(SUBMISSION_FILE, "", "is too large to be a submission description")
        return None
    try:
        # safe_load builds plain data only: tags that would construct Python objects are refused.
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}" if mark is not None else ""
        out.add(SUBMISSION_FILE, where, f"not valid YAML or not plain data ({exc.problem or exc.context})")
        return None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        out.add(SUBMISSION_FILE, "", f"not valid UTF-8 YAML ({type(exc).__name__})")
        return None
    except RecursionError:  # PyYAML composes nested collections recursively
        out.add(SUBMISSION_FILE, "", "nested too deeply to read")
        return None
    if not isinstance(data, dict):
        out.add(SUBMISSION_FILE, "", "must be a mapping of fields (format, name, kind, ...)")
        return None
    return data


def _check_files(meta: Submission, present: list[str], out: _Collector) -> list[str]:
    """Listed files exist with their hashes; nothing unlisted lies beside them. Returns the good ones."""
    good = []
    for relative, expected in meta.files.items():
        reason = check_relative(relative)
        if reason is not None:
            out.add(SUBMISSION_FILE, f"files[{relative!r}]", f"the path {reason}")
            continue
        path = out.folder / relative
        if relative not in present:
            out.add(relative, "", "is listed in submission.yaml 'files' but is missing (or is a link)")
            continue
        try:
            actual = file_sha256(path)
        except (OSError, ValueError) as exc:
            out.add(relative, "", f"cannot be read: {exc}")
            continue
        if actual != expected:
            out.add(relative, "", f"sha256 is {actual} but submission.yaml 'files' says {expected}; repack it")
            continue
        good.append(relative)
    allowed = {SUBMISSION_FILE, README_FILE, *meta.files}
    for relative in present:
        if relative not in allowed:
            kind = "a reported submission holds only submission.yaml" if meta.kind == "reported" else "list it"
            out.add(relative, "", f"is not listed in submission.yaml 'files' ({kind}; remove stray files)")
    return good


def _check_tasks(meta: Submission, data_dir: Path | None, out: _Collector) -> list[TaskSpec]:
    tasks: list[TaskSpec] = []
    groups: set[str] = set()
    for index, ref in enumerate(meta.tasks):
        where = f"tasks[{index}]"
        if ref.name.split("/", 1)[0] != meta.suite:
            out.add(SUBMISSION_FILE, f"{where}.name", f"{ref.name!r} is not a task of suite {meta.suite!r}")
            continue
        try:
            task = get_task(ref.name)
        except TaskError as exc:
            out.add(SUBMISSION_FILE, f"{where}.name", str(exc))
            continue
        if task.version != ref.version:
            out.add(
                SUBMISSION_FILE,
                f"{where}.version",
                f"{ref.version!r} but the registered task {task.name} is version {task.version!r}; "
                "results on another version of a task cannot be compared",
            )
            continue
        if task.group in groups:
            out.add(SUBMISSION_FILE, f"{where}.name", f"a second task for group {task.group}")
            continue
        groups.add(task.group)
        if ref.data_hash is not None:
            try:
                current = task.data_hash(data_dir)
            except TaskError as exc:
                out.add(SUBMISSION_FILE, f"{where}.data_hash", f"cannot check: {exc}")
                continue
            if current != ref.data_hash:
                out.add(
                    SUBMISSION_FILE,
                    f"{where}.data_hash",
                    f"the task's files hash to {current[:12]}..., not {ref.data_hash[:12]}...: "
                    "the run was made on other data",
                )
                continue
        tasks.append(task)
    return tasks


def _query_count(task: TaskSpec, data_dir: Path | None) -> int:
    try:
        return len(task.load_queries(data_dir))
    except TaskError:
        return 0  # the episode checks report the missing data


def _check_run(meta: Submission, tasks: list[TaskSpec], data_dir: Path | None, out: _Collector) -> None:
    """The stored RunSpec is intact and agrees with the metadata."""
    assert meta.run is not None
    try:
        spec = RunSpec.model_validate(meta.run.spec)
    except ValidationError as exc:
        out.problems.extend(validation_problems(out.name(SUBMISSION_FILE), exc))
        return
    if spec.run_id != meta.run.run_id:
        out.add(SUBMISSION_FILE, "run.run_id", f"{meta.run.run_id} is not the hash of run.spec ({spec.run_id})")
    agreements = {
        "model": (spec.model, meta.model),
        "strategy": (spec.strategy, meta.strategy),
        "harness_version": (spec.harness_version, meta.harness_version),
        "tasks": (spec.tasks, [t.name for t in meta.tasks]),
    }
    for name, (in_spec, said) in agreements.items():
        if in_spec != said:
            out.add(SUBMISSION_FILE, name, f"{said!r} but run.spec says {in_spec!r}")
    if spec.limit is not None and any(spec.limit < _query_count(t, data_dir) for t in tasks):
        out.add(
            SUBMISSION_FILE,
            "run.spec.limit",
            f"the run stopped after {spec.limit} queries per task; "
            "a submission answers every test query (run without --limit)",
        )
    if len(tasks) == len(meta.tasks):
        try:
            current = data_hash([TaskQueries(task, []) for task in tasks], data_dir)
        except TaskError as exc:
            out.add(SUBMISSION_FILE, "run.spec.task_data_hash", f"cannot check: {exc}")
            return
        if current != spec.task_data_hash:
            out.add(
                SUBMISSION_FILE,
                "run.spec.task_data_hash",
                "the run was made on other task data than the registered tasks hold now",
            )


def check_submission(folder: Path, data_dir: Path | None = None) -> tuple[CheckedSubmission | None, list[Problem]]:
    """Every static check of one submission folder; (the checked submission, []) or (None, problems)."""
    out = _Collector(folder)
    if folder.is_symlink():
        out.add("", "", "is a symbolic link; submissions are plain folders")
        return None, out.problems
    if not folder.is_dir():
        out.add("", "", "is not a folder; pass a submission folder (holding submission.yaml)")
        return None, out.problems
    present, layout = folder_files(folder)
    for relative, message in layout:
        out.add(relative, "", message)
    data = _load_yaml(folder, out)
    if data is None:
        return None, out.problems
    try:
        meta = Submission.model_validate(data)
    except ValidationError as exc:
        out.problems.extend(validation_problems(out.name(SUBMISSION_FILE), exc))
        return None, out.problems
    if meta.name != folder.name:
        out.add(SUBMISSION_FILE, "name", f"{meta.name!r} must equal the folder's name {folder.name!r}")
    good_files = _check_files(meta, present, out)
    tasks = _check_tasks(meta, data_dir, out)
    checked = CheckedSubmission(folder, meta, file_sha256(folder / SUBMISSION_FILE), tasks)
    if meta.kind == "reported":
        for where, message in check_reported(meta, tasks):
            out.add(SUBMISSION_FILE, where, message)
    elif len(tasks) == len(meta.tasks):
        _check_run(meta, tasks, data_dir, out)
        if len(good_files) == len(meta.files):
            episodes, problems = check_episodes(folder, EPISODES_DIR, sorted(good_files), tasks, data_dir)
            out.problems.extend(problems)
            checked.episodes = episodes
    return (None, out.problems) if out.problems else (checked, [])
