"""Rows for one finished episode: the episode, its tree nodes and its API calls."""

from __future__ import annotations

import hashlib
from typing import Any

from harness.types.trajectory import Trajectory


def trajectory_json(traj: Trajectory) -> str:
    """The stored form of a trajectory (stable for equal trajectories)."""
    return traj.model_dump_json()


def content_hash(traj: Trajectory) -> str:
    """SHA-256 of the stored form; equal episodes have equal hashes."""
    return hashlib.sha256(trajectory_json(traj).encode()).hexdigest()


def _chosen(traj: Trajectory) -> set[int]:
    return set(traj.chosen_path)


def step_rows(run_id: str, traj: Trajectory) -> list[tuple[Any, ...]]:
    """One row per tree node."""
    chosen = _chosen(traj)
    return [
        (
            run_id,
            traj.query_id,
            n.id,
            n.parent_id,
            n.kind.value,
            n.depth,
            n.content,
            n.observation,
            n.observation_code,
            n.pruned,
            n.is_terminal,
            n.finished,
            n.id in chosen,
        )
        for n in traj.nodes
    ]


def api_call_rows(run_id: str, traj: Trajectory) -> list[tuple[Any, ...]]:
    """One row per function call (an action with its action input), Finish included."""
    chosen = _chosen(traj)
    rows = []
    for index, (action, call_input) in enumerate(traj.api_calls()):
        rows.append(
            (
                run_id,
                traj.query_id,
                index,
                action.id,
                call_input.id,
                action.content,
                call_input.content,
                call_input.observation,
                call_input.observation_code,
                call_input.extra.get("latency_s"),
                call_input.extra.get("cache_hit"),
                call_input.id in chosen,
            )
        )
    return rows


def episode_row(run_id: str, traj: Trajectory, group: str | None, source_file: str | None) -> tuple[Any, ...]:
    """The ``episodes`` row."""
    return (
        run_id,
        traj.query_id,
        group,
        traj.method,
        traj.query,
        traj.finish_type.value,
        traj.final_answer,
        traj.llm_calls,
        traj.prompt_tokens,
        traj.completion_tokens,
        traj.total_tokens,
        traj.cost_usd,
        traj.wall_time_s,
        "; ".join(traj.errors) or None,
        source_file,
        content_hash(traj),
        trajectory_json(traj),
    )


EPISODE_COLUMNS = (
    "run_id, query_id, group_name, method, query, finish_type, final_answer, llm_calls, prompt_tokens, "
    "completion_tokens, total_tokens, cost_usd, wall_time_s, error, source_file, content_hash, trajectory"
)
STEP_COLUMNS = (
    "run_id, query_id, node_id, parent_id, kind, depth, content, observation, observation_code, pruned, "
    "is_terminal, finished, on_chosen_path"
)
API_CALL_COLUMNS = (
    "run_id, query_id, call_index, action_node_id, input_node_id, function_name, arguments, observation, "
    "status_code, latency_s, cache_hit, on_chosen_path"
)
