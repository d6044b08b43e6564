"""ToolBench's test groups and which tools each may draw from.

G1_instruction, G2_instruction and G3_instruction ask new instructions of seen tools; G1_tool holds
out some tools of seen categories; G1_category and G2_category hold out whole categories. Train draws
only from seen tools, so held-out tools and categories never occur in it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from data_builder.sampling import Kind
from harness.tasks import GROUPS
from harness.types.docs import ToolDoc

TEST_GROUPS = GROUPS
LEVELS = ("G1", "G2", "G3")
LEVEL_KIND = {"G1": Kind.I1, "G2": Kind.I2, "G3": Kind.I3}
CATEGORY_SHARE = 0.125  # of the categories, held out for G1_category / G2_category
TOOL_SHARE = 0.1  # of the remaining tools, held out for G1_tool


def level_of(group: str) -> str:
    """``G1_tool`` -> ``G1``."""
    return group.split("_", 1)[0]


def kind_of(group: str) -> Kind:
    """The instruction kind a group (or a train level) asks for."""
    return LEVEL_KIND[level_of(group)]


@dataclass(frozen=True)
class SplitPlan:
    """The held-out categories and tools, and the tool pool of each group."""

    tools: tuple[ToolDoc, ...]
    held_out_categories: tuple[str, ...]
    held_out_tools: tuple[tuple[str, str], ...]  # (category, tool name), all in seen categories

    def seen(self) -> list[ToolDoc]:
        """The tools train and the *_instruction groups draw from."""
        return [
            t
            for t in self.tools
            if t.category_name not in self.held_out_categories
            and (t.category_name, t.tool_name) not in self.held_out_tools
        ]

    def pool(self, group: str) -> list[ToolDoc]:
        """The tools ``group`` (a test group or a train level) may sample from."""
        if group == "G1_tool":
            return [t for t in self.tools if (t.category_name, t.tool_name) in self.held_out_tools]
        if group in ("G1_category", "G2_category"):
            return [t for t in self.tools if t.category_name in self.held_out_categories]
        return self.seen()


def plan_splits(tools: Sequence[ToolDoc], rng: random.Random) -> SplitPlan:
    """Choose held-out categories (each with 2+ tools, so G2_category can sample) and held-out tools
    (one per category at most, only from categories that keep 2+ seen tools)."""
    by_category: dict[str, list[ToolDoc]] = {}
    for tool in tools:
        by_category.setdefault(tool.category_name, []).append(tool)
    multi = sorted(c for c, members in by_category.items() if len(members) >= 2)
    if len(multi) < 2:
        raise ValueError(
            f"the catalog has {len(multi)} categories with 2+ usable tools; at least 2 are needed "
            "(one to hold out for G1_category/G2_category, one for the seen groups)"
        )
    category_count = min(len(multi) - 1, max(1, round(CATEGORY_SHARE * len(by_category))))
    held_categories = sorted(rng.sample(multi, category_count))
    spare = sorted(c for c in multi if c not in held_categories and len(by_category[c]) >= 3)
    if not spare:
        raise ValueError("no seen category has 3+ usable tools, so none can lend a tool to G1_tool")
    seen_count = sum(len(by_category[c]) for c in by_category if c not in held_categories)
    tool_count = min(len(spare), max(1, round(TOOL_SHARE * seen_count)))
    held_tools = sorted((c, rng.choice(by_category[c]).tool_name) for c in rng.sample(spare, tool_count))
    return SplitPlan(tuple(tools), tuple(held_categories), tuple(held_tools))
