"""Importing ToolBench's files into the store: a folder of answer files (``harness import toolbench``)
or ToolEval's converted predictions (``harness import converted``), each as one run."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from harness import __version__
from harness.store import EpisodeConflict, EpisodeOutcome, StoreWriter
from harness.toolbench.answers import AnswerFileError, read_answer_file
from harness.toolbench.converted import ConvertedAnswer, read_converted, trajectory_from_converted
from harness.types.trajectory import Trajectory

_GROUP_DIR = re.compile(r"^(G\d)_answer$")


@dataclass
class ImportReport:
    """What an import did; ``problems`` holds one line per file that was not imported."""

    run_id: str
    added: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def import_run_id(name: str) -> str:
    """Imported runs are identified by their name: importing into it again extends the same run."""
    return hashlib.sha256(f"import:{name}".encode()).hexdigest()[:16]


def infer_group(answers_dir: Path) -> str | None:
    """``G1_answer`` -> ``G1``; StableToolBench's ``G1_instruction`` folders name their group."""
    name = answers_dir.name
    match = _GROUP_DIR.match(name)
    if match:
        return match.group(1)
    return name if re.match(r"^G\d_\w+$", name) else None


def _sort_key(path: Path) -> tuple[int, str]:
    head = path.name.split("_", 1)[0]
    return (int(head) if head.isdigit() else 1 << 62, path.name)


def list_answer_files(answers_dir: Path) -> list[Path]:
    """The answer files of a folder, by query id; an error when there are none."""
    if not answers_dir.is_dir():
        raise FileNotFoundError(f"{answers_dir}: no such folder of answer files")
    files = sorted(answers_dir.glob("*.json"), key=_sort_key)
    if not files:
        raise FileNotFoundError(f"{answers_dir}: holds no <query_id>_<method>.json answer files")
    return files


def import_toolbench_answers(
    answers_dir: Path, name: str, writer: StoreWriter, group: str | None = None
) -> ImportReport:
    """Import every ``*.json`` answer file under ``answers_dir`` (not recursive) into run ``name``.

    Each file is one episode, stored in its own transaction: a bad file is reported and skipped,
    and never leaves part of itself behind. Files already imported are recognised and skipped.
    """
    files = list_answer_files(answers_dir)
    group = group or infer_group(answers_dir)
    run_id = import_run_id(name)
    spec = {"source": "toolbench-answers", "answers_dir": str(answers_dir.resolve()), "group": group}
    writer.ensure_run(run_id, name, "import", spec, __version__)
    report = ImportReport(run_id=run_id)
    with writer.batch():
        for path in files:
            try:
                traj = read_answer_file(path)
            except AnswerFileError as exc:  # its message already names the file
                report.problems.append(str(exc))
                continue
            store_episode(writer, report, traj, group, str(path))
    return report


def import_converted_file(path: Path, name: str, group: str, writer: StoreWriter) -> ImportReport:
    """Import every entry of a converted file into run ``name`` under ``group``. A bad entry is
    reported and skipped; entries already imported are recognised and skipped."""
    return _import_entries(path, read_converted(path), name, group, writer)


def _import_entries(
    path: Path, entries: dict[str, ConvertedAnswer], name: str, group: str, writer: StoreWriter
) -> ImportReport:
    run_id = import_run_id(name)
    spec = {"source": "toolbench-converted", "file": str(path.resolve()), "group": group}
    writer.ensure_run(run_id, name, "import", spec, __version__)
    report = ImportReport(run_id=run_id)
    with writer.batch():
        for position, (query_id, entry) in enumerate(entries.items()):
            try:
                traj = trajectory_from_converted(query_id, entry)
            except ValueError as exc:
                report.problems.append(f"{path}: query {query_id}: {exc}")
                continue
            traj.extra["source_position"] = position  # an export writes the file's order back
            store_episode(writer, report, traj, group, str(path))
    return report


def import_answers_into(db_path: Path, answers_dir: Path, name: str, group: str | None = None) -> ImportReport:
    """``import_toolbench_answers`` into the database at ``db_path``; a folder without answer files
    is an error before the database is created or touched."""
    list_answer_files(answers_dir)
    with StoreWriter(db_path) as writer:
        return import_toolbench_answers(answers_dir, name, writer, group=group)


def import_converted_into(db_path: Path, path: Path, name: str, group: str | None = None) -> ImportReport:
    """``import_converted_file`` into the database at ``db_path`` (``group`` defaults to the file's
    name, as ToolEval names converted files by group); a file that is not a converted file is an
    error before the database is created or touched."""
    entries = read_converted(path)
    with StoreWriter(db_path) as writer:
        return _import_entries(path, entries, name, group or path.stem, writer)


def store_episode(writer: StoreWriter, report: ImportReport, traj: Trajectory, group: str | None, source: str) -> None:
    """Store one imported episode and count it; one that conflicts with a stored episode is reported."""
    try:
        outcome = writer.add_episode(report.run_id, traj, group=group, source_file=source)
    except EpisodeConflict as exc:
        report.problems.append(f"{source}: {exc}")
        return
    if outcome is EpisodeOutcome.ADDED:
        report.added += 1
    else:
        report.unchanged += 1
