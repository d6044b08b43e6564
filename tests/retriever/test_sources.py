"""Query and corpus sources: query files, tasks, ToolBench retrieval folders and tool catalogs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from harness.retriever.errors import RetrieverError
from harness.retriever.layout import read_retrieval_split
from harness.retriever.sources import expand_sources, load_corpus_apis, load_query_set
from harness.tasks import GROUPS
from harness.toolbench.queries import write_query_file
from tests.retriever.world import apis, described_queries


def write_retrieval_folder(folder: Path) -> None:
    """A retrieval folder as ToolBench's preprocessing (via pandas) writes it: quoted JSON cells."""
    docs = apis()
    folder.mkdir(parents=True)
    with (folder / "corpus.tsv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["docid", "document_content"])
        for i, api in enumerate(docs, start=1):
            writer.writerow([i, json.dumps(api.model_dump(exclude_unset=True))])
            writer.writerow([i, json.dumps(api.model_dump(exclude_unset=True))])  # ToolBench repeats rows
    (folder / "train.query.txt").write_text("1\tWhat is the hourly forecast?\n2\tLyrics please\n", encoding="utf-8")
    (folder / "qrels.train.tsv").write_text("1\t0\t1\t1\n2\t0\t6\t1\n2\t0\t5\t1\n", encoding="utf-8")
    (folder / "test.query.txt").write_text("3\tIs flight 12 late?\n", encoding="utf-8")
    (folder / "qrels.test.tsv").write_text("3\t0\t7\t1\n", encoding="utf-8")


def test_retrieval_folder_splits(tmp_path: Path) -> None:
    folder = tmp_path / "G1"
    write_retrieval_folder(folder)
    train, corpus = read_retrieval_split(folder, "train")
    assert len(corpus) == len(apis())
    assert [(q.query_id, q.text) for q in train] == [("1", "What is the hourly forecast?"), ("2", "Lyrics please")]
    assert train[0].relevant_apis == [("SkyCast", "hourly forecast")]
    assert train[1].relevant_apis == [("Tunes", "song lyrics"), ("Tunes", "artist albums")]
    test = load_query_set(str(folder), "test")
    assert test.name == "G1:test" and test.queries[0].relevant_apis == [("FlyNow", "flight status")]
    assert len(test.apis) == 1 + len(apis())  # the query's own API plus the whole corpus
    with pytest.raises(RetrieverError, match="unknown split"):
        read_retrieval_split(folder, "dev")


def test_retrieval_folder_errors_name_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "G1"
    write_retrieval_folder(folder)
    (folder / "qrels.test.tsv").write_text("3\t0\t99\t1\n", encoding="utf-8")
    with pytest.raises(RetrieverError, match=r"qrels.test.tsv: docid 99 is not in corpus.tsv"):
        read_retrieval_split(folder, "test")
    (folder / "test.query.txt").unlink()
    with pytest.raises(RetrieverError, match=r"test\.query\.txt: no such file"):
        read_retrieval_split(folder, "test")


def test_query_files_tasks_and_catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    queries = described_queries(3)
    write_query_file(queries, tmp_path / "G1_test.json")
    loaded = load_query_set(str(tmp_path / "G1_test.json"))
    assert loaded.name == "G1_test" and [q.text for q in loaded.queries] == [q.text for q in queries]

    root = tmp_path / "tasks"
    (root / "mine").mkdir(parents=True)
    (root / "mine" / "G1_test.yaml").write_text(
        json.dumps({"name": "mine/G1_test", "group": "G1_test", "version": "1", "source": {"queries": "q.json"}})
    )
    write_query_file(queries, root / "mine" / "q.json")
    monkeypatch.setenv("HARNESS_TASKS_DIR", str(root))
    assert load_query_set("mine/G1_test").name == "mine/G1_test"
    with pytest.raises(RetrieverError, match="no task named 'mine/nope'"):
        load_query_set("mine/nope")
    with pytest.raises(RetrieverError, match="no such query file or retrieval folder"):
        load_query_set(str(tmp_path / "missing.json"))

    catalog = tmp_path / "tools"
    (catalog / "Weather").mkdir(parents=True)
    (catalog / "Weather" / "skycast.json").write_text(
        json.dumps({"tool_name": "SkyCast", "api_list": [{"name": "hourly forecast", "description": "rain"}]})
    )
    [api] = load_corpus_apis(str(catalog))
    assert (api.category_name, api.key, api.api_description) == ("Weather", ("SkyCast", "hourly forecast"), "rain")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(RetrieverError, match="tool catalog"):
        load_corpus_apis(str(empty))


def test_a_task_group_stands_for_its_tasks_but_an_existing_path_stays_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sandbox = [f"sandbox/{g}" for g in GROUPS]
    assert expand_sources(["sandbox-instruction", "x.json", "sandbox"]) == [
        "sandbox/G1_instruction",
        "sandbox/G2_instruction",
        "sandbox/G3_instruction",
        "x.json",
        *sandbox,
    ]
    (tmp_path / "sandbox").mkdir()  # a folder of that name in the working directory wins
    monkeypatch.chdir(tmp_path)
    assert expand_sources(["sandbox"]) == ["sandbox"]
    with pytest.raises(RetrieverError, match=r"did you mean 'sandbox'"):
        expand_sources(["sandbx", "toolbench"])
