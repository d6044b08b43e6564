"""A search tree under construction: nodes in creation order, each chain end's conversation, and
ToolBench's bookkeeping (finished marks, visit order, training transcripts)."""

from __future__ import annotations

from harness.types.messages import Message
from harness.types.trajectory import NodeKind, Trajectory, TrajectoryNode

HIDDEN = "valid"  # ToolBench marks a message that later turns must not see with "valid": false


def visible(messages: list[Message]) -> list[Message]:
    """The messages a model is shown: hidden ones (spent diversity notes) left out."""
    return [m for m in messages if (m.model_extra or {}).get(HIDDEN, True) is not False]


def hide(message: Message) -> Message:
    """A copy of ``message`` that later turns do not see but transcripts still record."""
    return Message.model_validate({**message.model_dump(exclude_none=True), HIDDEN: False})


class SearchTree:
    """Builds ``trajectory.nodes`` and keeps, per node that ends a step, the conversation so far."""

    def __init__(self, trajectory: Trajectory, root_messages: list[Message]) -> None:
        self.trajectory = trajectory
        self.root = self._new(None, NodeKind.ROOT, "")
        self.conversation: dict[int, list[Message]] = {self.root.id: list(root_messages)}
        self.parents: dict[int, TrajectoryNode] = {}
        self.children: dict[int, list[TrajectoryNode]] = {}
        self._visits = 0

    def _new(self, parent: TrajectoryNode | None, kind: NodeKind, content: str) -> TrajectoryNode:
        node = TrajectoryNode(
            id=len(self.trajectory.nodes),
            parent_id=None if parent is None else parent.id,
            kind=kind,
            depth=0 if parent is None else parent.depth + 1,
            content=content,
        )
        self.trajectory.nodes.append(node)
        return node

    def add(self, parent: TrajectoryNode, kind: NodeKind, content: str) -> TrajectoryNode:
        """A new child of ``parent``; it inherits the parent's finished-search state."""
        node = self._new(parent, kind, content)
        node.is_terminal = parent.is_terminal
        self.parents[node.id] = parent
        self.children.setdefault(parent.id, []).append(node)
        return node

    def visit(self, node: TrajectoryNode) -> None:
        """Record the order in which the search expands nodes (ToolBench's expand_num)."""
        node.extra["_expand_num"] = self._visits
        self._visits += 1

    def make_finish(self, node: TrajectoryNode, action_inputs: int) -> None:
        """Mark ``node`` and its ancestors finished, up to ``action_inputs`` more action-input nodes."""
        current: TrajectoryNode | None = node
        remaining = action_inputs
        while current is not None:
            current.finished = True
            if current.kind is NodeKind.ACTION_INPUT:
                remaining -= 1
            if remaining < 0:
                break
            current = self.parents.get(current.id)

    def path_to(self, node: TrajectoryNode) -> list[TrajectoryNode]:
        """The nodes from the root's child down to ``node``."""
        path: list[TrajectoryNode] = []
        current: TrajectoryNode | None = node
        while current is not None and current.kind is not NodeKind.ROOT:
            path.append(current)
            current = self.parents.get(current.id)
        return path[::-1]

    def transcripts(self, node: TrajectoryNode) -> list[list[Message]]:
        """ToolBench's train_messages for the chain ending at ``node``: for every step on the path, the
        conversation up to the assistant's turn, hidden messages dropped except the latest one (the
        diversity note that was in force when that turn was generated)."""
        result: list[list[Message]] = []
        for step in self.path_to(node):
            messages = self.conversation.get(step.id)
            if messages is None:
                continue
            upto = list(messages)
            while upto and upto[-1].role != "assistant":
                upto.pop()
            if upto:
                result.append(_keep_latest_hidden(upto))
        return result


def _keep_latest_hidden(messages: list[Message]) -> list[Message]:
    kept: list[Message] = []
    seen_hidden = False
    for message in reversed(messages):
        hidden = (message.model_extra or {}).get(HIDDEN, True) is False
        if not hidden or not seen_hidden:
            kept.append(message)
        seen_hidden = seen_hidden or hidden
    return kept[::-1]
