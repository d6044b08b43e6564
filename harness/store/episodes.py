"""Rows for one finished episode: the episode, its tree nodes, its API calls and its LLM calls.

An episode is keyed by (run, group, query id): ToolBench numbers queries per group, so the same id
names different queries in G1 and G2.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticSerializationError, to_json

from harness.types.trajectory import Trajectory
from harness.util.redact import redact

Row = dict[str, Any]


def trajectory_json(traj: Trajectory) -> str:
    """The stored form of a trajectory (stable for equal trajectories)."""
    return traj.model_dump_json()


def content_hash(traj: Trajectory) -> str:
    """SHA-256 of the stored form; equal episodes have equal hashes. A field added later is left out
    while it holds its default, so an episode stored before it existed keeps its hash (re-importing
    the same file is still "unchanged")."""
    exclude = {"llm_calls_failed"} if traj.llm_calls_failed == 0 else None
    return hashlib.sha256(traj.model_dump_json(exclude=exclude).encode()).hexdigest()


def _key(run_id: str, group: str, traj: Trajectory) -> Row:
    return {"run_id": run_id, "group_name": group, "query_id": traj.query_id}


def episode_row(run_id: str, group: str, traj: Trajectory, source_file: str | None, digest: str | None = None) -> Row:
    """The ``episodes`` row; ``digest`` is ``content_hash(traj)`` when the caller has it already."""
    return {
        **_key(run_id, group, traj),
        "method": traj.method,
        "query": traj.query,
        "finish_type": traj.finish_type.value,
        "final_answer": traj.final_answer,
        "llm_calls": traj.llm_calls,
        "llm_calls_failed": traj.llm_calls_failed,
        "prompt_tokens": traj.prompt_tokens,
        "completion_tokens": traj.completion_tokens,
        "total_tokens": traj.total_tokens,
        "cost_usd": traj.cost_usd,
        "wall_time_s": traj.wall_time_s,
        "error": "; ".join(traj.errors) or None,
        "source_file": source_file,
        "content_hash": digest or content_hash(traj),
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


def llm_call_rows(run_id: str, group: str, traj: Trajectory, *, bodies: bool = True) -> list[Row]:
    """One row per model call (``traj.calls``). ``bodies=False`` leaves out the request and the
    response (``--no-log-requests``); attempts, waits, causes and usage are stored either way."""
    rows = []
    for call in traj.calls:
        request = response = None
        request_size = response_size = None
        if bodies:
            request, request_size = pack(call.request, call.secrets)
            response, response_size = pack(call.response, call.secrets)
        rows.append(
            {
                **_key(run_id, group, traj),
                "call_index": call.index,
                "node_id": call.node_id,
                "started_at": datetime.fromtimestamp(call.started_at, UTC).replace(tzinfo=None),
                "latency_s": call.latency_s,
                "attempts": call.attempts,
                "retries": json.dumps([r.model_dump(mode="json") for r in call.retries]),
                "status": call.status,
                "error": call.error,
                "prompt_tokens": call.prompt_tokens,
                "completion_tokens": call.completion_tokens,
                "cost_usd": call.cost_usd,
                "cached": call.cached,
                "model": json.dumps(call.model, sort_keys=True, default=str),
                "request": request,
                "response": response,
                "request_bytes": request_size,
                "response_bytes": response_size,
            }
        )
    return rows


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    return str(value)


def _json_bytes(value: Any) -> bytes:
    try:
        # pydantic's serializer walks messages and function schemas in Rust: several times faster.
        return to_json(value, exclude_none=True, fallback=str)
    except PydanticSerializationError:
        # A lone surrogate (a model can emit one) is not UTF-8; escaped JSON keeps it readable.
        return json.dumps(value, ensure_ascii=True, default=_jsonable).encode()


def pack(value: Any, secrets: tuple[str, ...] = ()) -> tuple[bytes | None, int | None]:
    """``value`` as zlib-compressed JSON with every credential (and anything shaped like an API key)
    masked, and its uncompressed size; (None, None) for None."""
    if value is None:
        return None, None
    text = redact(_json_bytes(value).decode(), secrets).encode()
    # Level 1: a third less CPU than 6 on request bodies (the writer's largest cost at high
    # concurrency, and the run's last batch is on its critical path) for about 8% more bytes.
    return zlib.compress(text, 1), len(text)


def unpack(blob: bytes | None) -> Any:
    """The JSON value ``pack`` stored (None for None)."""
    return None if blob is None else json.loads(zlib.decompress(blob))
