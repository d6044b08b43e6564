"""Core types shared by every part of the harness (see DESIGN.md, "Core types")."""

from harness.types.docs import ApiDoc, Parameter, ToolDoc
from harness.types.messages import Function, Message, ToolCall
from harness.types.observation import Observation
from harness.types.query import Gold, GoldPart, GoldSource, Query
from harness.types.runspec import RunSpec
from harness.types.trajectory import FinishType, NodeKind, Trajectory, TrajectoryNode

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
