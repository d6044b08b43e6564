"""DFSDT reproduces ToolBench's expansion order, backtracking, diversity prompt and budget."""

from __future__ import annotations

import asyncio
import json

from harness.models.base import GenerateConfig
from harness.models.scripted import ScriptedModel
from harness.strategies.base import Agent, EpisodeLimits
from harness.strategies.dfsdt import DepthFirstTree
from harness.strategies.tree import visible
from harness.toolbench.answers import answer_from_dict, answer_to_dict
from harness.types.messages import Function, Message
from harness.types.trajectory import FinishType, NodeKind, Trajectory
from tests.strategies.scripted_world import GIVE_UP, CannedEnv, answer, call, query_with_apis

APIS = ("alpha", "beta", "gamma")


def run(script: list, **limits: object) -> tuple[Trajectory, ScriptedModel]:
    model = ScriptedModel(script)
    agent = Agent(model=model, env=CannedEnv(APIS), limits=EpisodeLimits.model_validate(limits))
    traj = asyncio.run(DepthFirstTree(width=2).solve(query_with_apis(*APIS), agent))
    return traj, model


def actions_under(traj: Trajectory, node_id: int) -> list[str]:
    """The function names of the steps made directly under a chain-end node."""
    kids = traj.children_index()
    return [n.content for n in kids.get(node_id, []) if n.kind is NodeKind.ACTION]


def diversity_notes(messages: list[Message]) -> list[list[dict]]:
    notes = []
    for m in messages:
        if m.role == "user" and m.content and "[" in m.content and "earlier attempts" in m.content:
            notes.append(json.loads(m.content[m.content.index("[") : m.content.rindex("]") + 1]))
    return notes


def test_give_up_at_depth_two_resumes_at_next_sibling_one_level_up() -> None:
    traj, model = run([call("alpha", "a"), GIVE_UP, call("beta", "b"), answer("done")])
    root = traj.root()
    assert actions_under(traj, root.id) == ["alpha_for_kit", "beta_for_kit"]
    first_input = traj.children_index()[traj.children_index()[root.id][0].id][0]
    # The give-up below alpha climbs two levels: alpha's node gets no second child.
    assert actions_under(traj, first_input.id) == ["Finish"]
    assert traj.finish_type is FinishType.GIVE_ANSWER and traj.final_answer == "done"
    assert traj.llm_calls == 4
    # The third request (root's second child) lists exactly the earlier sibling, alpha.
    third_prompt = model.requests[2][0]
    [note] = diversity_notes(third_prompt)
    assert [c["name"] for c in note] == ["alpha_for_kit"]
    assert note[0]["arguments"] == '{"value": "a"}'
    assert note[0]["observation"] == 'alpha_for_kit says {"value": "a"}'
    # Below the new child the note is hidden from the model.
    assert diversity_notes(model.requests[3][0]) == []
    chosen = [traj.node(i) for i in traj.chosen_path]
    assert [n.content for n in chosen if n.kind is NodeKind.ACTION] == ["beta_for_kit", "Finish"]


def test_depth_limit_moves_to_next_sibling() -> None:
    script = [call("alpha"), call("beta"), call("gamma"), answer("found")]
    traj, model = run(script, max_depth=4)
    kids = traj.children_index()
    root = traj.root()
    alpha_input = kids[kids[root.id][0].id][0]
    # beta hits the depth limit, so alpha's next child (gamma) is tried, then root's second child.
    assert actions_under(traj, alpha_input.id) == ["beta_for_kit", "gamma_for_kit"]
    assert actions_under(traj, root.id) == ["alpha_for_kit", "Finish"]
    pruned = [n.content for n in traj.nodes if n.kind is NodeKind.ACTION_INPUT and n.pruned]
    assert len(pruned) == 2
    [note] = diversity_notes(model.requests[2][0])
    assert [c["name"] for c in note] == ["beta_for_kit"]
    assert "alpha_for_kit says" in model.requests[2][0][-1].content  # the node's own observation
    [root_note] = diversity_notes(model.requests[3][0])
    assert [c["name"] for c in root_note] == ["alpha_for_kit"]
    assert traj.final_answer == "found"


def test_budget_stops_the_search_without_acting_on_the_last_call() -> None:
    traj, model = run([call("alpha")] * 10, max_calls=3)
    assert len(model.requests) == 3 and traj.llm_calls == 3
    assert len([n for n in traj.nodes if n.kind is NodeKind.ACTION]) == 2
    assert traj.finish_type is FinishType.NONE and traj.final_answer is None


def test_a_failing_model_call_prunes_to_the_next_sibling() -> None:
    replies = iter([call("alpha"), RuntimeError("server said 500"), answer("ok")])

    def responder(messages: list[Message], functions: list[Function], config: GenerateConfig) -> object:
        reply = next(replies)
        if isinstance(reply, Exception):
            raise reply
        return reply

    agent = Agent(model=ScriptedModel(responder=responder), env=CannedEnv(APIS))  # type: ignore[arg-type]
    traj = asyncio.run(DepthFirstTree().solve(query_with_apis(*APIS), agent))
    failed = [n for n in traj.nodes if n.observation_code == -1]
    assert len(failed) == 1 and failed[0].pruned and "server said 500" in failed[0].content
    assert any("server said 500" in e for e in traj.errors)
    assert traj.final_answer == "ok"


def test_hallucinated_function_is_renamed_in_the_history() -> None:
    from harness.types.messages import ToolCall

    traj, model = run([ToolCall(name="made_up_api", arguments="{}"), answer("x")])
    history = model.requests[1][0]
    assistant = [m for m in history if m.role == "assistant"][-1]
    assert assistant.tool_call is not None and assistant.tool_call.name == "invalid_hallucination_function_name"
    assert traj.nodes[1].content == "made_up_api" and traj.nodes[2].observation_code == 1


def test_transcripts_keep_the_note_in_force_and_export_round_trips(tmp_path) -> None:  # type: ignore[no-untyped-def]
    traj, _ = run([call("alpha", "a"), GIVE_UP, call("beta", "b"), answer("done")])
    # One transcript per step of the chosen chain; the first one was generated under the note.
    assert len(traj.transcripts) == 2
    hidden = [m for m in traj.transcripts[0] if (m.model_extra or {}).get("valid") is False]
    assert len(hidden) == 1 and "earlier attempts" in (hidden[0].content or "")
    assert visible(traj.transcripts[0]) != traj.transcripts[0]
    data = answer_to_dict(traj)
    assert data["win"] is True and "tree" in data
    assert data["answer_generation"]["finish_type"] == "give_answer"
    assert json.loads(data["answer_generation"]["final_answer"])["final_answer"] == "done"
    text = json.dumps(data)
    assert '"_latency_s"' not in text and '"_expand_num"' not in text
    expand_nums = [n["expand_num"] for n in data["tree"]["tree"]["children"]]
    assert expand_nums == [0, 0]  # thoughtless steps: the action nodes themselves are never expanded
    back = answer_from_dict(data, traj.query_id, traj.method)
    assert back.final_answer == "done" and len(back.nodes) == len(traj.nodes)
    assert back.chosen_path == traj.chosen_path
