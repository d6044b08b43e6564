"""DFSDT: ToolBench's depth-first search-based decision tree (its ``DFS_woFilter_w{width}``).

Each node is expanded into up to ``width`` children, one at a time, and each new child is searched
depth-first before its next sibling is made. Before a node's second and later child, the model is
shown the calls its earlier children made, so that it tries something else; that note is hidden
from everything below the new child. Returning from a subtree says how many levels to climb:
a final answer ends the search, a give-up climbs two (so the search resumes at the next sibling
one level up), and a dead end (depth limit, failed model call) climbs one (the next sibling).
"""

from __future__ import annotations

import time
from typing import Any

from harness.strategies.base import Agent, Budget
from harness.strategies.outcome import conclude, start
from harness.strategies.prompts import diversity_message
from harness.strategies.step import GAVE_UP, take_step
from harness.strategies.tree import SearchTree
from harness.types.messages import Function, Message
from harness.types.query import AgentQuery
from harness.types.trajectory import NodeKind, Trajectory, TrajectoryNode

ANSWER_BACK = 2
GIVE_UP_BACK = 2
DEAD_END_BACK = 1


class DepthFirstTree:
    """DFSDT with ``width`` children per node; stops at the first answer."""

    name = "dfsdt"

    def __init__(self, width: int = 2) -> None:
        if width < 1:
            raise ValueError("dfsdt needs width >= 1")
        self.width = width

    @property
    def method(self) -> str:
        return f"DFS_woFilter_w{self.width}"

    def arguments(self) -> dict[str, object]:
        return {"width": self.width}

    async def solve(self, query: AgentQuery, agent: Agent) -> Trajectory:
        began = time.perf_counter()
        traj, tree = start(query, agent, self.method, {**self.arguments(), **agent.limits.model_dump()})
        search = _Search(tree, agent, query, traj.functions, self.width)
        await search.expand(tree.root)
        conclude(tree, search.answers, search.give_ups, search.last)
        traj.wall_time_s = time.perf_counter() - began
        return traj


class _Search:
    def __init__(
        self, tree: SearchTree, agent: Agent, query: AgentQuery, functions: list[Function], width: int
    ) -> None:
        self.tree = tree
        self.agent = agent
        self.query = query
        self.functions = functions
        self.width = width
        self.budget = Budget(agent.limits)
        self.answers: list[TrajectoryNode] = []
        self.give_ups: list[TrajectoryNode] = []
        self.last: TrajectoryNode | None = None
        self.stopped = False

    async def expand(self, node: TrajectoryNode) -> int:
        """Search below ``node``; returns how many levels the caller should climb."""
        self.tree.visit(node)
        if node.depth >= self.agent.limits.max_depth or node.pruned or node.is_terminal:
            if node.is_terminal:
                self.answers.append(node)
                return ANSWER_BACK
            node.pruned = True
            if node.observation_code == GAVE_UP:
                self.give_ups.append(node)
                return GIVE_UP_BACK
            return DEAD_END_BACK
        for _ in range(self.width):
            note = self._diversity_note(node)
            result = await take_step(self.tree, node, self.agent, self.budget, self.query, self.functions, note)
            if result.node is None:
                self.stopped = True
                return 0
            self.last = result.node
            climb = await self.expand(result.node)
            if self.stopped or self.answers:
                self.stopped = True
                return 0
            if climb > 1:
                return climb - 1
        return DEAD_END_BACK

    def _diversity_note(self, node: TrajectoryNode) -> Message | None:
        """The note listing what ``node``'s earlier children called, or None for a first child."""
        candidates: list[dict[str, Any]] = []
        for child in self.tree.children.get(node.id, []):
            current = child
            while not current.is_terminal and current.kind is not NodeKind.ACTION_INPUT:
                below = self.tree.children.get(current.id)
                if not below:
                    break
                current = below[0]
            if current.kind is NodeKind.ACTION_INPUT:
                action = self.tree.parents[current.id]
                candidates.append(
                    {"name": action.content, "arguments": current.content, "observation": current.observation}
                )
        if not candidates:
            return None
        wording = self.agent.wording
        if wording is not None:
            return Message(role="user", content=wording.diversity_message(candidates, node.observation or None))
        return Message(role="user", content=diversity_message(candidates, node.observation or None))
