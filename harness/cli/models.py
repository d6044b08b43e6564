"""``harness ls models``: every model name, its adapter, and what it needs."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from harness.cli.common import JsonOption, console, print_json
from harness.models.registry import list_models


def model_rows() -> list[dict[str, str | bool]]:
    """One row per registry entry; ``ready`` says whether what it needs is present here (keys are
    only checked for presence, never shown)."""
    return [
        {
            "name": spec.display_name,
            "adapter": spec.adapter,
            "default": spec.default,
            "needs": spec.needs,
            "ready": spec.ready(),
            "description": spec.description,
            "source": spec.source,
        }
        for spec in list_models()
    ]


def ls_models(as_json: JsonOption = False) -> None:
    """List the model names `harness run --model` takes."""
    rows = model_rows()
    if as_json:
        print_json(rows)
        return
    table = Table("model", "adapter", "default model / weights", "needs", "ready", "what it is", "from")
    for row in rows:
        # Cells are plain text: "[hf]" in an install hint is not a style tag.
        table.add_row(*(escape(str(row[k])) if k != "ready" else ("yes" if row[k] else "no") for k in row))
    console.print(table)
