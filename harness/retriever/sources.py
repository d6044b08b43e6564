"""Where retriever queries and corpora come from: a task, a query file, a retrieval folder or a catalog.

``TASK_OR_FILE`` on the command line may be

- a registered task (``stabletoolbench/G1_instruction``; its data folder from ``--data-dir`` or the
  task's environment variable), or a task group (``sandbox``), which stands for each of its tasks;
- a ToolBench / StableToolBench query file (``G1_instruction.json``, ``G1_query.json``);
- a ToolBench retrieval folder (``corpus.tsv``, ``<split>.query.txt``, ``qrels.<split>.tsv``), read
  at the split the command needs (train for training, test for evaluation).

A corpus may also come from a tool catalog (``<Category>/<tool>.json`` files) or a ``corpus.tsv``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from harness.retriever.errors import RetrieverError
from harness.retriever.layout import CORPUS_FILE, is_retrieval_folder, read_corpus_tsv, read_retrieval_split
from harness.task_groups import expand_task_names
from harness.tasks import TaskError, get_task
from harness.toolbench.queries import read_query_file
from harness.toolbench.tools import read_tool_dir
from harness.types.docs import ApiDoc
from harness.types.query import Query


@dataclass
class QuerySet:
    """Queries from one source, with a name for tables (the group where known)."""

    name: str
    queries: list[Query]
    # APIs the source documents beyond its queries' api_lists (a retrieval folder's whole corpus).
    extra_apis: list[ApiDoc] = field(default_factory=list)

    @property
    def apis(self) -> list[ApiDoc]:
        """Every API this source documents."""
        return [api for q in self.queries for api in q.api_list] + self.extra_apis


def _looks_like_path(spec: str) -> bool:
    # Task names contain "/" too; only these forms are certainly meant as paths.
    return spec.endswith((".json", ".tsv")) or spec.startswith((".", "/", "~"))


def expand_sources(specs: list[str]) -> list[str]:
    """Query or corpus sources with each task group (``sandbox``) replaced by its tasks, in order; an
    unknown name that is no path gets a suggestion from among tasks and groups."""
    expanded: list[str] = []
    for spec in specs:
        if _looks_like_path(spec) or Path(spec).expanduser().exists():
            expanded.append(spec)
            continue
        try:
            expanded.extend(expand_task_names([spec]))
        except TaskError as exc:
            raise RetrieverError(str(exc)) from exc
    return expanded


def load_query_set(spec: str, split: str = "test", data_dir: Path | None = None) -> QuerySet:
    """Queries named by ``spec`` (a task, a query file or a retrieval folder)."""
    path = Path(spec).expanduser()
    if is_retrieval_folder(path):
        queries, corpus = read_retrieval_split(path, split)
        return QuerySet(f"{path.name}:{split}", queries, corpus)
    if path.is_file():
        try:
            return QuerySet(path.stem, read_query_file(path, group=path.stem))
        except ValueError as exc:
            raise RetrieverError(str(exc)) from exc
    if _looks_like_path(spec):
        raise RetrieverError(
            f"{spec}: no such query file or retrieval folder (a folder needs {CORPUS_FILE}); "
            "give a query file, a retrieval folder or a task name (see `harness ls tasks`)"
        )
    try:
        task = get_task(spec)
        return QuerySet(task.name, task.load_queries(data_dir))
    except TaskError as exc:
        raise RetrieverError(str(exc)) from exc


def load_corpus_apis(spec: str, data_dir: Path | None = None) -> list[ApiDoc]:
    """The APIs of a corpus source: a catalog folder, a ``corpus.tsv``, or any query source."""
    path = Path(spec).expanduser()
    if path.is_file() and path.suffix == ".tsv":
        return list(read_corpus_tsv(path).values())
    if path.is_dir() and not is_retrieval_folder(path):
        if not any(path.glob("*/*.json")):
            raise RetrieverError(
                f"{spec}: a corpus folder is a tool catalog (<Category>/<tool>.json) or a retrieval folder "
                f"({CORPUS_FILE}); this one has neither"
            )
        try:
            return [api for tool in read_tool_dir(path) for api in tool.api_docs()]
        except ValueError as exc:
            raise RetrieverError(str(exc)) from exc
    return load_query_set(spec, data_dir=data_dir).apis
