"""An adversary against the committed sandbox suite and its rule judge: every attack of
``data_builder.attacks`` passes no query, no gold is only weak facts, and the gold answer (what the
oracle says) passes every query. Pure functions over the suite (the gold paths run in-process, no
episodes); ``harness data audit`` prints the same figures."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from data_builder.attacks import ATTACKS
from harness.cli.main import app
from tests.conftest import REPO

SUITE = REPO / "tasks" / "sandbox"


def test_every_attack_passes_nothing_and_the_gold_answer_passes_everything() -> None:
    result = CliRunner().invoke(app, ["data", "audit", str(SUITE), "--json"])
    figures = json.loads(result.stdout)
    total = figures["total"]
    assert total["queries"] == 1200
    failures = {
        g: row["gold_answer_failures"][:3] for g, row in figures["groups"].items() if row["gold_answer_failures"]
    }
    assert total["gold_answer_passes"] == 1200, failures
    passes = {g: row["attack_passes"] for g, row in figures["groups"].items() if row["attack_passes"]}
    assert total["attacks"] == dict.fromkeys(ATTACKS, 0), passes
    assert total["only_weak"] == 0
    for row in figures["groups"].values():
        # Every attack was tried on every query (the contradiction where a fact has a wrong value to give).
        assert all(row["attacks_tried"][a] == row["with_gold"] for a in ATTACKS if a != "contradiction")
        assert row["attacks_tried"]["contradiction"] > row["with_gold"] // 3
        # Lists are one part with every member a fact, so a group averages more than one fact per part.
        assert row["parts_per_query"] >= 1.5 and row["facts_per_part"] > 1.1
    # The audit's verdict: the committed suite is sound.
    assert result.exit_code == 0, result.output


def test_audit_errors_are_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["data", "audit", str(tmp_path)])
    assert result.exit_code == 2 and "not a built suite" in result.stderr and "Traceback" not in result.output
