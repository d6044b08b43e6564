"""Intent templates for every API of the bundled catalog (see data_builder/intent.py for the contract)."""

from __future__ import annotations

import importlib

from data_builder.intent import IntentTemplate
from data_builder.intents.base import REGISTRY
from data_builder.world.store import World, load_world

MODULES = [
    "weather",
    "travel",
    "finance",
    "media",
    "food_sports",
    "commerce",
    "data_geo",
    "tools",
    "science_text",
    "learning_leisure",
    "daily_life",
]

__all__ = ["World", "all_templates", "load_world"]


def all_templates() -> list[IntentTemplate]:
    """Every template, module by module in a fixed order."""
    for module in MODULES:
        importlib.import_module(f"data_builder.intents.{module}")
    return list(REGISTRY)
