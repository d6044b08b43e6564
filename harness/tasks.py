"""The task registry: one YAML file per task under ``tasks/``.

A task's name is its path under ``tasks/`` without ``.yaml`` (``stabletoolbench/G1_instruction``);
a task file anywhere else is used by its path and named by its absolute path (``task_name_of``);
files whose name starts with ``_`` are shared parts that tasks ``include:`` (see ``harness.task_yaml``),
not tasks. Tasks over third-party data name the files they need relative to a data folder that the
user gives (``--data-dir`` or an environment variable); nothing third-party is shipped with the harness.
A task may carry ``defaults:`` (strategy, limits, judge, votes) that runs and evaluations use when the
user does not say otherwise.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from harness.bundled import bundled_tasks
from harness.task_yaml import TaskFileError, read_task_yaml
from harness.toolbench.groups import GROUPS as GROUPS  # re-exported: its old home
from harness.toolbench.queries import read_query_file
from harness.types.query import Query
from harness.util.errors import one_line

# The fields a task had before ``defaults:`` existed: the data hash covers exactly these, so adding
# defaults to a task (or new optional fields to the schema) keeps every run id and submission hash.
HASHED_FIELDS = ("name", "group", "version", "description", "source", "env", "judge")
Value = TypeVar("Value")


class TaskError(ValueError):
    """A task that cannot be found or loaded; the message says what to do."""


class TaskDataMissing(TaskError):
    """The task's data folder or one of its files is not there; ``short`` says which, briefly."""

    def __init__(self, message: str, short: str) -> None:
        super().__init__(message)
        self.short = short


class QuerySource(BaseModel):
    """Where a task's queries come from."""

    model_config = ConfigDict(extra="forbid")

    format: str = "toolbench-queries"
    queries: str  # relative to the data folder (or to the task file when data_dir_env is empty)
    test_ids: str | None = None
    data_dir_env: list[str] = Field(default_factory=list)
    download: str = ""  # what to fetch, where from, and where to put it


class ToolEnvSpec(BaseModel):
    """The tool environment a task runs against by default."""

    model_config = ConfigDict(extra="allow")

    backend: str = "local"


class TaskLimits(BaseModel):
    """Episode limits a task sets by default; each applies to any strategy (``-S`` wins)."""

    model_config = ConfigDict(extra="forbid")

    max_depth: int | None = Field(default=None, ge=1)
    max_calls: int | None = Field(default=None, ge=1)
    wall_time_s: float | None = Field(default=None, gt=0)


class TaskDefaults(BaseModel):
    """What ``harness run`` and ``harness eval`` use for this task when the user does not say."""

    model_config = ConfigDict(extra="forbid")

    strategy: str | None = None
    # Arguments of the default strategy only (``width`` for dfsdt); ignored when the user picks another.
    strategy_args: dict[str, str | int | float | bool] = Field(default_factory=dict)
    limits: TaskLimits = Field(default_factory=TaskLimits)
    judge: str | None = None  # same as the task's top-level ``judge:``
    procedure: str | None = None
    votes: int | None = Field(default=None, ge=1)

    def run_arguments(self, strategy: str) -> dict[str, str]:
        """The ``-S`` values this task implies for a run with ``strategy``, as the user would type them."""
        args = {k: str(v) for k, v in self.limits.model_dump(exclude_none=True).items()}
        if self.strategy is not None and self.strategy.lower() == strategy.lower():
            args.update({k: str(v) for k, v in self.strategy_args.items()})
        return args


class TaskSpec(BaseModel):
    """A task definition (one YAML file and what it includes)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    group: str
    version: str
    description: str = ""
    source: QuerySource
    env: ToolEnvSpec = Field(default_factory=ToolEnvSpec)
    judge: str = "toolbench"
    defaults: TaskDefaults = Field(default_factory=TaskDefaults)
    path: Path | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _one_default_judge(self) -> TaskSpec:
        # ``judge:`` predates ``defaults:``; both name the default judge, and readers use ``judge``.
        chosen = self.defaults.judge
        if chosen is not None:
            if "judge" in self.model_fields_set and self.judge != chosen:
                raise ValueError(f"judge {self.judge!r} and defaults.judge {chosen!r} disagree; keep one")
            self.judge = chosen
        self.defaults.judge = self.judge
        return self

    def data_dir(self, explicit: Path | None = None) -> Path:
        """The folder the query paths are relative to; a clear error when none is known. ``explicit``
        (``--data-dir``) is for tasks over third-party data (``source.data_dir_env`` set); a task whose
        data sits beside its file always reads it there, so one run can mix both kinds."""
        if not self.source.data_dir_env and self.path is not None:
            return self.path.parent
        if explicit is not None:
            return explicit
        for variable in self.source.data_dir_env:
            value = os.environ.get(variable)
            if value:
                return Path(value)
        names = " or ".join(self.source.data_dir_env) or "--data-dir"
        raise TaskDataMissing(
            f"{self.name} needs its data folder: {self.source.download} Then pass --data-dir DIR or set {names}.",
            short="no data folder given",
        )

    def files(self, data_dir: Path | None = None) -> tuple[Path, Path | None]:
        """(query file, test-id file or None), checked to exist."""
        base = self.data_dir(data_dir)
        if not base.is_dir():
            raise TaskDataMissing(
                f"{self.name}: data folder {base} does not exist. {self.source.download}",
                short=f"no folder {base}",
            )
        for relative in (self.source.queries, self.source.test_ids):
            if relative is not None and not (base / relative).is_file():
                raise TaskDataMissing(
                    f"{self.name}: {base / relative} is missing; expected {relative!r} under the data folder "
                    f"{base}. {self.source.download}",
                    short=f"missing {relative}",
                )
        return base / self.source.queries, base / self.source.test_ids if self.source.test_ids else None

    def availability(self, data_dir: Path | None = None) -> str:
        """A short status for listings: the query count, or which file or folder is missing."""
        try:
            return f"{len(self.load_queries(data_dir))} queries"
        except TaskDataMissing as exc:
            return exc.short
        except TaskError as exc:
            return f"unreadable: {str(exc).split(': ', 1)[-1]}"

    def load_queries(self, data_dir: Path | None = None) -> list[Query]:
        """The task's queries, test split applied."""
        queries, ids = self.files(data_dir)
        try:
            return read_query_file(queries, group=self.group, ids_path=ids)
        except ValueError as exc:
            raise TaskError(f"{self.name}: {exc}") from exc

    def definition_json(self) -> str:
        """The definition as the data hash reads it: the fields that say which data (not ``defaults``)."""
        return self.model_dump_json(include=set(HASHED_FIELDS))

    def data_hash(self, data_dir: Path | None = None) -> str:
        """SHA-256 over the task definition and the bytes of its data files."""
        digest = hashlib.sha256(self.definition_json().encode())
        for path in self.files(data_dir):
            if path is not None:
                digest.update(path.read_bytes())
        return digest.hexdigest()


TASKS_DIR_ENV = "HARNESS_TASKS_DIR"  # replaces the bundled registry (a whole registry of one's own)
TASKS_PATH_ENV = "HARNESS_TASKS_PATH"  # folders that add to it, separated by os.pathsep (``--tasks-dir``)


def tasks_root() -> Path:
    """``$HARNESS_TASKS_DIR``, else the bundled registry (see :mod:`harness.bundled`)."""
    env = os.environ.get(TASKS_DIR_ENV)
    return Path(env) if env else bundled_tasks()


def extra_task_roots() -> list[Path]:
    """The user's task folders from ``$HARNESS_TASKS_PATH``, each checked to be a folder."""
    roots: list[Path] = []
    for entry in os.environ.get(TASKS_PATH_ENV, "").split(os.pathsep):
        if not entry.strip():
            continue
        folder = Path(entry).expanduser()
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            raise TaskError(
                f"task folder {folder} ({TASKS_PATH_ENV} or --tasks-dir) {what}; "
                "give a folder that holds task YAML files"
            )
        if folder not in roots:
            roots.append(folder)
    return roots


def task_roots() -> list[Path]:
    """Where task names are looked up, in order: the user's folders first (a task there overrides a
    bundled one of the same name), then ``tasks_root()``."""
    return [*extra_task_roots(), tasks_root()]


def add_task_dirs(folders: list[Path]) -> None:
    """Put ``--tasks-dir`` folders in front of ``$HARNESS_TASKS_PATH``, checked, for this process
    and the workers it starts."""
    if not folders:
        return
    current = [e for e in os.environ.get(TASKS_PATH_ENV, "").split(os.pathsep) if e.strip()]
    os.environ[TASKS_PATH_ENV] = os.pathsep.join([*(str(f.expanduser().resolve()) for f in folders), *current])
    extra_task_roots()


def root_of(path: Path, root: Path | None = None) -> Path:
    """The registry root ``path`` lies under (``root`` when given), else ``tasks_root()``."""
    if root is not None:
        return root
    resolved = path.resolve()
    for candidate in task_roots():
        if resolved.is_relative_to(candidate.resolve()):
            return candidate
    return tasks_root()


def _load(path: Path, root: Path) -> TaskSpec:
    outside = not path.resolve().is_relative_to(root.resolve())
    expected = task_name_of(path, root)
    try:
        data = read_task_yaml(path, set(TaskSpec.model_fields) - {"path"})
        if outside and isinstance(data, dict):
            # A task file outside the registry is named by where it is, whatever its ``name:`` says
            # (a copied suite keeps its original names); see ``task_name_of``.
            data = {**data, "name": expected}
        spec = TaskSpec.model_validate(data)
    except TaskFileError as exc:
        raise TaskError(str(exc)) from exc
    except ValidationError as exc:
        raise TaskError(f"{path}: not a valid task file ({one_line(exc)})") from exc
    if spec.name != expected:
        raise TaskError(f"{path}: its name is {spec.name!r} but its path says {expected!r}")
    spec.path = path.resolve() if outside else path
    return spec


def task_name_of(path: Path, root: Path | None = None) -> str:
    """The name a task file goes by: its path under the registry root without ``.yaml``
    (``sandbox/G1_instruction``; with no ``root``, under whichever registry folder holds it), or,
    for a file anywhere else, its absolute path without ``.yaml``.
    A run records that name, and its data hash covers the file and the data it reads, so a suite
    outside ``tasks/`` is reproducible from the same place; moved or edited, it is another run."""
    resolved, base = path.resolve(), root_of(path, root).resolve()
    if resolved.is_relative_to(base):
        return resolved.relative_to(base).with_suffix("").as_posix()
    return resolved.with_suffix("").as_posix()


def looks_like_path(name: str) -> bool:
    """Whether ``name`` can only be a path (absolute, ``./`` or ``../``, or a ``.yaml`` file name)."""
    return Path(name).is_absolute() or name.startswith(("./", "../")) or name.endswith(".yaml")


def task_file_at(name: str) -> Path | None:
    """The task file that ``name`` points to as a path (``/x/suite/G1_instruction`` or the same with
    ``.yaml``, absolute or relative to the working folder), when there is one."""
    if "/" not in name and "\\" not in name and not name.endswith(".yaml"):
        return None  # a bare word is a task or group name, never a file in the working folder
    for candidate in (Path(name), Path(f"{name}.yaml")):
        if candidate.suffix == ".yaml" and candidate.is_file() and not candidate.name.startswith("_"):
            return candidate
    return None


def task_files(root: Path | None = None) -> dict[str, Path]:
    """Every task's file by task name, without reading any (``_*.yaml`` are shared parts, not tasks).
    With no ``root``, the tasks of every registry folder (``task_roots()``), the user's winning."""
    if root is None:
        merged: dict[str, Path] = {}
        for base in reversed(task_roots()):
            merged.update(task_files(base))
        return dict(sorted(merged.items()))
    found = (p for p in root.rglob("*.yaml") if not p.name.startswith("_"))
    return {p.relative_to(root).with_suffix("").as_posix(): p for p in sorted(found)}


def list_tasks(root: Path | None = None) -> list[TaskSpec]:
    """Every task in the registry (``root`` alone when given), by name."""
    return sorted((_load(p, root_of(p, root)) for p in task_files(root).values()), key=lambda t: t.name)


def did_you_mean(name: str, known: list[str]) -> str:
    """``" (did you mean 'x'?)"`` when a known name is close to ``name``, else ``""``."""
    close = difflib.get_close_matches(name, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _direct(name: str, root: Path | None) -> Path | None:
    """The task file ``name`` names in the first registry folder that has it, without listing any."""
    if Path(name).is_absolute() or name.rsplit("/", 1)[-1].startswith("_"):
        return None
    for base in [root] if root is not None else task_roots():
        candidate = base / f"{name}.yaml"
        if candidate.is_file():
            return candidate
    return None


def get_task(name: str, root: Path | None = None) -> TaskSpec:
    """One task by name (in ``root``, else in every registry folder); an unknown name lists the known ones."""
    path = _direct(name, root)
    if path is None:
        known = task_files(root)
        elsewhere = task_file_at(name)
        if elsewhere is not None:
            return _load(elsewhere, root_of(elsewhere, root))
        at_path = " nor a task file at that path" if looks_like_path(name) else ""
        raise TaskError(
            f"no task named {name!r}{at_path}{did_you_mean(name, list(known))}; known tasks: {', '.join(known)}"
        )
    return _load(path, root_of(path, root))


def shared_default(
    tasks: list[TaskSpec], pick: Callable[[TaskSpec], Value | None], what: str, option: str
) -> Value | None:
    """The default the tasks agree on (tasks that set none do not vote); a one-line error naming the
    tasks and the option that settles it when they disagree."""
    chosen: dict[str, Value] = {}
    for task in tasks:
        value = pick(task)
        if value is not None:
            chosen[task.name] = value
    distinct: list[Any] = []
    for value in chosen.values():
        if value not in distinct:
            distinct.append(value)
    if len(distinct) > 1:
        shown = ", ".join(f"{name} {value}" for name, value in chosen.items())
        raise TaskError(f"the tasks have different default {what} ({shown}); pass {option}")
    return distinct[0] if distinct else None
