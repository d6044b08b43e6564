"""Fine-tuning on a small generated set raises NDCG on its held-out part; the model records what it saw."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.retriever.documents import Corpus
from harness.retriever.errors import RetrieverError
from harness.retriever.pretrained import bundled_model_dir, model_fingerprint
from harness.retriever.training import (
    Example,
    HardNegatives,
    TrainConfig,
    batches,
    build_examples,
    train_model,
    trained_on,
)
from harness.toolbench.queries import write_query_file
from tests.retriever.world import apis, nickname_queries


def _eval(tmp_path: Path, queries: Path, *methods: str) -> dict[str, dict[str, float]]:
    args = ["retriever", "eval", "--queries", str(queries), "--json", "--cache-dir", str(tmp_path / "cache")]
    for method in methods:
        args += ["--method", method]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]
    return {method: row for method, row in zip(methods, rows, strict=True)}


def test_training_raises_ndcg_on_held_out_queries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sentence_transformers")
    # What is measured here is training, not the runtime: torch spares two ONNX exports.
    monkeypatch.setenv("HARNESS_RETRIEVER_BACKEND", "torch")
    train, held_out = tmp_path / "train.json", tmp_path / "held_out.json"
    write_query_file(nickname_queries(3), train)
    write_query_file(nickname_queries(2, offset=3), held_out)
    model = tmp_path / "model"
    trained = CliRunner().invoke(
        app,
        [
            "retriever",
            "train",
            "--train",
            str(train),
            "--out",
            str(model),
            "--epochs",
            "2",
            "--hard-negatives",
            "none",
            "--batch-size",
            "12",
            "--lr",
            "2e-4",
            "--max-seq-length",
            "64",
        ],
    )
    assert trained.exit_code == 0, trained.output
    assert f"use it with --method {model}" in trained.output
    manifest = json.loads((model / "retriever.json").read_text())
    assert manifest["pairs"] == 36 and manifest["steps"] == 6
    assert manifest["base"] == "sentence-transformers/all-MiniLM-L6-v2@1110a243"

    scores = _eval(tmp_path, held_out, "dense", str(model))
    before, after = scores["dense"], scores[str(model)]
    assert after["trained_on"] == 0
    assert after["ndcg@5"] > before["ndcg@5"] + 30, (before, after)
    assert after["ndcg@1"] > 80

    # Evaluating on the training queries is flagged: those scores are not a held-out test.
    seen = CliRunner().invoke(
        app,
        [
            "retriever",
            "eval",
            "--method",
            str(model),
            "--queries",
            str(train),
            "--json",
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
    )
    assert json.loads(seen.stdout)["results"][0]["trained_on"] == 36
    assert "was trained on 36 of the 36 queries" in seen.stderr


def test_training_with_hard_negatives_feeds_three_texts_per_pair(tmp_path: Path) -> None:
    pytest.importorskip("sentence_transformers")
    corpus = Corpus(apis())
    examples = build_examples(nickname_queries(1)[:6], corpus, HardNegatives.TOOL, seed=1)
    losses: list[tuple[int, int, float]] = []
    config = TrainConfig(batch_size=4, max_seq_length=16, hard_negatives=HardNegatives.TOOL)
    manifest = train_model(examples, bundled_model_dir(), tmp_path / "m", config, ["q"], lambda *a: losses.append(a))
    assert manifest["hard_negatives"] == "tool" and manifest["steps"] == len(losses) >= 2
    assert [step for step, _, _ in losses] == list(range(1, len(losses) + 1))
    assert all(total == len(losses) and math.isfinite(loss) and loss > 0 for _, total, loss in losses)
    assert manifest["base_sha256"] != model_fingerprint(tmp_path / "m")  # the weights were updated


def test_out_must_be_new_empty_or_a_model(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    write_query_file(nickname_queries(1), tmp_path / "train.json")
    result = CliRunner().invoke(
        app, ["retriever", "train", "--train", str(tmp_path / "train.json"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "is not a retriever model; give an empty or new folder" in result.output
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_batches_never_repeat_a_query_or_document() -> None:
    examples = [Example(f"q{i % 5}", f"d{i % 7}") for i in range(35)]
    made = batches(examples, 4, random.Random(1))
    assert sorted((e.query, e.positive) for b in made for e in b) == sorted((e.query, e.positive) for e in examples)
    for batch in made:
        assert len({e.query for e in batch}) == len(batch) == len({e.positive for e in batch})
        assert len(batch) <= 4


def test_hard_negatives_come_from_the_same_tool_and_are_never_relevant() -> None:
    corpus = Corpus(apis())
    queries = nickname_queries(2)
    examples = build_examples(queries, corpus, HardNegatives.TOOL, seed=3)
    assert len(examples) == len(queries)
    tool_of = {doc.text: doc.api.tool_name for doc in corpus}
    for example in examples:
        assert example.negative is not None and example.negative != example.positive
        assert tool_of[example.negative] == tool_of[example.positive]
    category = build_examples(queries, corpus, HardNegatives.CATEGORY, seed=3)
    assert all(e.negative is not None and e.negative != e.positive for e in category)
    assert build_examples(queries, corpus, HardNegatives.TOOL, seed=3) == examples  # seeded


def test_trained_on_counts_only_with_a_manifest(tmp_path: Path) -> None:
    assert trained_on(tmp_path, ["anything"]) == 0
    with pytest.raises(RetrieverError, match="no training pairs"):
        train_model([], tmp_path, tmp_path / "out", TrainConfig(), [])
