"""``harness submissions validate`` and ``harness submissions ingest``."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import yaml

from harness.bundled import bundled_submissions
from harness.store import StoreError, StoreWriter
from harness.store.transfer import replace_runs
from harness.submissions.checks import CheckedSubmission, check_submission
from harness.submissions.format import SUBMISSION_FILE
from harness.submissions.problems import Problem
from harness.submissions.stage import stage, staged_digest


class Outcome(StrEnum):
    """What happened to one submission."""

    VALID = "valid"  # validate only
    ADDED = "added"
    REPLACED = "replaced"  # an earlier version of the same submission was replaced
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


@dataclass
class SubmissionResult:
    """One submission's outcome, its runs and its problems."""

    folder: Path
    outcome: Outcome
    runs: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def submissions_root() -> Path:
    """``$HARNESS_SUBMISSIONS_DIR``, else the submissions bundled with the harness."""
    env = os.environ.get("HARNESS_SUBMISSIONS_DIR")
    return Path(env) if env else bundled_submissions()


def _holds_submissions(folder: Path) -> bool:
    return any((child / SUBMISSION_FILE).is_file() for child in folder.iterdir() if child.is_dir())


def discover(paths: list[Path]) -> list[Path]:
    """Submission folders. With no paths, every folder under ``submissions_root()``. A given path is
    a folder of submissions when any of its sub-folders holds a ``submission.yaml`` (then each
    sub-folder is one, so one that lacks its YAML is reported rather than skipped); otherwise it is
    a submission itself."""
    if not paths:
        root = submissions_root()
        if not root.is_dir():
            raise FileNotFoundError(f"{root}: no such folder of submissions (check $HARNESS_SUBMISSIONS_DIR)")
        return [p for p in sorted(root.iterdir()) if (p.is_dir() or p.is_symlink()) and not p.name.startswith(".")]
    found: list[Path] = []
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise FileNotFoundError(f"{path}: no such submission folder")
        if path.is_symlink() or not path.is_dir() or (path / SUBMISSION_FILE).exists() or not _holds_submissions(path):
            found.append(path)
            continue
        found.extend(p for p in sorted(path.iterdir()) if (p.is_dir() or p.is_symlink()) and not p.name.startswith("."))
    return found


@contextlib.contextmanager
def staged(folder: Path, data_dir: Path | None) -> Iterator[tuple[CheckedSubmission | None, Path, list[Problem]]]:
    """Check ``folder`` and stage it into a scratch database; yields (submission, scratch path, problems)."""
    checked, problems = check_submission(folder, data_dir)
    with tempfile.TemporaryDirectory(prefix="harness-stage-") as tmp:
        scratch = Path(tmp) / "staged.duckdb"
        if checked is not None:
            with StoreWriter(scratch) as writer:
                problems = stage(writer, checked, data_dir)
        yield checked, scratch, problems


def validate_submissions(paths: list[Path], data_dir: Path | None = None) -> list[SubmissionResult]:
    """Check and re-score every submission under ``paths``; nothing is written anywhere."""
    results = []
    for folder in discover(paths):
        with staged(folder, data_dir) as (checked, _, problems):
            outcome = Outcome.REJECTED if problems or checked is None else Outcome.VALID
            results.append(SubmissionResult(folder, outcome, problems=problems))
    return results


def _previous(writer: StoreWriter, name: str) -> dict[str, str | None]:
    """Run id -> staged digest of every run an earlier ingest of submission ``name`` left."""
    with writer.transaction() as conn:
        rows = conn.execute(
            "SELECT run_id, spec FROM runs WHERE source = 'submission' AND json_extract_string(spec, "
            "'$.submission.name') = ?",
            [name],
        ).fetchall()
    return {str(run_id): staged_digest(json.loads(spec) if isinstance(spec, str) else spec) for run_id, spec in rows}


def _ingest_one(writer: StoreWriter, folder: Path, data_dir: Path | None) -> SubmissionResult:
    with staged(folder, data_dir) as (checked, scratch, problems):
        if checked is None or problems:
            return SubmissionResult(folder, Outcome.REJECTED, problems=problems)
        previous = _previous(writer, checked.meta.name)
        if previous and set(previous.values()) == {checked.digest}:
            return SubmissionResult(folder, Outcome.UNCHANGED)
        try:
            runs = replace_runs(writer, scratch, sorted(previous))
        except StoreError as exc:
            return SubmissionResult(folder, Outcome.REJECTED, problems=[Problem(str(folder), "name", str(exc))])
        return SubmissionResult(folder, Outcome.REPLACED if previous else Outcome.ADDED, runs)


def ingest_submissions(paths: list[Path], db: Path, data_dir: Path | None = None) -> list[SubmissionResult]:
    """Validate every submission under ``paths`` and load each valid one whole into ``db``; a
    submission with any problem loads nothing. A submission ingested before is replaced when its
    content changed and left alone when it did not."""
    folders = discover(paths)
    results = []
    with StoreWriter(db) as writer:
        for folder in folders:
            results.append(_ingest_one(writer, folder, data_dir))
    return results


def reported_folders(root: Path | None = None) -> list[Path]:
    """The submissions under ``root`` (default ``submissions_root()``) that say ``kind: reported``."""
    found: list[Path] = []
    base = root or submissions_root()
    if not base.is_dir():
        return found
    for folder in discover([base]):
        path = folder / SUBMISSION_FILE
        if folder.is_symlink() or path.is_symlink() or not path.is_file():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
            continue
        if isinstance(data, dict) and data.get("kind") == "reported":
            found.append(folder)
    return found
