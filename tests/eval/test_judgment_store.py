"""The judgments table after migration 3, and the forced call the judge relies on."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from harness.models.anthropic_messages import AnthropicAdapter, anthropic_client
from harness.models.args import ArgReader
from harness.models.base import GenerateConfig
from harness.models.openai_chat import OpenAIChatAdapter, openai_client
from harness.store.judgments import StoredVote, VoteSet, insert_votes, load_votes
from harness.store.schema import CALL_BACKEND, INITIAL, JUDGMENT_DETAILS, migrate
from harness.types.messages import Function, Message


def test_migration_keeps_old_judgments_and_keys_votes_by_reference(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    with duckdb.connect(str(db)) as conn:
        assert migrate(conn, [INITIAL, CALL_BACKEND]) == 2
        conn.execute(
            "INSERT INTO judgments (run_id, group_name, query_id, judge, procedure, vote_index, label, score, reason) "
            "VALUES ('r', 'G1', '1', 'rule', 'pass_rate', 0, 'passed', 1.0, 'all facts')"
        )
        assert migrate(conn, [INITIAL, CALL_BACKEND, JUDGMENT_DETAILS]) == 3
        assert conn.execute("SELECT reference_run_id, label, reason, details FROM judgments").fetchall() == [
            ("", "passed", "all facts", None)
        ]
        for reference in ("ref-a", "ref-b"):  # the same vote index against two references
            vote_set = VoteSet("r", "rule", "win_rate", reference)
            insert_votes(conn, vote_set, [("G1", "1", StoredVote(0, "tie", 0.5, "same", details={"x": 1}))])
        assert load_votes(conn, VoteSet("r", "rule", "win_rate", "ref-b"))[("G1", "1")][0].details == {"x": 1}
        with pytest.raises(duckdb.ConstraintException):
            insert_votes(conn, VoteSet("r", "rule", "win_rate", "ref-a"), [("G1", "1", StoredVote(0, "tie", 0.5, ""))])


def test_adapters_send_the_forced_call() -> None:
    function = Function(name="grade", parameters={"type": "object", "properties": {}})
    messages = [Message(role="user", content="grade this")]
    forced = GenerateConfig(tool_choice="grade")
    local = {"base_url": "http://127.0.0.1:9/v1", "api_key": "k"}
    openai = OpenAIChatAdapter(openai_client(ArgReader("openai:m", local)), "m")
    assert openai.request_body(messages, [function], forced)["tool_choice"] == {
        "type": "function",
        "function": {"name": "grade"},
    }
    legacy = OpenAIChatAdapter(openai_client(ArgReader("openai:m", local)), "m", tool_api="functions")
    assert legacy.request_body(messages, [function], forced)["function_call"] == {"name": "grade"}
    assert "tool_choice" not in openai.request_body(messages, [function], GenerateConfig())
    claude_local = {**local, "base_url": "http://127.0.0.1:9"}
    anthropic = AnthropicAdapter(anthropic_client(ArgReader("anthropic:m", claude_local)), "m")
    assert anthropic.request_body(messages, [function], forced)["tool_choice"] == {"type": "tool", "name": "grade"}
