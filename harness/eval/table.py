"""The paper-style score table: one row per run and judge (model x strategy), one column per test
group plus the average; pass rate and win rate, each with its interval. Runs that repeat the same
spec with other seeds or as other trials (`--trials K`) are also summarised as pass@k and pass^k."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harness.eval.metrics import AVERAGE, Key
from harness.eval.stats import repeated_scores
from harness.eval.values import pass_values_of
from harness.store.connection import read_connection
from harness.store.judgments import read_scores_in
from harness.store.reader import run_id
from harness.toolbench.groups import GROUPS

# Spec fields that tell samples of one configuration apart without changing what is measured.
SAMPLE_FIELDS = ("seed", "trial", "harness_version")


def _cell(score: dict[str, Any]) -> dict[str, Any]:
    return {k: score[k] for k in ("value", "ci_low", "ci_high", "n", "details")}


def group_order(groups: set[str]) -> list[str]:
    """ToolBench's six groups in the paper's order, then any others, then the average."""
    standard = [g for g in GROUPS if g in groups]
    others = sorted(g for g in groups if g not in GROUPS and g != AVERAGE)
    return [*standard, *others, *([AVERAGE] if AVERAGE in groups else [])]


def score_table(db: Path, runs: list[str] | None = None) -> dict[str, Any]:
    """``{"groups": [...], "rows": [...], "repeated": [...]}`` for the stored scores of ``runs`` (all
    when None; an unknown name is a StoreError). Everything is read from the store's views over one
    read-only connection."""
    with read_connection(db) as conn:
        for name in runs or []:
            run_id(conn, name)  # an unknown name is an error, not an empty table
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        groups: set[str] = set()
        for score in read_scores_in(conn, runs):
            key = (score["run"], score["judge"])
            row = rows.setdefault(
                key,
                {
                    "run": score["run"],
                    "run_id": score["run_id"],
                    "model": score["model"],
                    "strategy": score["methods"],
                    # Open-domain runs are another setting of the same strategy: the table must not hide it.
                    "retriever": score["retriever"],
                    "judge": score["judge"],
                    "source": score["source"],
                    "pass_rate": {},
                    "win_rate": {},
                    "_spec": score["spec"],
                },
            )
            groups.add(score["group"])
            if score["metric"] == "win_rate":
                row["win_rate"].setdefault(score["reference"], {})[score["group"]] = _cell(score)
            else:
                row["pass_rate"][score["group"]] = _cell(score)
        repeated = _repeated(conn, list(rows.values()))
    for row in rows.values():
        row.pop("_spec")
    return {"groups": group_order(groups), "rows": list(rows.values()), "repeated": repeated}


def _family(row: dict[str, Any]) -> str | None:
    if row["source"] != "run" or not row["pass_rate"]:
        return None
    spec = {k: v for k, v in row["_spec"].items() if k not in SAMPLE_FIELDS}
    return f"{sorted(spec.items())!r}|{row['judge']}"


def _repeated(conn: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """pass@k and pass^k for runs that differ only in their seed (each run is one sample per query;
    a sample passes when its pass value is 1). Every member's per-query values come from one query
    per judge."""
    families: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        family = _family(row)
        if family is not None:
            families.setdefault(family, []).append(row)
    families = {k: members for k, members in families.items() if len(members) > 1}
    values: dict[str, dict[str, dict[Key, float]]] = {}
    for judge in {members[0]["judge"] for members in families.values()}:
        run_ids = [m["run_id"] for members in families.values() if members[0]["judge"] == judge for m in members]
        values[judge] = pass_values_of(conn, run_ids, judge)
    found = []
    for members in families.values():
        judged = [values[m["judge"]].get(m["run_id"], {}) for m in members]
        common = set.intersection(*(set(v) for v in judged))
        if not common:
            continue
        outcomes = {key: [v[key] == 1.0 for v in judged] for key in sorted(common)}
        result = repeated_scores(outcomes)
        first = members[0]
        found.append(
            {
                "model": first["model"],
                "strategy": first["strategy"],
                "judge": first["judge"],
                "runs": [m["run"] for m in members],
                "queries": result.queries,
                "samples": result.samples,
                "pass_at_k": result.pass_at,
                "pass_hat_k": result.pass_hat,
            }
        )
    return found
