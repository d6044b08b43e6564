"""Core types shared by every part of the harness (see DESIGN.md, "Core types").

The names below are loaded on first use (PEP 562): a module that needs one light type (the store's
views need only ``Status``) must not pay for building every pydantic model of the package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from harness.types.docs import ApiDoc, Parameter, ToolDoc
    from harness.types.messages import Function, Message, ToolCall
    from harness.types.observation import Observation
    from harness.types.query import Gold, GoldPart, GoldSource, Query
    from harness.types.runspec import RunSpec
    from harness.types.trajectory import FinishType, NodeKind, Trajectory, TrajectoryNode

_HOMES = {
    "ApiDoc": "docs",
    "Parameter": "docs",
    "ToolDoc": "docs",
    "Function": "messages",
    "Message": "messages",
    "ToolCall": "messages",
    "Observation": "observation",
    "Gold": "query",
    "GoldPart": "query",
    "GoldSource": "query",
    "Query": "query",
    "RunSpec": "runspec",
    "FinishType": "trajectory",
    "NodeKind": "trajectory",
    "Trajectory": "trajectory",
    "TrajectoryNode": "trajectory",
}

__all__ = [
    "ApiDoc",
    "FinishType",
    "Function",
    "Gold",
    "GoldPart",
    "GoldSource",
    "Message",
    "NodeKind",
    "Observation",
    "Parameter",
    "Query",
    "RunSpec",
    "ToolCall",
    "ToolDoc",
    "Trajectory",
    "TrajectoryNode",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later lookups skip this function
    return value
