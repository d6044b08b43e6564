"""Figures about a built suite: counts, APIs and tools per query, tools per category, leakage."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from data_builder.layout import read_suite
from data_builder.leakage import find_leaks
from harness.types.query import Query


def _spread(values: Sequence[int]) -> dict[str, float | int]:
    if not values:
        return {"min": 0, "mean": 0.0, "max": 0}
    return {"min": min(values), "mean": round(sum(values) / len(values), 2), "max": max(values)}


def _query_figures(queries: Sequence[Query]) -> dict[str, Any]:
    return {
        "queries": len(queries),
        "apis_per_query": _spread([len(q.api_list) for q in queries]),
        "relevant_apis_per_query": _spread([len(q.relevant_apis or []) for q in queries]),
        "tools_per_query": _spread([len({a.tool_name for a in q.api_list}) for q in queries]),
        "calls_per_query": _spread([len(q.gold.call_path) if q.gold else 0 for q in queries]),
        "with_gold": sum(1 for q in queries if q.gold is not None and q.gold.facts),
    }


def _tools_per_category(queries: Sequence[Query]) -> dict[str, int]:
    tools: dict[str, set[str]] = {}
    for query in queries:
        for api in query.api_list:
            tools.setdefault(api.category_name, set()).add(api.tool_name)
    return {category: len(names) for category, names in sorted(tools.items())}


def suite_stats(root: Path) -> dict[str, Any]:
    """The figures ``harness data stats`` prints, as one JSON-ready dict."""
    suite = read_suite(root)
    train = [q for queries in suite.train.values() for q in queries]
    everything = [q for queries in suite.tests.values() for q in queries] + train
    leaks = find_leaks(suite.tests, train)
    return {
        "suite": str(root),
        "seed": suite.manifest.get("seed"),
        "generator": suite.manifest.get("generator"),
        "groups": {group: _query_figures(queries) for group, queries in suite.tests.items()},
        "train": {level: _query_figures(queries) for level, queries in suite.train.items()},
        "tools_per_category": _tools_per_category(everything),
        "held_out_categories": suite.manifest.get("held_out_categories", []),
        "held_out_tools": suite.manifest.get("held_out_tools", []),
        "leakage": bool(leaks),
        "leaks": leaks,
    }
