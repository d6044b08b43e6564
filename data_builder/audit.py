"""``harness data audit SUITE``: how much a built suite's gold checks, group by group.

Per group: the share of queries whose gold is only weak facts that nothing binds (a bare small number
or yes/no without a context: any spray of numbers states them), the facts per question part, and how
many queries each attack of ``data_builder.attacks`` passes, beside the gold answer's own pass count.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from data_builder.attacks import ATTACKS, Case, gold_observations, run_attacks
from data_builder.layout import SHARED_TASK_FILE, read_suite
from harness.types.query import Gold, GoldPart
from harness.util.text import is_weak


def parts_of(gold: Gold) -> list[GoldPart]:
    """The gold's parts; a gold recorded without parts counts each fact as a part of its own."""
    return gold.parts or [GoldPart(facts=[fact]) for fact in gold.facts]


def only_weak(gold: Gold) -> bool:
    """Whether every fact is weak and unbound (no part gives it a context)."""
    return all(is_weak(f) and not part.context for part in parts_of(gold) for f in part.facts)


def suite_catalog(suite: Path) -> Path:
    """The catalog folder (holding ``tools/``) that a suite's shared task file names."""
    shared = suite / SHARED_TASK_FILE
    if not shared.is_file():
        raise ValueError(f"{suite}: no {SHARED_TASK_FILE}; pass --catalog")
    env = (yaml.safe_load(shared.read_text(encoding="utf-8")) or {}).get("env") or {}
    tools = env.get("catalog")
    if not tools:
        raise ValueError(f"{shared}: names no env.catalog; pass --catalog")
    return (suite / str(tools)).resolve().parent


def audit_suite(
    suite: Path, catalog: Path | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """The audit figures of a built suite (see the module doc), as plain data."""
    from data_builder.catalog import load_catalog

    files = read_suite(suite)
    root = catalog if catalog is not None else suite_catalog(suite)
    if not (root / "tools").is_dir():
        raise ValueError(f"{root}: not a catalog folder (no tools/); pass --catalog")
    execute = load_catalog(root).execute
    groups: dict[str, Any] = {}
    for group, queries in files.tests.items():
        if progress is not None:
            progress(group)
        cases = [Case(group, q, q.gold, gold_observations(q.gold, execute)) for q in queries if q.gold is not None]
        result = run_attacks(cases)
        parts = [len(p.facts) for c in cases for p in parts_of(c.gold)]
        groups[group] = {
            "queries": len(queries),
            "with_gold": len(cases),
            "only_weak": sum(only_weak(c.gold) for c in cases),
            "only_weak_share": sum(only_weak(c.gold) for c in cases) / len(cases) if cases else 0.0,
            "parts": len(parts),
            "facts_per_part": sum(parts) / len(parts) if parts else 0.0,
            "parts_per_query": len(parts) / len(cases) if cases else 0.0,
            "gold_answer_passes": len(cases) - len(result.oracle_failed),
            "gold_answer_failures": result.oracle_failed,
            "attacks": {name: len(result.passed[name]) for name in ATTACKS},
            "attacks_tried": result.tried,
            "attack_passes": {name: result.passed[name] for name in ATTACKS if result.passed[name]},
        }
    totals = {
        "queries": sum(g["with_gold"] for g in groups.values()),
        "only_weak": sum(g["only_weak"] for g in groups.values()),
        "gold_answer_passes": sum(g["gold_answer_passes"] for g in groups.values()),
        "attacks": {name: sum(g["attacks"][name] for g in groups.values()) for name in ATTACKS},
    }
    return {"suite": str(suite), "groups": groups, "total": totals}


def is_sound(figures: dict[str, Any]) -> bool:
    """No only-weak gold, every gold answer passes and every attack passes nothing."""
    total = figures["total"]
    return (
        total["only_weak"] == 0
        and total["gold_answer_passes"] == total["queries"]
        and not any(total["attacks"].values())
    )
