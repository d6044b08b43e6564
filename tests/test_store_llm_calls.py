"""The llm_calls table: a file of the previous schema migrates (its episodes count no failed
calls), and a trajectory's call log is stored and read back through the views."""

from __future__ import annotations

from pathlib import Path

import duckdb

from harness.store import StoreWriter
from harness.store.episodes import pack, unpack
from harness.store.schema import LLM_CALLS, MIGRATIONS, current_version, migrate
from harness.types.llm_call import LLMCall, RetryRecord
from harness.types.messages import Message
from tests.test_store import _traj

KEY = "sk-store-0123456789abcdef"


def test_a_file_of_the_previous_schema_migrates_and_keeps_its_episodes(tmp_path: Path) -> None:
    db = tmp_path / "v3.duckdb"
    with duckdb.connect(str(db)) as conn:
        migrate(conn, MIGRATIONS[: MIGRATIONS.index(LLM_CALLS)])
        assert current_version(conn) == LLM_CALLS.version - 1
        conn.execute(
            "INSERT INTO runs (run_id, name, source, spec, harness_version) VALUES ('r', 'old', 'run', '{}', '0')"
        )
        conn.execute(
            """INSERT INTO episodes (run_id, group_name, query_id, finish_type, llm_calls, content_hash, trajectory)
               VALUES ('r', 'G1', '1', 'give_answer', 3, 'h', '{}')"""
        )
    StoreWriter(db).close()
    with duckdb.connect(str(db), read_only=True) as conn:
        assert current_version(conn) == LLM_CALLS.version
        assert conn.execute("SELECT llm_calls, llm_calls_failed FROM episodes").fetchall() == [(3, 0)]
        assert conn.execute("SELECT count(*) FROM llm_calls").fetchone() == (0,)
        stats = conn.execute("SELECT llm_calls, llm_calls_failed, llm_retries FROM run_stats").fetchone()
    assert stats == (3, 0, 0)


def test_a_call_log_is_stored_redacted_and_read_back(tmp_path: Path) -> None:
    traj = _traj("7")
    traj.llm_calls, traj.llm_calls_failed = 2, 1
    asked = [Message(role="user", content=f"use {KEY} please")]
    traj.calls = [
        LLMCall(
            index=0,
            status="failed",
            error="HTTP 503 twice",
            attempts=2,
            retries=[RetryRecord(cause="HTTP 503 from x", http_status=503, wait_s=1.5)],
            request={"messages": asked, "sampling": {"temperature": 0.0}},
            response={"error": {"message": "overloaded"}},
            secrets=(KEY,),
        ),
        LLMCall(index=1, node_id=2, started_at=1_700_000_000.0, latency_s=0.25, prompt_tokens=11, response="Finish"),
    ]
    db = tmp_path / "calls.duckdb"
    with StoreWriter(db) as writer:
        writer.ensure_run("r", "run", "run", {}, "0")
        writer.add_episode("r", traj, "G1")
    assert KEY.encode() not in db.read_bytes()
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute(
            """SELECT call_index, node_id, attempts, retries, status, error, request, response, prompt_tokens,
                      started_at, run
               FROM episode_llm_calls ORDER BY call_index"""
        ).fetchall()
        failed = conn.execute("SELECT llm_calls_failed FROM episodes").fetchone()
    assert failed == (1,)
    first, second = rows
    assert first[2:6] == (
        2,
        '[{"cause": "HTTP 503 from x", "http_status": 503, "wait_s": 1.5}]',
        "failed",
        "HTTP 503 twice",
    )
    assert unpack(first[6]) == {
        "messages": [{"role": "user", "content": "use *** please"}],
        "sampling": {"temperature": 0.0},
    }
    assert unpack(first[7]) == {"error": {"message": "overloaded"}}
    assert (second[0], second[1], second[4], second[8], unpack(second[7])) == (1, 2, "answered", 11, "Finish")
    assert second[9].year == 2023 and second[10] == "run"


def test_bodies_with_a_lone_surrogate_or_odd_values_still_pack() -> None:
    text = "half a pair: \ud800, and a key sk-abcdefghij"
    blob, _ = pack({"messages": [Message(role="assistant", content=text)], "odd": object(), "n": 1.5})
    stored = unpack(blob)
    assert stored["messages"][0]["content"] == "half a pair: \ud800, and a key ***"
    assert stored["n"] == 1.5 and stored["odd"].startswith("<object")


def test_an_episode_stored_before_the_failed_count_keeps_its_hash() -> None:
    """Re-importing a file imported by an older harness must still read as unchanged."""
    import hashlib

    from harness.store.episodes import content_hash
    from harness.types.trajectory import Trajectory

    traj = Trajectory(query_id="1", query="q", llm_calls=3)
    before = traj.model_dump_json(exclude={"llm_calls_failed"})
    assert content_hash(traj) == hashlib.sha256(before.encode()).hexdigest()
    assert content_hash(traj.model_copy(update={"llm_calls_failed": 1})) != content_hash(traj)
