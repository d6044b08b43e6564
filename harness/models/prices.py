"""What tokens cost, per model, in US dollars per million tokens.

The built-in table holds list prices as the providers published them; prices change, so every run
can override them: ``-M price_prompt=3 -M price_completion=4`` for one model, or a JSON file named
by ``$HARNESS_MODEL_PRICES`` (``{"model-id": {"prompt": 3.0, "completion": 4.0}, ...}``) for many.
A model with no known price costs 0, which is right for local models and says "unknown" otherwise.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from harness.models.base import ModelError, Usage

PRICES_ENV = "HARNESS_MODEL_PRICES"


@dataclass(frozen=True)
class Price:
    """USD per million prompt and completion tokens."""

    prompt_per_mtok: float
    completion_per_mtok: float

    def cost(self, usage: Usage) -> float:
        """The cost of one request's tokens."""
        return (usage.prompt_tokens * self.prompt_per_mtok + usage.completion_tokens * self.completion_per_mtok) / 1e6


BUILTIN_PRICES: dict[str, Price] = {
    "gpt-3.5-turbo-16k-0613": Price(3.0, 4.0),
    "gpt-3.5-turbo-0613": Price(1.5, 2.0),
    "gpt-3.5-turbo": Price(0.5, 1.5),
    "gpt-4": Price(30.0, 60.0),
    "gpt-4-32k": Price(60.0, 120.0),
    "gpt-4-turbo": Price(10.0, 30.0),
    "gpt-4o": Price(2.5, 10.0),
    "gpt-4o-mini": Price(0.15, 0.6),
    "gpt-4.1": Price(2.0, 8.0),
    "gpt-4.1-mini": Price(0.4, 1.6),
    "claude-2": Price(8.0, 24.0),
    "claude-2.0": Price(8.0, 24.0),
    "claude-2.1": Price(8.0, 24.0),
    "claude-instant-1": Price(0.8, 2.4),
    "claude-3-haiku": Price(0.25, 1.25),
    "claude-3-5-haiku": Price(0.8, 4.0),
    "claude-haiku-4-5": Price(1.0, 5.0),
    "claude-3-5-sonnet": Price(3.0, 15.0),
    "claude-3-7-sonnet": Price(3.0, 15.0),
    "claude-sonnet-4": Price(3.0, 15.0),
    "claude-sonnet-4-5": Price(3.0, 15.0),
    "claude-3-opus": Price(15.0, 75.0),
    "claude-opus-4": Price(15.0, 75.0),
    "claude-opus-4-1": Price(15.0, 75.0),
}


def _read_price_file(path: Path) -> dict[str, Price]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"cannot read the price file {path} (${PRICES_ENV}): {exc}") from None
    if not isinstance(raw, dict):
        raise ModelError(f'price file {path} must map model ids to {{"prompt": X, "completion": Y}}')
    prices: dict[str, Price] = {}
    for model, entry in raw.items():
        try:
            prices[str(model)] = Price(float(entry["prompt"]), float(entry["completion"]))
        except (TypeError, KeyError, ValueError):
            raise ModelError(
                f'price file {path}: entry {model!r} must be {{"prompt": X, "completion": Y}} in USD per 1M tokens'
            ) from None
    return prices


def price_table() -> dict[str, Price]:
    """The built-in prices, overridden by the file in ``$HARNESS_MODEL_PRICES`` when set."""
    table = dict(BUILTIN_PRICES)
    path = os.environ.get(PRICES_ENV)
    if path:
        table.update(_read_price_file(Path(path)))
    return table


def lookup_price(model_id: str, table: dict[str, Price] | None = None) -> Price | None:
    """The price of ``model_id``: an exact entry, else the longest entry it starts with (dated
    snapshots such as ``gpt-4o-2024-08-06`` cost what ``gpt-4o`` costs)."""
    table = price_table() if table is None else table
    if model_id in table:
        return table[model_id]
    prefixes = [name for name in table if model_id.startswith(name + "-")]
    return table[max(prefixes, key=len)] if prefixes else None
