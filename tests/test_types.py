"""Core types: RunSpec identity, tool calls, trajectories."""

from __future__ import annotations

from harness.types import RunSpec, ToolCall
from harness.types.messages import Message
from harness.types.runspec import retriever_label


def _spec(**overrides: object) -> RunSpec:
    values: dict[str, object] = {
        "tasks": ["stabletoolbench/G1_instruction"],
        "task_data_hash": "abc",
        "model": "openai",
        "model_args": {"model": "gpt-4o", "temperature": 0},
        "strategy": "dfsdt",
        "strategy_args": {"width": 2},
        "seed": 1,
    }
    values.update(overrides)
    return RunSpec.model_validate(values)


def test_run_id_is_stable_and_sensitive_to_every_input() -> None:
    base = _spec()
    assert base.run_id == _spec().run_id and len(base.run_id) == 16
    # Argument order does not matter, values do.
    assert _spec(model_args={"temperature": 0, "model": "gpt-4o"}).run_id == base.run_id
    for change in ({"seed": 2}, {"strategy_args": {"width": 3}}, {"task_data_hash": "abd"}, {"limit": 5}):
        assert _spec(**change).run_id != base.run_id, change


def test_secrets_never_enter_the_spec_or_its_hash() -> None:
    with_key = _spec(
        model_args={"model": "gpt-4o", "temperature": 0, "api_key": "sk-secret"},
        env_args={"toolbench_key": "tb-secret", "url": "http://x"},
    )
    assert "sk-secret" not in with_key.canonical_json()
    assert "tb-secret" not in with_key.canonical_json()
    assert with_key.run_id == _spec(env_args={"url": "http://x"}).run_id


def test_tool_call_keeps_raw_arguments() -> None:
    call = ToolCall(name="f", arguments="{'a': 1}")
    assert call.arguments == "{'a': 1}"
    assert call.parsed_arguments() is None
    assert ToolCall(name="f", arguments='{"a": 1}').parsed_arguments() == {"a": 1}
    assert ToolCall(name="f", arguments="").parsed_arguments() == {}


def test_retriever_label_reads_a_run_spec_and_a_published_row() -> None:
    # A run's spec entry, as the runner stores it; a trained model is named by its folder only.
    run = {"method": "/home/me/models/my-retriever", "top_k": 5, "corpus": None}
    assert retriever_label({"retriever": run}) == "+ retriever (my-retriever, top 5)"
    assert retriever_label({"retriever": {"method": "bm25", "top_k": 3}}) == "+ retriever (bm25, top 3)"
    # A published row keeps its retriever as the text its source printed.
    assert retriever_label({"retriever": "ToolLLaMA API retriever"}) == "ToolLLaMA API retriever"
    for nothing in ({"retriever": "none"}, {"retriever": None}, {}, {"retriever": {}}):
        assert retriever_label(nothing) == ""


def test_single_call_turns_dump_as_before_and_parallel_turns_round_trip() -> None:
    """Stored episodes and request-cache keys of runs from before parallel calls stay the same: a
    one-call turn reads and dumps byte for byte as it did; a turn with several keeps them all."""
    old = (
        '{"role":"assistant","content":null,"tool_call":{"name":"a","arguments":"{}","id":"c1"},'
        '"name":null,"tool_call_id":null}'
    )
    message = Message.model_validate_json(old)
    assert message.model_dump_json() == old
    assert [c.name for c in message.calls] == ["a"]
    several = Message(role="assistant", tool_call=ToolCall(name="a"), more_calls=[ToolCall(name="b", id="c2")])
    again = Message.model_validate_json(several.model_dump_json())
    assert again == several and [(c.name, c.id) for c in again.calls] == [("a", None), ("b", "c2")]
