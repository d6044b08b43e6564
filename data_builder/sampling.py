"""API sampling as in the ToolLLM paper.

- I1 (single tool): one tool and 2-5 of its APIs (all of them when it has fewer).
- I2 (intra-category multi-tool): 2-5 tools of one category, 1-3 APIs of each.
- I3 (intra-collection multi-tool): 2-5 tools of one collection, 1-3 APIs of each.

The sampler only sees the tools of its pool, so a split's held-out tools never reach the wrong group.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from harness.types.docs import ApiDoc, ToolDoc

I1_APIS = (2, 5)
MULTI_TOOLS = (2, 5)
MULTI_APIS_PER_TOOL = (1, 3)


class Kind(StrEnum):
    """The paper's three instruction kinds."""

    I1 = "I1"
    I2 = "I2"
    I3 = "I3"


# What a pool must hold to give a sample of each kind (for error messages).
NEEDS = {
    Kind.I1: "tool with APIs",
    Kind.I2: "category with 2+ tools",
    Kind.I3: "collection with 2+ of its tools (see collections.json)",
}


@dataclass(frozen=True)
class ApiSample:
    """Sampled APIs: the query's ``api_list``, grouped by tool in sampling order."""

    kind: Kind
    apis: tuple[ApiDoc, ...]
    group_name: str  # the tool (I1), category (I2) or collection (I3) sampled from

    @property
    def keys(self) -> frozenset[tuple[str, str]]:
        """(tool_name, api_name) of every sampled API."""
        return frozenset(api.key for api in self.apis)

    @property
    def tool_names(self) -> tuple[str, ...]:
        """The sampled tools, in order."""
        return tuple(dict.fromkeys(api.tool_name for api in self.apis))


def _draw_apis(tool: ToolDoc, bounds: tuple[int, int], rng: random.Random) -> list[ApiDoc]:
    docs = tool.api_docs()
    low, high = min(bounds[0], len(docs)), min(bounds[1], len(docs))
    chosen = sorted(rng.sample(range(len(docs)), rng.randint(low, high)))
    return [docs[i] for i in chosen]


class Sampler:
    """Draws API samples of each kind from a pool of tools."""

    def __init__(self, tools: Iterable[ToolDoc], collections: Mapping[str, Sequence[ToolDoc]] | None = None) -> None:
        self.tools = [t for t in tools if t.api_list]
        pool = {id(t) for t in self.tools}
        self.categories: dict[str, list[ToolDoc]] = {}
        for tool in self.tools:
            self.categories.setdefault(tool.category_name, []).append(tool)
        self.multi_categories = sorted(c for c, members in self.categories.items() if len(members) >= MULTI_TOOLS[0])
        self.collections: dict[str, list[ToolDoc]] = {}
        for name, members in sorted((collections or {}).items()):
            present = [t for t in members if id(t) in pool]
            if len(present) >= MULTI_TOOLS[0]:
                self.collections[name] = present

    def can_sample(self, kind: Kind) -> bool:
        """Whether the pool offers anything to sample for ``kind``."""
        if kind is Kind.I1:
            return bool(self.tools)
        if kind is Kind.I2:
            return bool(self.multi_categories)
        return bool(self.collections)

    def sample(self, kind: Kind, rng: random.Random) -> ApiSample:
        """One sample of ``kind``; raises ValueError when the pool cannot provide it."""
        if not self.can_sample(kind):
            raise ValueError(f"cannot sample {kind.value}: the pool has no {NEEDS[kind]}")
        if kind is Kind.I1:
            tool = rng.choice(self.tools)
            return ApiSample(kind, tuple(_draw_apis(tool, I1_APIS, rng)), tool.tool_name)
        if kind is Kind.I2:
            name = rng.choice(self.multi_categories)
            members = self.categories[name]
        else:
            name = rng.choice(sorted(self.collections))
            members = self.collections[name]
        count = rng.randint(MULTI_TOOLS[0], min(MULTI_TOOLS[1], len(members)))
        tools = [members[i] for i in sorted(rng.sample(range(len(members)), count))]
        apis = [api for tool in tools for api in _draw_apis(tool, MULTI_APIS_PER_TOOL, rng)]
        return ApiSample(kind, tuple(apis), name)
