"""`harness retriever eval --json` on StableToolBench's real test files (the issue's done-when command)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.retriever.evaluate import judged_queries
from harness.toolbench.queries import read_query_file
from tests.conftest import data_params, need, query_files

STABLETOOLBENCH_FILES = [p for p in query_files() if "stabletoolbench" in p.parts]


@pytest.mark.parametrize("path", data_params(STABLETOOLBENCH_FILES))
def test_bm25_on_a_real_test_file(path: Path | None, tmp_path: Path) -> None:
    path = need(path)
    result = CliRunner().invoke(
        app,
        ["retriever", "eval", "--method", "bm25", "--queries", str(path), "--json", "--cache-dir", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    queries = read_query_file(path, group=path.stem)
    assert report["corpus"]["apis"] == len({(a.tool_name, a.api_name) for q in queries for a in q.api_list})
    [row] = report["results"]
    assert row["queries"] == len(judged_queries(queries)) > 0
    assert row["missing_relevant"] == 0
    assert row["trained_on"] == 0
    # Every relevant API is in the corpus and most instructions name their tools' subject matter: BM25 finds
    # them far above chance (a random top 5 out of ~1,000 APIs scores below 1), as ToolBench's BM25 row does.
    for key in ("ndcg@1", "ndcg@3", "ndcg@5", "recall@5"):
        assert 40.0 < row[key] <= 100.0, (key, row[key])
