"""A corpus of malformed submissions: each is rejected with a message naming its file and field,
and ingesting the whole corpus loads nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from harness.submissions.ingest import Outcome, ingest_submissions, validate_submissions
from harness.submissions.pack import PackOptions, pack_run
from tests.leaderboard.conftest import REPORTED, World
from tests.leaderboard.submission_corpus import CASES, MARKER, Case

BASE_NAME = "sloppy-run"


@pytest.fixture(scope="module")
def corpus(world: World, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every case's submission folder, made from a freshly packed valid submission."""
    root = tmp_path_factory.mktemp("corpus")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HARNESS_TASKS_DIR", str(world.tasks))
        base = pack_run(world.db, "sloppy", root / "base" / BASE_NAME, PackOptions(organisation="Test Lab"))
    folders = {}
    for case in CASES:
        source = REPORTED / "toolllm-paper" if case.reported else base
        folder = root / case.name / source.name
        shutil.copytree(source, folder, symlinks=True)
        case.change(folder)
        folders[case.name] = folder
    return folders


def test_the_corpus_is_large_and_its_base_is_valid(corpus: dict[str, Path], registry: Path) -> None:
    assert len(CASES) >= 15 and len({c.name for c in CASES}) == len(CASES)
    base = corpus[CASES[0].name].parent.parent / "base" / BASE_NAME
    [result] = validate_submissions([base, REPORTED / "toolllm-paper"])[:1]
    assert result.outcome is Outcome.VALID, result.problems


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_malformed_submission_is_rejected_with_the_right_message(
    case: Case, corpus: dict[str, Path], registry: Path
) -> None:
    folder = corpus[case.name]
    [result] = validate_submissions([folder])
    assert result.outcome is Outcome.REJECTED
    expected_file = str(folder / case.file) if case.file else str(folder)
    matching = [
        p
        for p in result.problems
        if p.file.startswith(expected_file) and case.field in p.field and case.message in p.message
    ]
    assert matching, [str(p) for p in result.problems]
    assert all("\n" not in str(p) for p in result.problems)  # one line each
    assert not Path(MARKER).exists()  # nothing in a submission was ever run


def test_ingesting_the_corpus_loads_nothing(corpus: dict[str, Path], registry: Path, tmp_path: Path) -> None:
    db = tmp_path / "ingest.duckdb"
    results = ingest_submissions(list(corpus.values()), db)
    assert [r.outcome for r in results] == [Outcome.REJECTED] * len(CASES)
    with duckdb.connect(str(db), read_only=True) as conn:
        counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("runs", "episodes", "scores")]
    assert counts == [0, 0, 0]
