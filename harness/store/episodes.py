"""Rows for one finished episode: the episode, its tree nodes and its API calls.

An episode is keyed by (run, group, query id): ToolBench numbers queries per group, so the same id
names different queries in G1 and G2.
"""

from __future__ import annotations

import hashlib
from typing import Any

from harness.types.trajectory import Trajectory

Row = dict[str, Any]


def trajectory_json(traj: Trajectory) -> str:
    """The stored form of a trajectory (stable for equal trajectories)."""
    return traj.model_dump_json()


def content_hash(traj: Trajectory) -> str:
    """SHA-256 of the stored form; equal episodes have equal hashes."""
    return hashlib.sha256(trajectory_json(traj).encode()).hexdigest()


def _key(run_id: str, group: str, traj: Trajectory) -> Row:
    return {"run_id": run_id, "group_name": group, "query_id": traj.query_id}


def episode_row(run_id: str, group: str, traj: Trajectory, source_file: str | None) -> Row:
    """The ``episodes`` row."""
    return {
        **_key(run_id, group, traj),
        "method": traj.method,
        "query": traj.query,
        "finish_type": traj.finish_type.value,
        "final_answer": traj.final_answer,
        "llm_calls": traj.llm_calls,
        "prompt_tokens": traj.prompt_tokens,
        "completion_tokens": traj.completion_tokens,
        "total_tokens": traj.total_tokens,
        "cost_usd": traj.cost_usd,
        "wall_time_s": traj.wall_time_s,
        "error": "; ".join(traj.errors) or None,
        "source_file": source_file,
        "content_hash": content_hash(traj),
        "trajectory": trajectory_json(traj),
    }


def step_rows(run_id: str, group: str, traj: Trajectory) -> list[Row]:
    """One row per tree node."""
    chosen = set(traj.chosen_path)
    return [
        {
            **_key(run_id, group, traj),
            "node_id": n.id,
            "parent_id": n.parent_id,
            "kind": n.kind.value,
            "depth": n.depth,
            "content": n.content,
            "observation": n.observation,
            "observation_code": n.observation_code,
            "pruned": n.pruned,
            "is_terminal": n.is_terminal,
            "finished": n.finished,
            "on_chosen_path": n.id in chosen,
        }
        for n in traj.nodes
    ]


def api_call_rows(run_id: str, group: str, traj: Trajectory) -> list[Row]:
    """One row per function call (an action with its action input), Finish included."""
    chosen = set(traj.chosen_path)
    return [
        {
            **_key(run_id, group, traj),
            "call_index": index,
            "action_node_id": action.id,
            "input_node_id": call_input.id,
            "function_name": action.content,
            "arguments": call_input.content,
            "observation": call_input.observation,
            "status_code": call_input.observation_code,
            "latency_s": call_input.extra.get("_latency_s"),
            "cache_hit": call_input.extra.get("_cache_hit"),
            "backend": call_input.extra.get("_backend"),
            "on_chosen_path": call_input.id in chosen,
        }
        for index, (action, call_input) in enumerate(traj.api_calls())
    ]
