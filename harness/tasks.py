"""The task registry: one YAML file per task under ``tasks/``.

A task's name is its path under ``tasks/`` without ``.yaml`` (``stabletoolbench/G1_instruction``).
Tasks over third-party data name the files they need relative to a data folder that the user gives
(``--data-dir`` or an environment variable); nothing third-party is shipped with the harness.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from harness.toolbench.queries import read_query_file
from harness.types.query import Query
from harness.util.errors import one_line

GROUPS = ("G1_instruction", "G1_category", "G1_tool", "G2_instruction", "G2_category", "G3_instruction")


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


class TaskSpec(BaseModel):
    """A task definition (one YAML file)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    group: str
    version: str
    description: str = ""
    source: QuerySource
    env: ToolEnvSpec = Field(default_factory=ToolEnvSpec)
    judge: str = "toolbench"
    path: Path | None = Field(default=None, exclude=True)

    def data_dir(self, explicit: Path | None = None) -> Path:
        """The folder the query paths are relative to; a clear error when none is known."""
        if explicit is not None:
            return explicit
        for variable in self.source.data_dir_env:
            value = os.environ.get(variable)
            if value:
                return Path(value)
        if not self.source.data_dir_env and self.path is not None:
            return self.path.parent
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

    def data_hash(self, data_dir: Path | None = None) -> str:
        """SHA-256 over the task definition and the bytes of its data files."""
        digest = hashlib.sha256(self.model_dump_json().encode())
        for path in self.files(data_dir):
            if path is not None:
                digest.update(path.read_bytes())
        return digest.hexdigest()


def tasks_root() -> Path:
    """``$HARNESS_TASKS_DIR``, else the ``tasks/`` folder beside the installed package."""
    env = os.environ.get("HARNESS_TASKS_DIR")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "tasks"


def _load(path: Path, root: Path) -> TaskSpec:
    expected = path.relative_to(root).with_suffix("").as_posix()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        spec = TaskSpec.model_validate(data)
    except (yaml.YAMLError, ValidationError) as exc:
        raise TaskError(f"{path}: not a valid task file ({one_line(exc)})") from exc
    if spec.name != expected:
        raise TaskError(f"{path}: its name is {spec.name!r} but its path says {expected!r}")
    spec.path = path
    return spec


def list_tasks(root: Path | None = None) -> list[TaskSpec]:
    """Every task under the registry root, by name."""
    base = root or tasks_root()
    return sorted((_load(p, base) for p in base.rglob("*.yaml") if not p.name.startswith("_")), key=lambda t: t.name)


def get_task(name: str, root: Path | None = None) -> TaskSpec:
    """One task by name; an unknown name lists the known ones."""
    base = root or tasks_root()
    path = base / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(t.name for t in list_tasks(base))
        raise TaskError(f"no task named {name!r}; known tasks: {known}")
    return _load(path, base)
