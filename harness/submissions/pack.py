"""``harness submit``: pack a stored run as a reproduced submission folder."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from harness.store import StoreError
from harness.store.judgments import read_scores
from harness.store.reader import run_summary
from harness.submissions.format import EPISODES_DIR, FORMAT_VERSION, NAME_PATTERN, SUBMISSION_FILE
from harness.submissions.ingest import staged
from harness.submissions.paths import file_sha256, folder_files
from harness.submissions.problems import SubmissionError
from harness.tasks import get_task
from harness.toolbench.exporting import export_run
from harness.types.runspec import RunSpec, retriever_label
from harness.util.files import write_text_atomic


@dataclass
class PackOptions:
    """What a run does not know about itself."""

    organisation: str
    date: dt.date = field(default_factory=dt.date.today)
    title: str = ""
    setup: str = ""
    retriever: str | None = None  # default: from the run's spec
    links: list[tuple[str, str]] = field(default_factory=list)  # (title, url)


def _claims(db: Path, run: str) -> list[dict[str, Any]]:
    """The run's stored scores that stand on the run alone (win rates need their reference run)."""
    claims = []
    for row in read_scores(db, [run]):
        if row["reference"]:
            continue
        claims.append(
            {
                "judge": row["judge"],
                "metric": row["metric"],
                "group": row["group"],
                "value": row["value"],
                "ci_low": row["ci_low"],
                "ci_high": row["ci_high"],
                "n": row["n"],
                "details": row["details"] or {},
            }
        )
    return claims


def describe(db: Path, run: str, name: str, options: PackOptions, data_dir: Path | None) -> dict[str, Any]:
    """The submission.yaml of run ``run`` (files not yet listed)."""
    summary = run_summary(db, run)
    if summary["source"] != "run":
        raise StoreError(
            f"run {run!r} was {summary['source']}ed, not made by `harness run`; only harness runs can be "
            "submitted as reproduced results"
        )
    spec = RunSpec.model_validate(summary["spec"])
    tasks = [get_task(t) for t in spec.tasks]
    if spec.limit is not None and any(spec.limit < len(t.load_queries(data_dir)) for t in tasks):
        raise StoreError(
            f"run {run!r} stopped after {spec.limit} queries per task (--limit); a submission answers every "
            "test query: run the tasks without --limit"
        )
    suites = sorted({t.name.split("/", 1)[0] for t in tasks})
    if len(suites) != 1:
        raise StoreError(f"run {run!r} spans several suites ({', '.join(suites)}); a submission covers one suite")
    return {
        "format": FORMAT_VERSION,
        "name": name,
        "kind": "reproduced",
        "title": options.title or f"{spec.model} with {spec.strategy} on {suites[0]}",
        "organisation": options.organisation,
        "date": options.date.isoformat(),
        "harness_version": spec.harness_version,
        "suite": suites[0],
        "tasks": [
            {
                "name": t.name,
                "version": t.version,
                "data_hash": t.data_hash(data_dir),
                "queries": len(t.load_queries(data_dir)),
            }
            for t in tasks
        ],
        "links": [{"title": title, "url": url} for title, url in options.links],
        "setup": options.setup,
        "model": spec.model,
        "strategy": spec.strategy,
        "retriever": options.retriever or retriever_label(summary["spec"]) or "none",
        "run": {"name": run, "run_id": summary["run_id"], "spec": summary["spec"]},
        "scores": _claims(db, run),
    }


def pack_run(db: Path, run: str, out: Path, options: PackOptions, data_dir: Path | None = None) -> Path:
    """Write the submission folder ``out`` for ``run`` and validate it; nothing is left behind when
    packing or validation fails. ``out`` must not exist yet."""
    if out.exists() or out.is_symlink():
        raise FileExistsError(f"{out} already exists; choose a new --out folder (its name is the submission's name)")
    if not re.match(NAME_PATTERN, out.name):
        raise ValueError(f"{out.name!r} cannot name a submission; use letters, digits, '.', '_' and '-'")
    description = describe(db, run, out.name, options, data_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".pack-", dir=out.parent))
    try:
        folder = scratch / out.name
        export_run(db, run, folder / EPISODES_DIR)
        files, _ = folder_files(folder)
        description["files"] = {f: file_sha256(folder / f) for f in files}
        write_text_atomic(folder / SUBMISSION_FILE, yaml.safe_dump(description, sort_keys=False, allow_unicode=True))
        with staged(folder, data_dir) as (checked, _, problems):
            if problems or checked is None:
                raise SubmissionError(problems)
        folder.rename(out)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return out
