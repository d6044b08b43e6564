"""Retrieval inside runs: ToolBench's open-domain setting.

Before any episode starts, the retriever indexes the corpus (every API of the run's tasks, or the
``--retriever-corpus`` given) and each query's ``api_list`` is replaced by its top-k APIs, so the
model is offered only what was retrieved. The run's spec records the retriever (a run with one is a
different run, and the leaderboard can mark it "+ retriever"), and each episode's trajectory keeps
``extra["retrieval"] = {method, k, retrieved, relevant, recall}``.

This is the runner's use of ``harness.retriever``, which itself knows nothing of runs; score tables
label such runs with ``harness.types.runspec.retriever_label``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from harness.retriever.base import search
from harness.retriever.documents import Corpus
from harness.retriever.evaluate import relevant_keys
from harness.retriever.factory import open_retriever
from harness.retriever.index_cache import IndexCache
from harness.retriever.sources import load_corpus_apis
from harness.strategies.base import Agent, Strategy
from harness.tasks import TaskSpec
from harness.types.query import AgentQuery, Query
from harness.types.trajectory import Trajectory


class TaskQueries(Protocol):
    """What retrieval needs of each task of the run: ``harness.runner.plan.TaskQueries`` has this
    shape. Named by its shape rather than imported, since ``plan`` imports this module."""

    task: TaskSpec
    queries: list[Query]


class RetrievalSettings(BaseModel):
    """What the user asked for: ``--retriever METHOD --top-k K [--retriever-corpus SOURCE]``."""

    model_config = ConfigDict(extra="forbid")

    method: str
    top_k: int = Field(default=5, ge=1)
    corpus: str | None = None


@dataclass
class RunRetrieval:
    """The retriever's part of a run: its spec entry and each episode's record, by (group, query id)."""

    spec: dict[str, Any]
    records: dict[tuple[str, str], dict[str, Any]]


def _corpus(tasks: Sequence[TaskQueries], settings: RetrievalSettings, data_dir: Path | None) -> Corpus:
    if settings.corpus is not None:
        return Corpus(load_corpus_apis(settings.corpus, data_dir))
    # Every query of each task, not only the --limit ones: the corpus must not shrink with the limit.
    return Corpus.from_queries(q for t in tasks for q in t.task.load_queries(data_dir))


def retrieve_for_run(
    tasks: Sequence[TaskQueries],
    settings: RetrievalSettings,
    data_dir: Path | None = None,
    cache: IndexCache | None = None,
    backend: str | None = None,
) -> RunRetrieval:
    """Replace each query's ``api_list`` (in place, in ``tasks``) by its top-k retrieved APIs; dense
    models encode with ``backend`` (the run's profile may name one; None: the default)."""
    corpus = _corpus(tasks, settings, data_dir)
    retriever = open_retriever(settings.method, corpus, cache or IndexCache(), backend=backend)
    records: dict[tuple[str, str], dict[str, Any]] = {}
    for task in tasks:
        hits = search(retriever, [q.text for q in task.queries], settings.top_k)
        replaced: list[Query] = []
        for query, positions in zip(task.queries, hits, strict=True):
            retrieved = [corpus.documents[p].api for p in positions]
            relevant = relevant_keys(query)
            found = sum(1 for api in retrieved if api.key in relevant)
            records[(task.task.group, query.query_id)] = {
                "method": settings.method,
                "k": settings.top_k,
                "retrieved": [list(api.key) for api in retrieved],
                "relevant": sorted(list(key) for key in relevant),
                "recall": found / len(relevant) if relevant else None,
            }
            replaced.append(query.model_copy(update={"api_list": retrieved}))
        task.queries = replaced
    spec = {
        "method": settings.method,
        "top_k": settings.top_k,
        "corpus": settings.corpus,
        "corpus_apis": len(corpus),
        "corpus_sha256": corpus.fingerprint,
        "retriever": retriever.describe(),
    }
    return RunRetrieval(spec, records)


class RetrievalNotes:
    """A strategy that solves as the wrapped one does, then notes the episode's retrieval record."""

    def __init__(self, inner: Strategy, records: Mapping[tuple[str, str], dict[str, Any]]) -> None:
        self.inner = inner
        self.name = inner.name
        self.records = records

    @property
    def method(self) -> str:
        return self.inner.method

    def arguments(self) -> dict[str, object]:
        return self.inner.arguments()

    async def solve(self, query: AgentQuery, agent: Agent) -> Trajectory:
        trajectory = await self.inner.solve(query, agent)
        record = self.records.get((query.group or "", query.query_id))
        if record is not None:
            trajectory.extra["retrieval"] = record
        return trajectory


def settings_from_spec(spec: Mapping[str, Any]) -> RetrievalSettings | None:
    """The settings that reproduce a stored run's retrieval (for ``--resume``), or None."""
    stored = spec.get("retriever")
    if not stored:
        return None
    return RetrievalSettings(method=stored["method"], top_k=stored["top_k"], corpus=stored.get("corpus"))
