"""The leakage check: nothing a test group holds out may reach train.

- tools of G1_tool (held-out tools) occur in no train query, neither in its api_list nor among its
  relevant APIs;
- categories of G1_category and G2_category (held-out categories) occur in no train query;
- held-out tools and categories occur in no *_instruction group either (those ask about seen tools);
- no test instruction text occurs in train (compared case- and space-insensitively).

Everything is derived from the queries themselves, so a suite edited by hand is checked as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from data_builder.builder import text_key
from harness.types.query import Query

HELD_OUT_TOOL_GROUPS = ("G1_tool",)
HELD_OUT_CATEGORY_GROUPS = ("G1_category", "G2_category")
SEEN_GROUPS = ("G1_instruction", "G2_instruction", "G3_instruction")


def _tools(queries: Iterable[Query]) -> set[tuple[str, str]]:
    return {(api.category_name, api.tool_name) for q in queries for api in q.api_list}


def _relevant_tools(queries: Iterable[Query]) -> set[str]:
    return {tool for q in queries for tool, _ in q.relevant_apis or []}


def find_leaks(tests: Mapping[str, Sequence[Query]], train: Sequence[Query]) -> list[str]:
    """Every leak found, one line each; an empty list means no leakage."""
    problems: list[str] = []
    held_tools = _tools(q for g in HELD_OUT_TOOL_GROUPS for q in tests.get(g, []))
    held_categories = {c for g in HELD_OUT_CATEGORY_GROUPS for c, _ in _tools(tests.get(g, []))}
    targets = {"train": train, **{g: tests.get(g, []) for g in SEEN_GROUPS}}
    for name, queries in targets.items():
        present = _tools(queries)
        mentioned = _relevant_tools(queries)
        for category, tool in sorted(held_tools):
            if (category, tool) in present or tool in mentioned:
                problems.append(f"held-out tool {tool!r} ({category}) occurs in {name}")
        for category in sorted(held_categories & {c for c, _ in present}):
            problems.append(f"held-out category {category!r} occurs in {name}")
    train_texts = {text_key(q.text) for q in train}
    for group, queries in tests.items():
        copied = [q.query_id for q in queries if text_key(q.text) in train_texts]
        if copied:
            problems.append(
                f"{len(copied)} {group} instructions also occur in train (query ids {', '.join(copied[:5])})"
            )
    return problems
