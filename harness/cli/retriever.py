"""``harness retriever train|eval``: fine-tune a dense retriever, and compare retrievers per query group."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from harness.cli.common import JsonOption, console, err_console, print_json, print_table, user_errors
from harness.retriever.documents import Corpus
from harness.retriever.encoders import settings_for
from harness.retriever.errors import RetrieverError
from harness.retriever.evaluate import evaluate, judged_queries
from harness.retriever.factory import open_retriever
from harness.retriever.index_cache import IndexCache
from harness.retriever.pretrained import bundled_model_dir, check_model_dir, model_label
from harness.retriever.sources import QuerySet, expand_sources, load_corpus_apis, load_query_set
from harness.retriever.training import HardNegatives, TrainConfig, build_examples, train_model, trained_on

app = typer.Typer(help="API retriever: fine-tune a model, evaluate retrievers.", no_args_is_help=True)

DataDirOption = Annotated[Path | None, typer.Option("--data-dir", help="Data folder for third-party tasks.")]
CorpusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--corpus",
        help="Extra corpus source (catalog folder, corpus.tsv, query file, retrieval folder or task); repeatable.",
    ),
]
DeviceOption = Annotated[
    str | None,
    typer.Option(
        "--device",
        help="torch device for dense models (cpu, cuda, cuda:N, mps); default $HARNESS_RETRIEVER_DEVICE or cpu.",
    ),
]
BackendOption = Annotated[
    str | None,
    typer.Option(
        "--backend",
        help="Runtime for dense models: torch, onnx, onnx-int8 or onnx-int8-batched (CPU); default "
        "$HARNESS_RETRIEVER_BACKEND, else onnx-int8 (torch with a GPU --device).",
    ),
]
MaxTokensOption = Annotated[
    int | None,
    typer.Option(
        "--max-tokens",
        min=8,
        help="Tokens read per text by dense models (default: 128 for onnx*, the model's for torch).",
    ),
]
CacheOption = Annotated[
    Path | None, typer.Option("--cache-dir", help="Index cache (default: $HARNESS_RETRIEVER_CACHE or ~/.cache).")
]


def _each(values: list[str] | None) -> list[str]:
    """Repeated options, each possibly a comma-separated list."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _model_dir(method: str) -> Path:
    """The model folder a method names (``PATH`` or ``hybrid:PATH``); it may not exist."""
    return Path(method.removeprefix("hybrid:")).expanduser()


def _corpus(sets: list[QuerySet], extra: list[str], data_dir: Path | None) -> Corpus:
    apis = [api for s in sets for api in s.apis]
    for spec in extra:
        apis.extend(load_corpus_apis(spec, data_dir))
    return Corpus(apis)


@app.command("eval")
def eval_command(
    method: Annotated[
        list[str], typer.Option("--method", help="bm25, dense, hybrid[:MODEL_DIR] or a model folder; repeatable.")
    ],
    queries: Annotated[
        list[str], typer.Option("--queries", help="Task, task group, query file or retrieval folder; repeatable.")
    ],
    corpus: CorpusOption = None,
    data_dir: DataDirOption = None,
    cache_dir: CacheOption = None,
    device: DeviceOption = None,
    backend: BackendOption = None,
    max_tokens: MaxTokensOption = None,
    as_json: JsonOption = False,
) -> None:
    """NDCG@1/3/5 (as ToolBench computes it) and recall@5 of each method on each query set.

    The corpus is every API the query sets offer, plus any --corpus sources."""
    with user_errors():
        methods = _each(method)
        sets = [load_query_set(spec, "test", data_dir) for spec in expand_sources(_each(queries))]
        if not methods or not sets:
            raise RetrieverError("give at least one --method and one --queries")
        encoder = settings_for(backend, max_tokens, device)  # a bad backend fails before any indexing
        docs = _corpus(sets, expand_sources(_each(corpus)), data_dir)
        cache = IndexCache(cache_dir)
        rows = []
        for name in methods:
            retriever = open_retriever(name, docs, cache, device, encoder=encoder)
            for query_set in sets:
                result = evaluate(retriever, query_set.queries)
                leaked = trained_on(_model_dir(name), list(judged_queries(query_set.queries)))
                if leaked:
                    err_console.print(
                        f"[yellow]warning:[/] {name} was trained on {leaked} of the {result.queries} queries of "
                        f"{query_set.name}; its scores there are not a held-out test",
                        highlight=False,
                        soft_wrap=True,
                    )
                rows.append({"queries_from": query_set.name, "method": retriever.label, **result.as_dict()})
                rows[-1]["trained_on"] = leaked
    if as_json:
        print_json({"corpus": {"apis": len(docs), "sha256": docs.fingerprint}, "results": rows})
        return
    table = Table(title=f"retrieval over {len(docs)} APIs")
    for column in ("queries", "method", "n", "NDCG@1", "NDCG@3", "NDCG@5", "recall@5", "ms/query"):
        table.add_column(column, justify="left" if column in ("queries", "method") else "right", no_wrap=True)
    for row in rows:
        table.add_row(
            row["queries_from"],
            row["method"],
            str(row["queries"]),
            *(f"{row[key]:.2f}" for key in ("ndcg@1", "ndcg@3", "ndcg@5", "recall@5", "ms_per_query")),
        )
    print_table(table)


@app.command("train")
def train_command(
    train: Annotated[
        list[str], typer.Option("--train", help="Task, query file or retrieval folder (train split); repeatable.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder for the fine-tuned model.")],
    base: Annotated[
        Path | None, typer.Option("--base", help="Model folder to start from (default: bundled all-MiniLM-L6-v2).")
    ] = None,
    epochs: Annotated[int, typer.Option("--epochs", min=1, help="Passes over the pairs.")] = 2,
    batch_size: Annotated[int, typer.Option("--batch-size", min=2, help="Pairs per step (in-batch negatives).")] = 32,
    learning_rate: Annotated[float, typer.Option("--lr", min=0.0, help="Peak learning rate.")] = 3e-5,
    max_seq_length: Annotated[
        int, typer.Option("--max-seq-length", min=0, help="Token limit per text (0: the base model's).")
    ] = 128,
    hard_negatives: Annotated[
        HardNegatives, typer.Option("--hard-negatives", help="Add a negative from the same tool or category.")
    ] = HardNegatives.TOOL,
    seed: Annotated[int, typer.Option("--seed", help="Shuffling and initialisation seed.")] = 42,
    device: DeviceOption = None,
    corpus: CorpusOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Fine-tune a dense retriever with MultipleNegativesRankingLoss on (instruction, relevant API) pairs."""
    with user_errors():
        sources = expand_sources(_each(train))
        sets = [load_query_set(spec, "train", data_dir) for spec in sources]
        if not sets:
            raise RetrieverError("give at least one --train source")
        docs = _corpus(sets, expand_sources(_each(corpus)), data_dir)
        training_queries = [q for s in sets for q in s.queries]
        examples = build_examples(training_queries, docs, hard_negatives, seed)
        base_dir = bundled_model_dir() if base is None else check_model_dir(base)
        config = TrainConfig(
            epochs=epochs,
            batch_size=batch_size,
            learning_rate=learning_rate,
            max_seq_length=max_seq_length or None,
            hard_negatives=hard_negatives,
            seed=seed,
            device=device,
            sources=sources,
        )
        err_console.print(
            f"training {model_label(base_dir)} on {len(examples)} pairs from {len(judged_queries(training_queries))} "
            f"queries ({', '.join(s.name for s in sets)}), {epochs} epoch(s), batch {batch_size}",
            highlight=False,
        )
        began = time.perf_counter()
        with Progress(
            TextColumn("[bold]train"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("loss {task.fields[loss]:.4f}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=err_console,
            transient=False,
        ) as progress:
            task = progress.add_task("train", total=None, loss=0.0)

            def step(done: int, total: int, loss: float) -> None:
                progress.update(task, completed=done, total=total, loss=loss)

            manifest = train_model(examples, base_dir, out, config, [q.text for q in training_queries], step)
    console.print(
        f"saved {out} ({manifest['pairs']} pairs, {manifest['steps']} steps, {time.perf_counter() - began:.0f} s); "
        f"use it with --method {out}",
        highlight=False,
        soft_wrap=True,
    )
