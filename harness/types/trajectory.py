"""The whole search tree of one episode, plus what came out of it."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from harness.types.llm_call import LLMCall
from harness.types.messages import Function, Message


class NodeKind(StrEnum):
    """ToolBench's node types: a thought, the chosen function (Action), and its arguments
    (Action Input), which also carries the observation. The root is an empty Action Input."""

    ROOT = "root"
    THOUGHT = "thought"
    ACTION = "action"
    ACTION_INPUT = "action_input"


class FinishType(StrEnum):
    """How an episode ended."""

    GIVE_ANSWER = "give_answer"
    GIVE_UP = "give_up"
    NONE = "none"  # no Finish call: step limit, budget or error


class TrajectoryNode(BaseModel):
    """One node of the search tree; ``parent_id`` is None only for the root."""

    id: int
    parent_id: int | None
    kind: NodeKind
    depth: int = 0
    content: str = ""  # thought text, function name, or raw argument string
    observation: str | None = None
    observation_code: int | None = None
    pruned: bool = False
    is_terminal: bool = False
    finished: bool = False
    # Fields that only exist to reproduce another tool's file byte for byte (ToolBench's Elo,
    # expand_num, io_state, matching_time ...). Nothing in the harness reads them.
    extra: dict[str, Any] = Field(default_factory=dict)


class Trajectory(BaseModel):
    """Everything one strategy produced for one query. Strategies fill it; judges read it."""

    query_id: str
    query: str = ""
    method: str = ""  # e.g. DFS_woFilter_w2, CoT@1
    functions: list[Function] = Field(default_factory=list)
    nodes: list[TrajectoryNode] = Field(default_factory=list)
    chosen_path: list[int] = Field(default_factory=list)  # node ids from the root's child down
    final_answer: str | None = None  # the text the user sees
    finish_arguments: str = ""  # the chosen Finish call's raw arguments (ToolBench's final_answer)
    finish_type: FinishType = FinishType.NONE
    llm_calls: int = 0  # every model call, answered or failed
    llm_calls_failed: int = 0  # of those, the calls that got no usable reply
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    cost_usd: float = 0.0
    wall_time_s: float = 0.0
    errors: list[str] = Field(default_factory=list)
    # One chat transcript per finished chain, the last being the chosen one (ToolBench's
    # train_messages), and the node-id paths offered for comparison (compare_candidates).
    transcripts: list[list[Message]] = Field(default_factory=list)
    candidates: list[list[int]] = Field(default_factory=list)
    strategy_args: dict[str, Any] = Field(default_factory=dict)
    extra: dict[str, Any] = Field(default_factory=dict)
    # The audit log of every model call, stored in its own table (llm_calls). Left out of the
    # trajectory's JSON: it holds whole requests, and its timings would make equal episodes differ.
    calls: list[LLMCall] = Field(default_factory=list, exclude=True)

    def node(self, node_id: int) -> TrajectoryNode:
        """The node with this id."""
        return self.nodes_by_id()[node_id]

    def nodes_by_id(self) -> dict[int, TrajectoryNode]:
        """Every node by its id."""
        return {n.id: n for n in self.nodes}

    def children_index(self) -> dict[int, list[TrajectoryNode]]:
        """Each node's children, in the order they were made (leaves are absent)."""
        kids: dict[int, list[TrajectoryNode]] = {}
        for node in self.nodes:
            if node.parent_id is not None:
                kids.setdefault(node.parent_id, []).append(node)
        return kids

    def first_child_walk(
        self, start: TrajectoryNode, kids: dict[int, list[TrajectoryNode]] | None = None
    ) -> list[TrajectoryNode]:
        """The nodes below ``start`` reached by always taking the first child (a CoT try's chain)."""
        kids = self.children_index() if kids is None else kids
        walk: list[TrajectoryNode] = []
        current = start
        while kids.get(current.id):
            current = kids[current.id][0]
            walk.append(current)
        return walk

    def root(self) -> TrajectoryNode:
        """The tree's root node."""
        for node in self.nodes:
            if node.parent_id is None:
                return node
        raise ValueError(f"trajectory {self.query_id} has no root node")

    def api_calls(self) -> list[tuple[TrajectoryNode, TrajectoryNode]]:
        """Every (action, action_input) pair: one function call with its observation."""
        first_input: dict[int, TrajectoryNode] = {}
        for node in self.nodes:
            if node.kind is NodeKind.ACTION_INPUT and node.parent_id is not None:
                first_input.setdefault(node.parent_id, node)
        return [
            (action, first_input[action.id])
            for action in self.nodes
            if action.kind is NodeKind.ACTION and action.id in first_input
        ]
