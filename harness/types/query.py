"""A benchmark query: the instruction, its available APIs and, where known, its gold."""

from __future__ import annotations

from pydantic import BaseModel, Field

from harness.types.docs import ApiDoc


class Gold(BaseModel):
    """What a correct answer must contain, and one call path known to produce it."""

    facts: list[str] = Field(default_factory=list)
    call_path: list[dict[str, object]] = Field(default_factory=list)


class Query(BaseModel):
    """One instruction with its ``api_list``. ``query_id`` is a string everywhere in the harness,
    since ToolBench writes ids as ints in query files and as strings in file names and converted
    answers."""

    query_id: str
    text: str
    api_list: list[ApiDoc] = Field(default_factory=list)
    # None when the source names no relevant APIs (open-domain queries), which is not "none relevant".
    relevant_apis: list[tuple[str, str]] | None = None
    group: str | None = None  # G1_instruction ... G3_instruction, or a suite's own group name
    split: str | None = None  # train / validation / test where the source says
    gold: Gold | None = None
