"""A benchmark query: the instruction, its available APIs and, where known, its gold."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from harness.types.docs import ApiDoc


class GoldSource(BaseModel):
    """How one part of a gold was derived, so that it can be re-derived and checked.

    A part covers ``steps`` consecutive calls of the call path. A part from an intent template names
    the template and the seed its instance was drawn with; a part from an LLM-proposed path names,
    for each fact, the call (within the part) and the dotted field of its response it was read from.
    """

    steps: int
    template: str | None = None
    seed: int | None = None
    fact_fields: list[tuple[int, str]] | None = None


class GoldPart(BaseModel):
    """The facts that answer one part of a query ("how big is Books & Office?").

    ``context`` binds the part's weak facts (a bare small number, yes/no) to the words that say what
    they count: an answer states such a fact only with one of these phrases close to it ("35 products",
    "Books & Office has 35"). ``many`` marks a list part (every member is a fact); a part that is not a
    list asks for one value, so an answer that gives it a rival value states several values.
    """

    facts: list[str]
    context: list[str] = Field(default_factory=list)
    many: bool = False


class Gold(BaseModel):
    """What a correct answer must contain, and one call path known to produce it.

    ``facts`` are normalised for matching (``harness.util.text.normalize_fact``); ``call_path`` entries
    are ``{category, tool_name, api_name, arguments}``. ``parts``, where the builder recorded them,
    group ``facts`` by the part of the query each answers (see ``GoldPart``).
    """

    facts: list[str] = Field(default_factory=list)
    call_path: list[dict[str, object]] = Field(default_factory=list)
    sources: list[GoldSource] | None = None
    parts: list[GoldPart] | None = None


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


class AgentQuery(BaseModel):
    """What the system under test may see of a query: its id, instruction, offered APIs and group.

    It has no field for the gold or the relevant APIs, so no model, agent, strategy or tool
    environment handed one can reach the answer key, whatever it does with the object.
    """

    model_config = ConfigDict(frozen=True)

    query_id: str
    text: str
    api_list: list[ApiDoc] = Field(default_factory=list)
    group: str | None = None

    @classmethod
    def of(cls, query: Query | AgentQuery) -> AgentQuery:
        """The agent's view of ``query`` (the same object when it is one already)."""
        if isinstance(query, AgentQuery):
            return query
        return cls(query_id=query.query_id, text=query.text, api_list=list(query.api_list), group=query.group)


# The gold of a run's queries by (group, query id): what the oracle is built with, never sent per turn.
GoldBook = dict[tuple[str | None, str], Gold]


def gold_book(queries: list[Query]) -> GoldBook:
    """Each query's gold (queries without one are left out)."""
    return {(q.group, q.query_id): q.gold for q in queries if q.gold is not None}
