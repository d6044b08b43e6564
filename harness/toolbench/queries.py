"""Query files: ToolBench's ``G*_query.json`` and StableToolBench's ``solvable_queries``.

Both are JSON lists of ``{api_list, query, relevant APIs, query_id}``. StableToolBench keeps the test
split's ids apart in ``test_query_ids/<group>.json`` (``{"<id>": 0, ...}``); when given, only those
queries are kept, in the order of the query file. Suites built by our data builder add one key of
their own, ``gold`` (facts and reference call path); ToolBench's readers ignore it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from harness.types.docs import ApiDoc
from harness.types.query import Gold, Query
from harness.util.errors import one_line
from harness.util.files import write_json_atomic


class QueryRecord(BaseModel):
    """One entry of a query file, with ToolBench's key names."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    query: str
    query_id: int | str
    api_list: list[ApiDoc] = Field(default_factory=list)
    relevant_apis: list[list[str]] | None = Field(default=None, alias="relevant APIs")
    gold: Gold | None = None

    def to_query(self, group: str | None = None) -> Query:
        """This record as a harness ``Query``."""
        return Query(
            query_id=str(self.query_id),
            text=self.query,
            api_list=self.api_list,
            relevant_apis=None
            if self.relevant_apis is None
            else [(pair[0], pair[1]) for pair in self.relevant_apis if len(pair) >= 2],
            group=group,
            gold=self.gold,
        )


def _load_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError as exc:
        raise ValueError(f"{path}: no such file") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc


def read_query_file(path: Path, group: str | None = None, ids_path: Path | None = None) -> list[Query]:
    """Read a query file, optionally keeping only the ids listed in ``ids_path``."""
    data = _load_json(path)
    if not isinstance(data, list):
        raise ValueError(f"{path}: a query file is a JSON list of queries")
    wanted: set[str] | None = None
    if ids_path is not None:
        ids = _load_json(ids_path)
        if not isinstance(ids, dict | list):
            raise ValueError(f"{ids_path}: a test-id file is a JSON object or list of query ids")
        wanted = {str(i) for i in ids}
    queries = []
    for index, raw in enumerate(data):
        try:
            record = QueryRecord.model_validate(raw)
        except ValidationError as exc:
            raise ValueError(f"{path}: query #{index}: {one_line(exc)}") from exc
        if wanted is None or str(record.query_id) in wanted:
            queries.append(record.to_query(group))
    return queries


def query_to_record(query: Query) -> dict[str, Any]:
    """A ``Query`` in ToolBench's query-file layout."""
    query_id: int | str = int(query.query_id) if query.query_id.isdigit() else query.query_id
    record: dict[str, Any] = {}
    # Open-domain files carry neither key, and inference demos list APIs by name only; what the
    # source did not state is not written back.
    if query.api_list:
        record["api_list"] = [api.model_dump(exclude_unset=True) for api in query.api_list]
    record["query"] = query.text
    if query.relevant_apis is not None:
        record["relevant APIs"] = [list(pair) for pair in query.relevant_apis]
    record["query_id"] = query_id
    if query.gold is not None:
        record["gold"] = query.gold.model_dump(exclude_none=True)
    return record


def write_query_file(queries: list[Query], path: Path) -> None:
    """Write queries in ToolBench's query-file layout."""
    write_json_atomic(path, [query_to_record(q) for q in queries], indent=2)
