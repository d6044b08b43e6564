"""One step of any strategy: ask the model for its next turn and grow the tree with it.

A step adds, under a chain-end node, a thought (when the reply has text), an action (the function
name) and an action input (the raw arguments, carrying the observation), exactly the node types and
order of ToolBench, and records the conversation at the new chain end.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from harness.models.base import NAMELESS_CALL, PARSE_ERROR, ModelError, ModelOutput
from harness.models.text_adapter import TextFormatAdapter
from harness.strategies.base import Agent, Budget, node_seed
from harness.strategies.tree import HIDDEN, SearchTree, hide, visible
from harness.toolbench.finish import FINISH_ANSWERED_TEXT, finish_answer_is_null
from harness.toolbench.naming import FINISH_FUNCTION_NAME
from harness.toolbench.toolllama_wording import ACTIVE as TOOLLLAMA_WORDING
from harness.types.llm_call import CALL_RECORD, LLMCall, call_of
from harness.types.messages import Function, Message, ToolCall
from harness.types.observation import Observation
from harness.types.query import AgentQuery
from harness.types.trajectory import NodeKind, TrajectoryNode
from harness.util.errors import one_line

# ToolBench's observation codes that change the search (the others are informational).
NO_SUCH_FUNCTION = 1
BAD_ARGUMENTS = 2
GAVE_ANSWER = 3
GAVE_UP = 4
MODEL_FAILED = -1  # what ToolBench records on a thought when the LLM call itself failed

# ToolBench rewrites a hallucinated function name in the history so the model is not primed by it.
HALLUCINATED_NAME = "invalid_hallucination_function_name"
# How far up the tree a final answer marks nodes finished (ToolBench's final_answer_back_length).
FINISH_BACK = 2


@dataclass
class StepResult:
    """The new chain end, or why no step was taken (``stop``: 'budget' or 'time')."""

    node: TrajectoryNode | None
    stop: str | None = None


async def take_step(
    tree: SearchTree,
    parent: TrajectoryNode,
    agent: Agent,
    budget: Budget,
    query: AgentQuery,
    functions: list[Function],
    note: Message | None = None,
    shared_turn: bool = False,
) -> StepResult:
    """Expand ``parent`` by one model turn. ``note`` is an extra user message shown for this turn only
    (DFSDT's diversity prompt); afterwards it stays in the record but is hidden from later turns.

    ``shared_turn`` says how a parallel turn's hallucinated names show later (profile
    ``parallel_calls='all'``): StableToolBench's single_chain.py shares one reply dict among its
    nodes, so every renamed call shows (True); its DFS.py deep-copies the turn after the first call,
    so the chain end shows only the first call renamed (False)."""
    if budget.out_of_time():
        tree.trajectory.errors.append("episode wall-clock limit reached")
        return StepResult(None, stop="time")
    history = tree.conversation[parent.id]
    # ToolBench's ToolLLaMA renders every message, spent diversity notes included; its ChatGPT
    # client (and we, by default) drop them.
    shown = history if agent.profile.text_models_see_hidden_notes and _text_format(agent.model) else visible(history)
    prompt = [_shown(m) for m in shown] + ([note] if note is not None else [])
    # model_copy does not validate, so the agent's view is made here: whatever a caller passed as
    # ``query``, the model is handed no field beyond AgentQuery's.
    update: dict[str, object] = {"query": AgentQuery.of(query)}
    if agent.profile.seed_per_node:
        update["seed"] = node_seed(agent.config.seed, parent.id, len(tree.children.get(parent.id, [])))
    config = agent.config.model_copy(update=update)
    started_at, began = time.time(), time.perf_counter()
    # A ToolLLaMA-format model renders its own prompt; under ToolBench's wording it words it as
    # ToolBench's ToolLLaMA class does.
    wording = TOOLLLAMA_WORDING.set(agent.wording.toolllama if agent.wording is not None else None)
    try:
        answered = await agent.model.generate(prompt, functions, config)
        output: ModelOutput | None = answered
        failure, record = None, answered.extra.get(CALL_RECORD)
    except ModelError:
        raise  # a rejected key or an unknown model: no branch can succeed, the run must stop
    except Exception as exc:  # a failed call prunes this branch, as in ToolBench
        output, failure, record = None, one_line(exc), call_of(exc)
    finally:
        TOOLLLAMA_WORDING.reset(wording)
    budget.calls += 1
    call = _account(tree, output, failure, record, started_at, began)
    if budget.spent():
        # ToolBench counts the call that reaches the budget and stops without acting on it.
        return StepResult(None, stop="budget")
    if note is not None:
        history.append(hide(note))
    if output is None:
        tree.trajectory.errors.append(f"model call failed: {failure}")
        thought = tree.add(parent, NodeKind.THOUGHT, failure or "")
        thought.observation_code, thought.pruned = MODEL_FAILED, True
        tree.conversation[thought.id] = list(history)
        call.node_id = thought.id
        return StepResult(thought)
    end = await _grow(tree, parent, agent, query, output, history, shared_turn)
    call.node_id = end.id
    return StepResult(end)


def _text_format(model: object) -> bool:
    """Whether ``model`` (or the adapter a wrapper holds) renders a text prompt (ToolLLaMA, Vicuna, Alpaca)."""
    for _ in range(4):  # wrappers nest a few levels at most
        if isinstance(model, TextFormatAdapter):
            return True
        model = getattr(model, "adapter", None)
        if model is None:
            return False
    return False


def _shown(message: Message) -> Message:
    """A spent note handed to a model that sees it: as a plain message, without the hiding mark."""
    if (message.model_extra or {}).get(HIDDEN) is False:
        return Message.model_validate({k: v for k, v in message.model_dump(exclude_none=True).items() if k != HIDDEN})
    return message


def _account(
    tree: SearchTree,
    output: ModelOutput | None,
    failure: str | None,
    record: object,
    started_at: float,
    began: float,
) -> LLMCall:
    """Add the call to the trajectory's totals and its audit log; returns its log record."""
    traj = tree.trajectory
    traj.llm_calls += 1
    if isinstance(record, LLMCall):
        call = record
    else:
        # A model outside the wrapper (a test double, a bare adapter) leaves no record: note what is known.
        call = LLMCall(started_at=started_at, latency_s=time.perf_counter() - began)
        if output is not None:
            call.prompt_tokens, call.completion_tokens = output.usage.prompt_tokens, output.usage.completion_tokens
            call.cost_usd, call.cached = output.cost_usd, output.cached
            call.response = output.raw_text if output.raw_text is not None else output.message
    call.index = len(traj.calls)
    traj.calls.append(call)
    if output is None:
        traj.llm_calls_failed += 1
        call.status, call.error = "failed", failure
        return call
    traj.prompt_tokens += output.usage.prompt_tokens
    traj.completion_tokens += output.usage.completion_tokens
    traj.total_tokens += output.usage.total_tokens
    traj.cost_usd += output.cost_usd
    return call


async def _grow(
    tree: SearchTree,
    parent: TrajectoryNode,
    agent: Agent,
    query: AgentQuery,
    output: ModelOutput,
    history: list[Message],
    shared_turn: bool,
) -> TrajectoryNode:
    message = output.message
    call = message.tool_call
    end = parent
    # A tool call with empty text has no thought, as when a native tool-calling API returns null content;
    # ToolBench's loop (profile toolbench) makes one for any content that is not None.
    if message.content is not None and (agent.profile.empty_content_thought or message.content.strip() or call is None):
        end = tree.add(end, NodeKind.THOUGHT, message.content)
    if agent.profile.parallel_calls == "all" and len(message.calls) > 1:
        return await _run_calls(tree, end, agent, query, message, history, shared_turn)
    parse_error = output.extra.get(PARSE_ERROR)
    if call is None and not parse_error:
        tree.conversation[end.id] = [*history, _assistant(message, None)]
        return end
    nameless = output.extra.get(NAMELESS_CALL)
    if call is None and isinstance(nameless, str) and agent.profile.function_lookup == "ends_with":
        # ToolBench reads an Action line that names nothing as a call of "" (the first API).
        call = ToolCall(name="", arguments=nameless)
        observation = await _call_tool(agent, call, query, tree.trajectory.functions)
    elif call is None:
        # A text-format reply that names no readable call: the model is told so, as an observation.
        call = ToolCall(name="", arguments=output.raw_text or message.content or "")
        observation = Observation(
            text=f"Your reply could not be read as a function call ({parse_error}). "
            "Answer with a thought, then the function name and its JSON arguments.",
            status_code=BAD_ARGUMENTS,
        )
    else:
        observation = await _call_tool(agent, call, query, tree.trajectory.functions)
    action = tree.add(end, NodeKind.ACTION, call.name)
    action_input = tree.add(action, NodeKind.ACTION_INPUT, call.arguments)
    _observe(action_input, observation)
    shown_name = HALLUCINATED_NAME if observation.status_code == NO_SUCH_FUNCTION else call.name
    call_id = call.id or f"call_{action_input.id}"
    recorded_call = ToolCall(name=shown_name, arguments=call.arguments, id=call_id)
    tree.conversation[action_input.id] = [
        *history,
        _assistant(message, recorded_call),
        Message(role="tool", name=shown_name, content=observation.text, tool_call_id=call_id),
    ]
    if observation.status_code == GAVE_UP:
        action_input.pruned = True
    elif observation.status_code == GAVE_ANSWER:
        action_input.is_terminal = True
        tree.make_finish(action_input, FINISH_BACK)
    return action_input


async def _run_calls(
    tree: SearchTree,
    end: TrajectoryNode,
    agent: Agent,
    query: AgentQuery,
    message: Message,
    history: list[Message],
    shared_turn: bool,
) -> TrajectoryNode:
    """Every call of a parallel turn, in order, as StableToolBench's loops run them: each its own
    Action / Action Input pair chained below the previous one, each answered by its own tool message.
    A give-up or an answer marks its own node and the later calls still run (the env's answered
    state, here ``is_terminal``, passes down); the chain end is the last call's node."""
    calls = message.calls
    first_id = len(tree.trajectory.nodes)
    # Without an id a call is named after its Action Input node, as a single call is.
    ids = [c.id or f"call_{first_id + 2 * n + 1}" for n, c in enumerate(calls)]
    names = [c.name for c in calls]
    after_first: list[str] = []
    inputs: list[TrajectoryNode] = []
    tools: list[Message] = []
    for n, call in enumerate(calls):
        observation = await _call_tool(agent, call, query, tree.trajectory.functions)
        action = tree.add(end, NodeKind.ACTION, call.name)
        end = tree.add(action, NodeKind.ACTION_INPUT, call.arguments)
        _observe(end, observation)
        if observation.status_code == NO_SUCH_FUNCTION:
            names[n] = HALLUCINATED_NAME
        if n == 0:
            after_first = list(names)
        tools.append(Message(role="tool", name=names[n], content=observation.text, tool_call_id=ids[n]))
        inputs.append(end)
        if observation.status_code == GAVE_UP:
            end.pruned = True
        elif observation.status_code == GAVE_ANSWER:
            end.is_terminal = True
            tree.make_finish(end, FINISH_BACK)
    for n, node in enumerate(inputs):
        # The first call's node holds the reply itself, which later renames reach; DFS.py's later
        # nodes hold a copy taken after the first call.
        shown = names if shared_turn or n == 0 else after_first
        turn = Message(
            role="assistant",
            content=message.content,
            tool_call=_renamed(calls[0], shown[0], ids[0]),
            more_calls=[_renamed(c, shown[k], ids[k]) for k, c in enumerate(calls) if k],
        )
        tree.conversation[node.id] = [*history, turn, *tools[: n + 1]]
    return end


def _renamed(call: ToolCall, name: str, call_id: str) -> ToolCall:
    return ToolCall(name=name, arguments=call.arguments, id=call_id)


async def _call_tool(agent: Agent, call: ToolCall, query: AgentQuery, functions: list[Function]) -> Observation:
    """The observation of ``call`` under the profile's call semantics (the env's are ours)."""
    profile = agent.profile
    null_answers = profile.finish_null_answer_code == GAVE_ANSWER
    if call.name == FINISH_FUNCTION_NAME and null_answers and finish_answer_is_null(call.arguments):
        return Observation(text=FINISH_ANSWERED_TEXT, status_code=GAVE_ANSWER)
    if profile.function_lookup == "ends_with" and call.name != FINISH_FUNCTION_NAME:
        # ToolBench calls the first offered function whose name ends with the called one ("" ends
        # every name, so an empty name reaches the first API); the env then sees that full name.
        target = next(
            (f.name for f in functions if f.name != FINISH_FUNCTION_NAME and f.name.endswith(call.name)), None
        )
        if target is not None and target != call.name:
            call = call.model_copy(update={"name": target})
    return await agent.env.call(call, query)


def _observe(node: TrajectoryNode, observation: Observation) -> None:
    node.observation = observation.text
    node.observation_code = observation.status_code
    node.extra["_latency_s"] = observation.latency_s
    node.extra["_cache_hit"] = observation.cache_hit
    if observation.backend:
        node.extra["_backend"] = observation.backend


def _assistant(message: Message, call: ToolCall | None) -> Message:
    return Message(role="assistant", content=message.content, tool_call=call)
