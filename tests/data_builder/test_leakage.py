"""The leakage check finds every kind of injected leak, and nothing in a clean suite."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from data_builder.builder import Suite
from data_builder.layout import read_suite, train_file
from data_builder.leakage import find_leaks
from harness.cli.main import app
from harness.toolbench.queries import read_query_file, write_query_file

runner = CliRunner()


def test_clean_suite_has_no_leaks(small_suite: tuple[Suite, Path]) -> None:
    files = read_suite(small_suite[1])
    assert find_leaks(files.tests, [q for qs in files.train.values() for q in qs]) == []


def test_a_held_out_tool_in_train_is_caught(small_suite: tuple[Suite, Path]) -> None:
    files = read_suite(small_suite[1])
    train = [q for qs in files.train.values() for q in qs]
    leaked = files.tests["G1_tool"][0].model_copy(update={"text": "a fresh instruction about a held-out tool"})
    problems = find_leaks(files.tests, [*train, leaked])
    tool = leaked.api_list[0].tool_name
    assert any(f"held-out tool {tool!r}" in p and p.endswith("occurs in train") for p in problems)


def test_a_held_out_category_in_train_or_instruction_groups_is_caught(small_suite: tuple[Suite, Path]) -> None:
    files = read_suite(small_suite[1])
    train = [q for qs in files.train.values() for q in qs]
    foreign = files.tests["G2_category"][0]
    category = foreign.api_list[0].category_name
    doctored = train[0].model_copy(update={"api_list": [*train[0].api_list, foreign.api_list[0]]})
    assert any(f"held-out category {category!r} occurs in train" in p for p in find_leaks(files.tests, [doctored]))
    tests = {**files.tests, "G1_instruction": [*files.tests["G1_instruction"], foreign]}
    assert any(f"held-out category {category!r} occurs in G1_instruction" in p for p in find_leaks(tests, train))


def test_a_test_instruction_copied_into_train_is_caught(small_suite: tuple[Suite, Path], tmp_path: Path) -> None:
    # Through the files and the CLI: copy one test text into train with other casing and spacing.
    suite_dir = tmp_path / "copy"
    for path in small_suite[1].rglob("*"):
        if path.is_file():
            target = suite_dir / path.relative_to(small_suite[1])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    victim = read_suite(suite_dir).tests["G2_instruction"][3]
    train_path = train_file(suite_dir, "G2")
    train = read_query_file(train_path)
    train[0] = train[0].model_copy(update={"text": "  " + victim.text.upper().replace(" ", "  ")})
    write_query_file(train, train_path)
    result = runner.invoke(app, ["data", "stats", str(suite_dir), "--json"])
    assert result.exit_code == 1
    figures = json.loads(result.stdout)
    assert figures["leakage"] is True
    assert figures["leaks"] == [f"1 G2_instruction instructions also occur in train (query ids {victim.query_id})"]


def test_retriever_files_follow_toolbench_layout(small_suite: tuple[Suite, Path]) -> None:
    suite, root = small_suite
    folder = root / "retrieval" / "G2"
    with (folder / "corpus.tsv").open(newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    assert rows[0] == ["docid", "document_content"]
    corpus = {int(docid): json.loads(content) for docid, content in rows[1:]}
    assert sorted(corpus) == list(range(1, len(corpus) + 1))
    for split, queries in (
        ("train", suite.train["G2"]),
        ("test", suite.tests["G2_instruction"] + suite.tests["G2_category"]),
    ):
        with (folder / f"{split}.query.txt").open(newline="") as handle:
            texts = {int(qid): text for qid, text in csv.reader(handle, delimiter="\t")}
        assert sorted(texts.values()) == sorted(q.text for q in queries)
        relevant: dict[str, set[tuple[str, str]]] = {}
        with (folder / f"qrels.{split}.tsv").open(newline="") as handle:
            for qid, zero, docid, one in csv.reader(handle, delimiter="\t"):
                assert (zero, one) == ("0", "1")
                doc = corpus[int(docid)]
                relevant.setdefault(texts[int(qid)], set()).add((doc["tool_name"], doc["api_name"]))
        assert relevant == {q.text: set(q.relevant_apis or []) for q in queries}
