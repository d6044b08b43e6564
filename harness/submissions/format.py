"""``submission.yaml``: what a submission says about itself.

A submission is one folder under ``submissions/``. A *reproduced* submission is a run made by this
harness: its metadata, its RunSpec, the hash of every episode file (ToolBench answer files plus
ToolEval's converted file per group, as ``harness export`` writes them) and the scores it claims. A
*reported* submission holds numbers published elsewhere (scores only, no episodes), each entry with
the model, strategy and retriever it describes and a citation of where the numbers were read.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

FORMAT_VERSION = 1
SUBMISSION_FILE = "submission.yaml"
EPISODES_DIR = "episodes"
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")

Kind = Literal["reproduced", "reported"]
AVERAGE = "average"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Link(_Strict):
    """A page about the result (paper, model card, code)."""

    title: str = Field(min_length=1)
    url: str

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+\S*$", value):
            raise ValueError("must be an http:// or https:// address")
        return value


class TaskRef(_Strict):
    """A task the submission answers, at the version (and data) it was run on."""

    name: str = Field(min_length=1)
    version: str = Field(min_length=1)
    data_hash: str | None = None  # TaskSpec.data_hash of the task's files when the run was made
    queries: int | None = Field(default=None, ge=0)


class RunInfo(_Strict):
    """The stored run a reproduced submission was packed from."""

    name: str = Field(min_length=1)
    run_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    spec: dict[str, Any]


class ClaimedScore(_Strict):
    """A score the submitter's database held for the run (values are fractions, 0..1)."""

    judge: str = Field(min_length=1)
    metric: str = Field(min_length=1)
    group: str = Field(min_length=1)
    value: float = Field(ge=0.0, le=1.0)
    ci_low: float | None = Field(default=None, ge=0.0, le=1.0)
    ci_high: float | None = Field(default=None, ge=0.0, le=1.0)
    n: int = Field(ge=0)
    details: dict[str, Any] = Field(default_factory=dict)


class SourceRef(_Strict):
    """Where reported numbers were read: the publication and the exact place in it."""

    citation: str = Field(min_length=1)
    url: str = Field(min_length=1)
    where: str = Field(min_length=1)


class ReportedScores(_Strict):
    """One metric of one reported entry: a value per group (and the average), in percent."""

    metric: Literal["pass_rate", "win_rate"]
    judge: str = Field(min_length=1)
    reference: str | None = None  # win rate: the id of the entry it was measured against
    values: dict[str, float]
    std: dict[str, float] = Field(default_factory=dict)  # a spread the source prints as "±"
    n: dict[str, int] = Field(default_factory=dict)
    note: str = ""

    @model_validator(mode="after")
    def _reference_for_win_rate(self) -> ReportedScores:
        if self.metric == "win_rate" and not self.reference:
            raise ValueError("a win_rate needs the id of its reference entry in 'reference'")
        if self.metric == "pass_rate" and self.reference:
            raise ValueError("only a win_rate has a 'reference'")
        return self


class ReportedEntry(_Strict):
    """One row of a published table: a model with a strategy (and retriever) and its scores."""

    id: str = Field(pattern=NAME_PATTERN)
    model: str = Field(min_length=1)
    strategy: str = Field(min_length=1)
    retriever: str = "none"
    scores: list[ReportedScores] = Field(min_length=1)
    note: str = ""


class Submission(_Strict):
    """The contents of ``submission.yaml``."""

    format: Literal[1]
    name: str = Field(pattern=NAME_PATTERN)
    kind: Kind
    title: str = ""
    organisation: str = Field(min_length=1)
    date: dt.date
    harness_version: str | None = None
    suite: str = Field(min_length=1)
    tasks: list[TaskRef] = Field(min_length=1)
    links: list[Link] = Field(default_factory=list)
    setup: str = ""  # the evaluation setup, in words (required for reported numbers)
    # reproduced
    model: str | None = None
    strategy: str | None = None
    retriever: str = "none"
    run: RunInfo | None = None
    files: dict[str, str] = Field(default_factory=dict)  # path under the folder -> sha256
    scores: list[ClaimedScore] = Field(default_factory=list)
    # reported
    source: SourceRef | None = None
    results: list[ReportedEntry] = Field(default_factory=list)

    @field_validator("files")
    @classmethod
    def _hashes(cls, files: dict[str, str]) -> dict[str, str]:
        for path, digest in files.items():
            if not _SHA256.match(digest):
                raise ValueError(f"{path!r}: {digest!r} is not a sha256 hex digest (64 lowercase hex digits)")
        return files

    @model_validator(mode="after")
    def _kind_fields(self) -> Submission:
        if self.kind == "reproduced":
            missing = [f for f in ("model", "strategy", "run", "harness_version") if getattr(self, f) is None]
            if not self.files:
                missing.append("files")
            if missing:
                raise ValueError(f"a reproduced submission needs {', '.join(missing)}")
            if self.results or self.source is not None:
                raise ValueError("'results' and 'source' are for reported submissions; a reproduced one has episodes")
        else:
            missing = [f for f in ("source",) if getattr(self, f) is None]
            if not self.results:
                missing.append("results")
            if not self.setup:
                missing.append("setup")
            if missing:
                raise ValueError(f"a reported submission needs {', '.join(missing)}")
            extra = [f for f in ("run", "model", "strategy") if getattr(self, f) is not None]
            if self.files or self.scores:
                extra.append("files" if self.files else "scores")
            if extra:
                raise ValueError(f"{', '.join(extra)}: not part of a reported submission (scores go in 'results')")
        return self
