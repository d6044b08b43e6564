"""Text prompt formats for models without native tool calling, and the parser of their replies."""

from __future__ import annotations

from harness.models.formats.alpaca import AlpacaFormat
from harness.models.formats.base import PromptFormat, read_reply
from harness.models.formats.toolllama import STYLES, ToolLLaMAFormat
from harness.models.formats.vicuna import VicunaFormat

FORMAT_NAMES = ("toolllama", "vicuna", "alpaca")

__all__ = ["FORMAT_NAMES", "STYLES", "PromptFormat", "get_format", "read_reply"]


def get_format(name: str, style: str = "toolbench") -> PromptFormat:
    """The format called ``name``; ``style`` picks ToolLLaMA's layout (ignored by the others)."""
    if name == "toolllama":
        return ToolLLaMAFormat(style)
    if name == "vicuna":
        return VicunaFormat()
    if name == "alpaca":
        return AlpacaFormat()
    raise ValueError(f"unknown prompt format {name!r} (known: {', '.join(FORMAT_NAMES)})")
