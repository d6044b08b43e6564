"""Importing a folder of ToolBench answer files as one run."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from harness import __version__
from harness.store import EpisodeConflict, EpisodeOutcome, StoreWriter
from harness.toolbench.answers import AnswerFileError, read_answer_file
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
