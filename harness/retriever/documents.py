"""The retrieval corpus: one document per API, with ToolBench's document text.

ToolBench's retriever (``toolbench/utils.py``, ``process_retrieval_ducoment``) embeds each API as
``<category>, <tool>, <api>, <description>, required_params: <JSON>, optional_params: <JSON>,
return_schema: <JSON>``, the JSON parts being ``json.dumps`` of the API record's own fields (an absent
field dumps as ``""``). We build the same text from an ``ApiDoc``, so a model trained by ToolBench
scores our documents exactly as it scored its own.

APIs are identified by ``(tool_name, api_name)``, the pair ToolBench's ``relevant APIs`` use; when two
sources document the same pair differently, the first document seen is kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from harness.types.docs import ApiDoc
from harness.types.query import Query

ApiKey = tuple[str, str]

# Part of every index-cache key: changing how documents are written must invalidate old indexes.
DOCUMENT_FORMAT = "toolbench-retrieval-document-v1"


def document_text(api: ApiDoc) -> str:
    """ToolBench's retrieval text for one API."""
    record: dict[str, Any] = api.model_dump(mode="json", exclude_unset=True)

    def dumped(field: str) -> str:
        return json.dumps(record.get(field, ""))

    head = ", ".join(str(record.get(name) or "") for name in ("category_name", "tool_name", "api_name"))
    return (
        f"{head}, {record.get('api_description') or ''}"
        f", required_params: {dumped('required_parameters')}"
        f", optional_params: {dumped('optional_parameters')}"
        f", return_schema: {dumped('template_response')}"
    )


@dataclass(frozen=True)
class Document:
    """One API in the corpus."""

    key: ApiKey
    api: ApiDoc
    text: str


class Corpus:
    """The APIs a retriever ranks, in a fixed order (the order of first appearance)."""

    def __init__(self, apis: Iterable[ApiDoc]) -> None:
        documents: dict[ApiKey, Document] = {}
        for api in apis:
            if api.key not in documents:
                documents[api.key] = Document(api.key, api, document_text(api))
        self.documents: list[Document] = list(documents.values())
        self._positions = {doc.key: i for i, doc in enumerate(self.documents)}

    @classmethod
    def from_queries(cls, queries: Iterable[Query]) -> Corpus:
        """Every API offered by ``queries`` (their ``api_list``s)."""
        return cls(api for query in queries for api in query.api_list)

    def __len__(self) -> int:
        return len(self.documents)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __contains__(self, key: object) -> bool:
        return key in self._positions

    def position(self, key: ApiKey) -> int | None:
        """The index of the API ``key`` in the corpus, or None when it is not there."""
        return self._positions.get(key)

    @property
    def texts(self) -> list[str]:
        return [doc.text for doc in self.documents]

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 over the document format, each key and each text, in order: the index-cache key."""
        digest = hashlib.sha256(DOCUMENT_FORMAT.encode())
        for doc in self.documents:
            digest.update(json.dumps([doc.key[0], doc.key[1], doc.text]).encode())
            digest.update(b"\n")
        return digest.hexdigest()
