"""Reading ToolBench's retriever data folder (``data/retrieval/G<n>/``, see
``preprocess/preprocess_retriever_data.py``):

- ``corpus.tsv``: a header ``docid<TAB>document_content``, then one row per API, the API record as JSON;
- ``train.query.txt`` / ``test.query.txt``: ``qid<TAB>query`` rows, no header;
- ``qrels.train.tsv`` / ``qrels.test.tsv``: ``qid<TAB>0<TAB>docid<TAB>1`` rows, one per relevant API.

Cells are quoted the way pandas writes them (csv's minimal quoting). ToolBench's script repeats
corpus rows; repeats collapse here as they do in its reader.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from pydantic import ValidationError

from harness.retriever.errors import RetrieverError
from harness.types.docs import ApiDoc
from harness.types.query import Query
from harness.util.errors import one_line

CORPUS_FILE = "corpus.tsv"
SPLITS = ("train", "test")


def is_retrieval_folder(path: Path) -> bool:
    """True for a folder holding ToolBench's ``corpus.tsv``."""
    return path.is_dir() and (path / CORPUS_FILE).is_file()


def _rows(path: Path, columns: int) -> list[list[str]]:
    # API documents with long response schemas exceed csv's default cell limit.
    csv.field_size_limit(sys.maxsize)
    if not path.is_file():
        raise RetrieverError(f"{path}: no such file; a retrieval folder holds corpus.tsv, <split>.query.txt and qrels")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if row]
    for number, row in enumerate(rows, start=1):
        if len(row) < columns:
            raise RetrieverError(f"{path}: line {number} has {len(row)} columns, expected {columns}")
    return rows


def read_corpus_tsv(path: Path) -> dict[str, ApiDoc]:
    """``corpus.tsv`` as docid -> API document."""
    rows = _rows(path, 2)
    if rows and rows[0][:2] == ["docid", "document_content"]:
        rows = rows[1:]
    docs: dict[str, ApiDoc] = {}
    for number, (doc_id, content, *_) in enumerate(rows, start=2):
        try:
            docs.setdefault(doc_id, ApiDoc.model_validate(json.loads(content)))
        except (json.JSONDecodeError, ValidationError) as exc:
            problem = one_line(exc)
            raise RetrieverError(f"{path}: docid {doc_id} (line {number}) is not an API record: {problem}") from exc
    return docs


def read_retrieval_split(folder: Path, split: str) -> tuple[list[Query], list[ApiDoc]]:
    """One split of a retrieval folder: its queries (relevant APIs from the qrels) and the whole corpus."""
    if split not in SPLITS:
        raise RetrieverError(f"unknown split {split!r}; use {' or '.join(SPLITS)}")
    docs = read_corpus_tsv(folder / CORPUS_FILE)
    texts = {qid: text for qid, text, *_ in _rows(folder / f"{split}.query.txt", 2)}
    relevant: dict[str, list[str]] = {}
    for qid, _, doc_id, *label in _rows(folder / f"qrels.{split}.tsv", 3):
        if doc_id not in docs:
            raise RetrieverError(f"{folder}/qrels.{split}.tsv: docid {doc_id} is not in corpus.tsv")
        if qid not in texts:
            raise RetrieverError(f"{folder}/qrels.{split}.tsv: qid {qid} is not in {split}.query.txt")
        if not label or label[0].strip() != "0":
            relevant.setdefault(qid, []).append(doc_id)
    queries = []
    for qid, text in texts.items():
        apis = [docs[d] for d in dict.fromkeys(relevant.get(qid, []))]
        queries.append(Query(query_id=qid, text=text, api_list=apis, relevant_apis=[a.key for a in apis], split=split))
    return queries, list(docs.values())
