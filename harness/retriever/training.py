"""Fine-tuning a dense retriever: MultipleNegativesRankingLoss on (instruction, relevant API) pairs.

As ToolBench's ``toolbench/retrieval/train.py`` does, each relevant API of a training query is one
pair of (query text, document text), the other documents of a batch being the negatives. Two
additions: an optional hard negative per pair (another API of the same tool, else of the same
category, else any other API), and batches that never hold the same query or the same document
twice, so a query's other relevant API is never treated as a negative for it.

The result is an ordinary sentence-transformers folder (usable as ``--method PATH``) plus
``retriever.json``: how it was trained and a hash of every training query, so an evaluation can tell
when it is shown queries the model was trained on.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from harness import __version__
from harness.retriever.documents import Corpus, Document
from harness.retriever.encoders import load_sentence_model
from harness.retriever.errors import RetrieverError, require
from harness.retriever.evaluate import judged_queries
from harness.retriever.pretrained import model_fingerprint, model_label
from harness.types.query import Query
from harness.util.files import replacing_folder, write_json_atomic

MANIFEST = "retriever.json"


class HardNegatives(StrEnum):
    """Where a pair's extra negative comes from."""

    NONE = "none"
    TOOL = "tool"  # another API of the same tool, else of the same category, else any
    CATEGORY = "category"  # another API of the same category, else any


@dataclass(frozen=True)
class Example:
    """One training example: a query, one relevant document, optionally one hard negative."""

    query: str
    positive: str
    negative: str | None = None

    def texts(self) -> list[str]:
        return [self.query, self.positive] if self.negative is None else [self.query, self.positive, self.negative]


def query_digest(text: str) -> str:
    """How a training query is recorded in ``retriever.json`` (its text is not kept)."""
    return hashlib.sha256(text.strip().encode()).hexdigest()


class _NegativePools:
    """APIs grouped by tool and by category, to draw hard negatives from without rescanning the corpus."""

    def __init__(self, corpus: Corpus, mode: HardNegatives) -> None:
        self.mode = mode
        self.everything = list(corpus)
        self.by_tool: dict[str, list[Document]] = defaultdict(list)
        self.by_category: dict[str, list[Document]] = defaultdict(list)
        for doc in corpus:
            self.by_tool[doc.api.tool_name].append(doc)
            self.by_category[doc.api.category_name].append(doc)

    def draw(self, doc: Document, relevant: set[tuple[str, str]], rng: random.Random) -> str:
        """A document not relevant to the query: same tool, else same category (per mode), else any."""
        near = [self.by_tool[doc.api.tool_name]] if self.mode is HardNegatives.TOOL else []
        for pool in [*near, self.by_category[doc.api.category_name]]:
            candidates = [d for d in pool if d.key not in relevant]
            if candidates:
                return rng.choice(candidates).text
        for _ in range(32):  # the whole corpus: sample rather than scan it
            pick = rng.choice(self.everything)
            if pick.key not in relevant:
                return pick.text
        candidates = [d for d in self.everything if d.key not in relevant]
        if not candidates:
            raise RetrieverError("hard negatives need a corpus with APIs that are not relevant to the query")
        return rng.choice(candidates).text


def build_examples(
    queries: Sequence[Query], corpus: Corpus, hard_negatives: HardNegatives = HardNegatives.NONE, seed: int = 0
) -> list[Example]:
    """One example per (query, relevant API in the corpus), in query order."""
    rng = random.Random(seed)
    pools = _NegativePools(corpus, hard_negatives) if hard_negatives is not HardNegatives.NONE else None
    examples = []
    for text, relevant in judged_queries(list(queries)).items():
        for key in sorted(relevant):
            position = corpus.position(key)
            if position is None:
                continue
            doc = corpus.documents[position]
            negative = pools.draw(doc, relevant, rng) if pools is not None else None
            examples.append(Example(text, doc.text, negative))
    return examples


def batches(examples: Sequence[Example], size: int, rng: random.Random) -> list[list[Example]]:
    """Shuffled batches in which no query and no document appears twice (in-batch negatives stay negative).

    An example that would repeat a text waits for the next batch, keeping its place in the queue.
    """
    shuffled = list(examples)
    rng.shuffle(shuffled)
    pending = deque(shuffled)
    result: list[list[Example]] = []
    while pending:
        batch: list[Example] = []
        seen: set[str] = set()
        deferred: list[Example] = []
        while pending and len(batch) < size:
            example = pending.popleft()
            texts = set(example.texts())
            if texts & seen:
                deferred.append(example)
            else:
                batch.append(example)
                seen |= texts
        pending.extendleft(reversed(deferred))
        result.append(batch)
    return result


@dataclass
class TrainConfig:
    """Hyper-parameters; ToolBench's script used lr 2e-5, batch 32 and 5 epochs with bert-base."""

    epochs: int = 1
    batch_size: int = 32
    learning_rate: float = 2e-5
    warmup_ratio: float = 0.1
    max_seq_length: int | None = None  # None keeps the base model's (256 for all-MiniLM-L6-v2)
    hard_negatives: HardNegatives = HardNegatives.NONE
    seed: int = 42
    device: str | None = None  # None: $HARNESS_RETRIEVER_DEVICE, else cpu
    sources: list[str] = field(default_factory=list)


StepCallback = Callable[[int, int, float], None]


def _fit(model: Any, examples: Sequence[Example], config: TrainConfig, on_step: StepCallback | None) -> int:
    """Run the optimisation in place; returns the number of steps taken."""
    torch = require("torch")
    losses = require("sentence_transformers.sentence_transformer.losses")
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    loss = losses.MultipleNegativesRankingLoss(model)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.learning_rate)
    # A lone pair without a hard negative has nothing to be contrasted with: its loss is always 0.
    plan = [
        [b for b in batches(examples, config.batch_size, rng) if len(b) > 1 or b[0].negative is not None]
        for _ in range(config.epochs)
    ]
    total = sum(len(epoch) for epoch in plan)
    warmup = math.ceil(total * config.warmup_ratio)

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / (warmup + 1)
        return max(0.0, (total - step) / max(1, total - warmup))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    model.train()
    for step, batch in enumerate((b for epoch in plan for b in epoch), start=1):
        columns = list(zip(*(e.texts() for e in batch), strict=True))
        features = [_to_device(model.preprocess(list(column)), model.device) for column in columns]
        value = loss(features, torch.empty(0))  # the loss ignores labels: row i's positive is column i
        optimizer.zero_grad()
        value.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        if on_step is not None:
            on_step(step, total, float(value.detach()))
    model.eval()
    return total


def train_model(
    examples: Sequence[Example],
    base_dir: Path,
    out: Path,
    config: TrainConfig,
    train_queries: Sequence[str],
    on_step: StepCallback | None = None,
) -> dict[str, Any]:
    """Fine-tune the model in ``base_dir`` on ``examples`` and save it to ``out``; returns the manifest.

    ``out`` is replaced only when training finished: an interrupted run leaves the old model (or none).
    """
    if not examples:
        raise RetrieverError("no training pairs: the training queries name no relevant APIs found in the corpus")
    if len({len(e.texts()) for e in examples}) != 1:
        raise RetrieverError("every training example needs a hard negative, or none does")
    with replacing_folder(out, MANIFEST, "a retriever model") as staging:
        model = load_sentence_model(base_dir, config.device)
        if config.max_seq_length:
            model.max_seq_length = config.max_seq_length
        steps = _fit(model, examples, config, on_step)
        model.save(str(staging), create_model_card=False)
        manifest = {
            "harness_version": __version__,
            "base": model_label(base_dir),
            "base_sha256": model_fingerprint(base_dir),
            "loss": "MultipleNegativesRankingLoss",
            "pairs": len(examples),
            "steps": steps,
            "epochs": config.epochs,
            "batch_size": config.batch_size,
            "learning_rate": config.learning_rate,
            "warmup_ratio": config.warmup_ratio,
            "max_seq_length": model.max_seq_length,
            "hard_negatives": config.hard_negatives.value,
            "seed": config.seed,
            "train_sources": config.sources,
            "train_query_sha256": sorted({query_digest(q) for q in train_queries}),
        }
        write_json_atomic(staging / MANIFEST, manifest)
    return manifest


def _to_device(features: dict[str, Any], device: Any) -> dict[str, Any]:
    return {k: v.to(device) if hasattr(v, "to") else v for k, v in features.items()}


def trained_on(model_dir: Path, queries: Sequence[str]) -> int:
    """How many of ``queries`` the model in ``model_dir`` was trained on (0 for models without a manifest)."""
    manifest = model_dir / MANIFEST
    if not manifest.is_file():
        return 0
    try:
        seen = set(json.loads(manifest.read_text(encoding="utf-8")).get("train_query_sha256", []))
    except (json.JSONDecodeError, AttributeError):
        return 0
    return sum(1 for q in queries if query_digest(q) in seen)
