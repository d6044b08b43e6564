"""The regression gate on synthetic paired runs and on real runs of the world."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.eval.evaluate import EvalSettings, evaluate, load_run
from harness.eval.judges import build_judges
from harness.gate import run_gate
from harness.store import StoreWriter
from tests.leaderboard.conftest import World
from tests.leaderboard.world import gold_follower, make_run, synthetic_run, write_suite

runner = CliRunner()
QUERIES = 40  # per group, two groups


def baseline_passes(group: str, qid: str) -> bool:
    return int(qid) % 10 != 0


def regressed_passes(group: str, qid: str) -> bool:
    return baseline_passes(group, qid) and int(qid) % 3 != 0


NOISE = {"4", "7", "20", "30"}  # two queries lost (4, 7) and two gained (20, 30)


def noisy_passes(group: str, qid: str) -> bool:
    return baseline_passes(group, qid) != (group == "G1_instruction" and qid in NOISE)


@pytest.fixture(scope="module")
def paired(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(database, task registry) with runs base, noisy and regressed over 80 queries."""
    root = tmp_path_factory.mktemp("gate")
    with pytest.MonkeyPatch.context() as patch:
        tasks = root / "tasks"
        names = write_suite(tasks, per_group=QUERIES)
        patch.setenv("HARNESS_TASKS_DIR", str(tasks))
        db = root / "gate.duckdb"
        synthetic_run(db, "base", names, baseline_passes)
        synthetic_run(db, "noisy", names, noisy_passes)
        synthetic_run(db, "regressed", names, regressed_passes)
    return db, tasks


def gate(db: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["gate", "--db", str(db), *args])
    return result.exit_code, result.output


def test_a_clear_regression_fails_with_a_report(paired: tuple[Path, Path], tmp_path: Path) -> None:
    db, _ = paired
    report = tmp_path / "gate.md"
    code, output = gate(db, "--baseline", "base", "--candidate", "regressed", "--report", str(report))
    assert code == 1, output
    text = report.read_text()
    assert text.startswith("### Regression gate: ❌ regression")
    lost = sum(
        1
        for g in ("G1_instruction", "G2_instruction")
        for q in range(QUERIES)
        if baseline_passes(g, str(q)) and not regressed_passes(g, str(q))
    )
    result = run_gate(db, "base", "regressed")
    assert (result.worse_only, result.better_only, result.comparison.n) == (lost, 0, 2 * QUERIES)
    assert result.comparison.diff == pytest.approx(-lost / (2 * QUERIES))
    assert f"baseline only {lost}, candidate only 0" in text and "| G2_instruction |" in text
    assert result.upper < -0.02 and result.p_exact < 0.001


def test_noise_and_a_run_against_itself_pass(paired: tuple[Path, Path]) -> None:
    db, _ = paired
    code, output = gate(db, "--baseline", "base", "--candidate", "noisy")
    assert code == 0, output
    assert "no significant regression" in output and "baseline only 2, candidate only 2" in output
    assert gate(db, "--baseline", "base", "--candidate", "base")[0] == 0  # a run against itself


def test_a_drop_within_the_allowance_passes(paired: tuple[Path, Path]) -> None:
    db, _ = paired
    diff = run_gate(db, "base", "regressed").comparison.diff
    code, _ = gate(db, "--baseline", "base", "--candidate", "regressed", "--max-drop", f"{-diff + 0.1:.3f}")
    assert code == 0


def test_the_gate_on_win_rate(paired: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    db, tasks = paired
    monkeypatch.setenv("HARNESS_TASKS_DIR", str(tasks))
    judges = build_judges("rule", None, {})
    candidate, reference = load_run(db, "regressed", gold=True), load_run(db, "base", gold=True)

    async def go() -> None:
        with StoreWriter(db) as writer, writer.batch():
            await evaluate(
                writer,
                candidate,
                judges.passing,
                EvalSettings(votes=1),
                reference=reference,
                preference=judges.preference,
            )

    asyncio.run(go())
    code, output = gate(db, "--baseline", "base", "--candidate", "regressed", "--metric", "win_rate")
    assert code == 1, output
    assert "win rate against the baseline" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--baseline", "base", "--candidate", "nobody"], "no run named 'nobody'"),
        (["--baseline", "base", "--candidate", "noisy", "--alpha", "0.7"], "--alpha 0.7"),
        (["--baseline", "base", "--candidate", "noisy", "--max-drop", "-1"], "--max-drop"),
        (["--baseline", "base", "--candidate", "noisy", "--metric", "elo"], "unknown --metric"),
        (["--baseline", "base", "--candidate", "noisy", "--judge", "gpt-4"], "has no pass_rate from judge 'gpt-4'"),
    ],
)
def test_bad_input_exits_2_with_one_line(paired: tuple[Path, Path], args: list[str], message: str) -> None:
    code, output = gate(paired[0], *args)
    assert code == 2 and message in output and "Traceback" not in output
    assert output.strip().startswith("error:")


def test_unjudged_runs_and_disjoint_queries_are_bad_input(
    paired: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "g.duckdb"
    db.write_bytes(paired[0].read_bytes())
    monkeypatch.setenv("HARNESS_TASKS_DIR", str(paired[1]))
    make_run(db, "fresh", ["mini/G1_instruction"], gold_follower(), model="gold-follower", limit=2)
    code, output = gate(db, "--baseline", "base", "--candidate", "fresh")
    assert code == 2 and "harness eval --run fresh" in output


def test_the_oracle_like_run_against_the_sloppy_one(world: World) -> None:
    """Real runner episodes: an agent that follows the gold path against one that fails half."""
    assert gate(world.db, "--baseline", "gold", "--candidate", "sloppy")[0] == 1
    assert gate(world.db, "--baseline", "sloppy", "--candidate", "gold")[0] == 0
    assert gate(world.db, "--baseline", "gold", "--candidate", "gold")[0] == 0


def test_baseline_model_against_the_oracle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's check, through the CLI: the offline baseline agent regresses against the oracle on
    the same sandbox queries; a run compared with itself does not."""
    monkeypatch.delenv("HARNESS_TASKS_DIR", raising=False)
    db = str(tmp_path / "models.duckdb")
    tasks = "sandbox/G1_instruction,sandbox/G2_instruction"
    for model in ("baseline", "oracle"):
        ran = runner.invoke(
            app,
            [
                "run",
                "--model",
                model,
                "--strategy",
                "react",
                "--tasks",
                tasks,
                "--limit",
                "15",
                "--name",
                model,
                "--db",
                db,
                "--quiet",
            ],
        )
        assert ran.exit_code == 0, ran.output
        judged = runner.invoke(app, ["eval", "--run", model, "--judge", "rule", "--db", db])
        assert judged.exit_code == 0, judged.output
    report = tmp_path / "gate.md"
    code, output = gate(Path(db), "--baseline", "oracle", "--candidate", "baseline", "--report", str(report))
    assert code == 1, output
    assert "on 30 common queries | 100.0%" in report.read_text()
    assert gate(Path(db), "--baseline", "baseline", "--candidate", "baseline")[0] == 0
