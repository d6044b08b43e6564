"""Starting an episode's trajectory and writing down what the search found."""

from __future__ import annotations

from harness.strategies.base import Agent
from harness.strategies.prompts import system_message, user_message
from harness.strategies.tree import SearchTree
from harness.toolbench.finish import parse_finish_arguments
from harness.toolbench.functions import build_functions
from harness.types.messages import Message
from harness.types.query import AgentQuery
from harness.types.trajectory import FinishType, Trajectory, TrajectoryNode


def start(query: AgentQuery, agent: Agent, method: str, arguments: dict[str, object]) -> tuple[Trajectory, SearchTree]:
    """An empty trajectory for ``query`` and its tree, rooted at the opening system and user turns."""
    traj = Trajectory(
        query_id=query.query_id,
        query=query.text,
        method=method,
        functions=build_functions(query.api_list, agent.finish_style),
        strategy_args=dict(arguments),
    )
    if agent.wording is not None:
        system, user = agent.wording.system_message(query), agent.wording.user_message(query)
    else:
        system, user = system_message(query), user_message(query)
    opening = [Message(role="system", content=system), Message(role="user", content=user)]
    return traj, SearchTree(traj, opening)


def conclude(
    tree: SearchTree,
    answers: list[TrajectoryNode],
    give_ups: list[TrajectoryNode],
    last: TrajectoryNode | None,
) -> Trajectory:
    """Fill the outcome fields: the first answer wins, else the first give-up (ToolBench draws one at
    random; the first keeps runs reproducible), else the chain that ran out of steps or budget.
    An answered node that a later call of its parallel turn pruned (a give-up after the answer) is
    no answer, as ToolBench's to_json reads its terminal nodes."""
    traj = tree.trajectory
    chosen: TrajectoryNode | None
    answered = [node for node in answers if not node.pruned]
    if answered:
        chosen, finish = answered[0], FinishType.GIVE_ANSWER
    elif give_ups:
        chosen, finish = give_ups[0], FinishType.GIVE_UP
    else:
        chosen, finish = last, FinishType.NONE
    if chosen is None or chosen.id == tree.root.id:
        return traj
    traj.chosen_path = [n.id for n in tree.path_to(chosen)]
    traj.finish_type = finish
    if finish is not FinishType.NONE:
        traj.finish_arguments = chosen.content
        traj.transcripts = tree.transcripts(chosen)
    if finish is FinishType.GIVE_ANSWER:
        _, traj.final_answer = parse_finish_arguments(chosen.content)
        traj.candidates = [[n.id for n in tree.path_to(node)] for node in answers if not node.pruned]
    return traj
