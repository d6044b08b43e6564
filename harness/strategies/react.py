"""ReAct and CoT@N: independent chains of steps, each until Finish or the depth limit.

``react`` is ToolBench's CoT@1; ``cot@N`` runs up to N chains and stops at the first that gives an
answer. Every chain hangs under the one root, which is how ToolBench's CoT answer files (a list of
tries) map onto a tree.
"""

from __future__ import annotations

import time
from dataclasses import replace

from harness.strategies.base import Agent, Budget
from harness.strategies.outcome import conclude, start
from harness.strategies.step import take_step
from harness.types.query import AgentQuery
from harness.types.trajectory import Trajectory, TrajectoryNode


class ChainOfThought:
    """Up to ``attempts`` independent ReAct chains."""

    def __init__(self, attempts: int = 1) -> None:
        if attempts < 1:
            raise ValueError("cot@N needs N >= 1")
        self.attempts = attempts
        self.name = "react" if attempts == 1 else f"cot@{attempts}"

    @property
    def method(self) -> str:
        return f"CoT@{self.attempts}"

    def arguments(self) -> dict[str, object]:
        return {"attempts": self.attempts}

    async def solve(self, query: AgentQuery, agent: Agent) -> Trajectory:
        began = time.perf_counter()
        traj, tree = start(query, agent, self.method, {**self.arguments(), **agent.limits.model_dump()})
        if self.attempts > 1 and "temperature" not in agent.config.model_fields_set:
            # N tries at temperature 0 would repeat one try N times: they sample unless told otherwise.
            sampled = agent.config.model_copy(update={"temperature": agent.profile.try_temperature})
            agent = replace(agent, config=sampled)
        budget = Budget(agent.limits, counted=agent.profile.cot_call_budget)
        functions = traj.functions
        answers: list[TrajectoryNode] = []
        give_ups: list[TrajectoryNode] = []
        wins: list[bool] = []
        last: TrajectoryNode | None = None
        stopped = False
        for _ in range(self.attempts):
            node = tree.root
            while True:
                result = await take_step(tree, node, agent, budget, query, functions, shared_turn=True)
                if result.node is None:
                    stopped = True
                    break
                node = last = result.node
                if node.depth >= agent.limits.max_depth and not node.is_terminal:
                    node.pruned = True
                if node.pruned or node.is_terminal:
                    break
            if node is not tree.root:
                wins.append(node.is_terminal)
                # A parallel turn can give up after answering: the try succeeded (no more tries),
                # but single_chain.py exports no answer from a pruned end.
                if node.is_terminal and not node.pruned:
                    answers.append(node)
                elif node.observation_code == 4:
                    give_ups.append(node)
            if (wins and wins[-1]) or stopped:
                break
        traj.extra["toolbench"] = {"try_wins": wins}
        conclude(tree, answers, give_ups, last)
        traj.wall_time_s = time.perf_counter() - began
        return traj
