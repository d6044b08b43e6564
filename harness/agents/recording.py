"""An agent's episode written down server-side: every tool call, in the order it was answered.

The calls form one chain under the root, in ToolBench's node types (a thought when the agent sent
one, the action, the action input carrying the observation), exactly the shape of a ReAct chain
of our own loop, so exports, judges and the store read agent episodes like any other.
"""

from __future__ import annotations

import json

from harness.strategies.outcome import conclude
from harness.strategies.tree import SearchTree
from harness.toolbench.naming import FINISH_FUNCTION_NAME
from harness.types.messages import Function, Message, ToolCall
from harness.types.observation import Observation, Status
from harness.types.query import AgentQuery
from harness.types.trajectory import NodeKind, Trajectory, TrajectoryNode

# How far up the chain a final answer marks nodes finished, as in our own loop.
FINISH_BACK = 2


class EpisodeRecorder:
    """Grows one episode's trajectory as its calls are answered; :meth:`conclude` fills the outcome."""

    def __init__(self, query: AgentQuery, functions: list[Function], method: str, arguments: dict[str, object]):
        self.trajectory = Trajectory(
            query_id=query.query_id,
            query=query.text,
            method=method,
            functions=list(functions),
            strategy_args=dict(arguments),
        )
        # What the agent said to its own model is its business; the record starts from the request.
        self.tree = SearchTree(self.trajectory, [Message(role="user", content=query.text)])
        self.end: TrajectoryNode = self.tree.root
        self.answers: list[TrajectoryNode] = []
        self.give_ups: list[TrajectoryNode] = []

    def thought(self, text: str) -> None:
        """A thought the agent reports outside any call (appended to the chain)."""
        node = self.tree.add(self.end, NodeKind.THOUGHT, text)
        self.tree.conversation[node.id] = [*self.tree.conversation[self.end.id]]
        self.end = node

    def on_call(self, call: ToolCall, observation: Observation, thought: str | None) -> None:
        """Record one answered call (the MCP session's listener)."""
        if thought:
            self.thought(thought)
        history = self.tree.conversation[self.end.id]
        action = self.tree.add(self.end, NodeKind.ACTION, call.name)
        node = self.tree.add(action, NodeKind.ACTION_INPUT, call.arguments)
        node.observation, node.observation_code = observation.text, observation.status_code
        node.extra["_latency_s"] = observation.latency_s
        node.extra["_cache_hit"] = observation.cache_hit
        if observation.backend:
            node.extra["_backend"] = observation.backend
        call_id = f"call_{node.id}"
        self.tree.conversation[node.id] = [
            *history,
            Message(role="assistant", content=thought, tool_call=call.model_copy(update={"id": call_id})),
            Message(role="tool", name=call.name, content=observation.text, tool_call_id=call_id),
        ]
        if call.name == FINISH_FUNCTION_NAME and observation.status_code == Status.FINISH_GIVE_UP:
            node.pruned = True
            self.give_ups.append(node)
        elif call.name == FINISH_FUNCTION_NAME and observation.status_code == Status.FINISH_ANSWER:
            node.is_terminal = True
            self.tree.make_finish(node, FINISH_BACK)
            self.answers.append(node)
        self.end = node

    @property
    def finished(self) -> bool:
        """Whether a Finish call answered or gave up."""
        return bool(self.answers or self.give_ups)

    def answer_from_reply(self, answer: str) -> None:
        """The agent's reply as its final answer, for an agent that made no Finish call: recorded as
        the Finish call it stands for, marked as coming from the reply."""
        from harness.envs.calls import finish_outcome

        raw = json.dumps({"return_type": "give_answer", "final_answer": answer}, ensure_ascii=False)
        text, status = finish_outcome(raw)
        self.on_call(
            ToolCall(name=FINISH_FUNCTION_NAME, arguments=raw), Observation(text=text, status_code=status), None
        )
        self.end.extra["_from_reply"] = True

    def conclude(self, errors: list[str], wall_time_s: float) -> Trajectory:
        """The finished trajectory: the first answer, else the first give-up, else the chain's end."""
        last = None if self.end is self.tree.root else self.end
        traj = conclude(self.tree, self.answers, self.give_ups, last)
        traj.errors.extend(errors)
        traj.wall_time_s = wall_time_s
        return traj
