"""The API retriever's training data in ToolBench's layout (``data/retrieval/G<n>/``).

- ``corpus.tsv``: header ``docid<TAB>document_content``; one row per API doc, the doc as JSON.
- ``train.query.txt`` / ``test.query.txt``: ``qid<TAB>query`` without header.
- ``qrels.train.tsv`` / ``qrels.test.tsv``: ``qid<TAB>0<TAB>docid<TAB>1``, one row per relevant API.

Ids are numbered as ToolBench numbers them (first appearance, train before test; a doc is its JSON
text, a query its text), and cells are quoted as pandas quotes them, so ToolBench's reader loads the
files unchanged. Unlike ToolBench's script we write each doc and query once and do not shuffle rows:
its reader collapses repeats into dicts anyway, and a fixed order keeps builds byte-identical.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from harness.types.query import Query
from harness.util.files import write_text_atomic


def _tsv(rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return buffer.getvalue()


def write_retrieval(out: Path, train: Sequence[Query], test: Sequence[Query]) -> None:
    """Write one level's retriever files into ``out``."""
    doc_ids: dict[str, int] = {}
    query_ids: dict[str, int] = {}
    pairs: dict[str, tuple[list[list[object]], list[list[object]]]] = {"train": ([], []), "test": ([], [])}
    for split, queries in (("train", train), ("test", test)):
        query_rows, qrel_rows = pairs[split]
        for query in queries:
            relevant = set(query.relevant_apis or [])
            for api in query.api_list:
                document = json.dumps(api.model_dump(exclude_unset=True))
                doc_id = doc_ids.setdefault(document, len(doc_ids) + 1)
                if api.key not in relevant:
                    continue
                if query.text not in query_ids:
                    query_ids[query.text] = len(query_ids) + 1
                    query_rows.append([query_ids[query.text], query.text])
                qrel_rows.append([query_ids[query.text], 0, doc_id, 1])
    write_text_atomic(out / "corpus.tsv", _tsv([["docid", "document_content"], *([i, d] for d, i in doc_ids.items())]))
    for split, (query_rows, qrel_rows) in pairs.items():
        write_text_atomic(out / f"{split}.query.txt", _tsv(query_rows))
        write_text_atomic(out / f"qrels.{split}.tsv", _tsv(qrel_rows))
