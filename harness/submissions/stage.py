"""Writing a checked submission into a results database.

Validation and ingestion both *stage* a submission: they write it into a fresh scratch database with
the ordinary writer, re-score it there with the deterministic judge (the same code as
``harness eval``), and compare what the submission claims with what came out. Ingestion then copies
the staged rows into the real database in one transaction, so a submission is loaded whole or not
at all.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from harness.store import StoreWriter
from harness.store.judgments import ScoreRow, VoteSet, replace_scores
from harness.submissions.checks import CheckedSubmission
from harness.submissions.format import AVERAGE, SUBMISSION_FILE, ReportedEntry, ReportedScores, Submission
from harness.submissions.problems import Problem
from harness.submissions.rescore import rescore_claims

REPORTED_HARNESS_VERSION = "reported"


def submission_run_id(name: str, entry: str = "") -> str:
    """A submission's runs are identified by the submission and entry names: re-ingesting a changed
    submission replaces the same runs."""
    return hashlib.sha256(f"submission:{name}:{entry}".encode()).hexdigest()[:16]


def entry_run_name(name: str, entry: str) -> str:
    """``<submission>/<entry id>`` for the rows of a reported table."""
    return f"{name}/{entry}"


def _about(meta: Submission, digest: str) -> dict[str, Any]:
    about: dict[str, Any] = {
        "name": meta.name,
        "kind": meta.kind,
        "title": meta.title,
        "organisation": meta.organisation,
        "date": meta.date.isoformat(),
        "links": [link.model_dump() for link in meta.links],
        "setup": meta.setup,
        "harness_version": meta.harness_version,
        "digest": digest,
    }
    if meta.source is not None:
        about["source"] = meta.source.model_dump()
    return about


def _spec(meta: Submission, digest: str, model: str, strategy: str, retriever: str) -> dict[str, Any]:
    return {
        "model": model,
        "strategy": strategy,
        "retriever": retriever,
        "suite": meta.suite,
        "tasks": [t.name for t in meta.tasks],
        "task_versions": {t.name: t.version for t in meta.tasks},
        "submission": _about(meta, digest),
    }


def _reported_rows(scores: ReportedScores, where: str) -> list[ScoreRow]:
    rows = []
    for group, percent in scores.values.items():
        details: dict[str, Any] = {"reported": True, "percent": percent, "source": where}
        if group in scores.std:
            details["std"] = scores.std[group] / 100.0
        if group == AVERAGE:
            details["macro"] = True
        if scores.note:
            details["note"] = scores.note
        rows.append(ScoreRow(group, percent / 100.0, None, None, scores.n.get(group, 0), details))
    return rows


def _stage_reported(writer: StoreWriter, checked: CheckedSubmission) -> list[str]:
    meta = checked.meta
    assert meta.source is not None
    ids = {entry.id: submission_run_id(meta.name, entry.id) for entry in meta.results}
    names = []
    entry: ReportedEntry
    for entry in meta.results:
        spec = _spec(meta, checked.digest, entry.model, entry.strategy, entry.retriever)
        spec["submission"]["entry"] = entry.id
        if entry.note:
            spec["submission"]["note"] = entry.note
        name = entry_run_name(meta.name, entry.id)
        writer.ensure_run(ids[entry.id], name, "submission", spec, meta.harness_version or REPORTED_HARNESS_VERSION)
        names.append(name)
    with writer.transaction() as conn:
        for entry in meta.results:
            for scores in entry.scores:
                reference = ids[scores.reference] if scores.reference else ""
                votes = VoteSet(ids[entry.id], scores.judge, scores.metric, reference)
                replace_scores(conn, votes, scores.metric, _reported_rows(scores, meta.source.where))
    return names


def _stage_reproduced(writer: StoreWriter, checked: CheckedSubmission, data_dir: Path | None) -> list[Problem]:
    meta = checked.meta
    assert meta.model is not None and meta.strategy is not None and meta.run is not None
    run_id = submission_run_id(meta.name)
    spec = _spec(meta, checked.digest, meta.model, meta.strategy, meta.retriever)
    spec["run"] = meta.run.model_dump()
    writer.ensure_run(run_id, meta.name, "submission", spec, meta.harness_version or "")
    writer.add_new_episodes(
        run_id,
        (
            (group, traj, f"{meta.name}/episodes/{group}")
            for group, episodes in checked.episodes.items()
            for traj in episodes
        ),
    )
    mismatches, kept = rescore_claims(writer, meta.name, checked, data_dir)
    with writer.transaction() as conn:
        for (judge, metric), claims in kept.items():
            rows = [
                ScoreRow(c.group, c.value, c.ci_low, c.ci_high, c.n, {**c.details, "claimed": True}) for c in claims
            ]
            replace_scores(conn, VoteSet(run_id, judge, metric), metric, rows)
    where = str(checked.folder / SUBMISSION_FILE)
    return [Problem(where, field, message) for field, message in mismatches]


def stage(writer: StoreWriter, checked: CheckedSubmission, data_dir: Path | None = None) -> list[Problem]:
    """Write ``checked`` through ``writer`` and re-score it; the problems re-scoring found."""
    if checked.meta.kind == "reported":
        _stage_reported(writer, checked)
        return []
    return _stage_reproduced(writer, checked, data_dir)


def staged_digest(spec: dict[str, Any] | str) -> str | None:
    """The submission digest a stored run was staged from (None for runs not from a submission)."""
    value = json.loads(spec) if isinstance(spec, str) else spec
    about = value.get("submission") if isinstance(value, dict) else None
    return about.get("digest") if isinstance(about, dict) else None
