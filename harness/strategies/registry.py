"""Strategy names as the CLI takes them (``react``, ``cot@5``, ``dfsdt``) with ``-S`` arguments.

Entries live in :data:`STRATEGIES` (see :mod:`harness.registry`). The episode limits (``max_depth``,
``max_calls``, ``wall_time_s``) apply to every strategy and are read here; a builder is called as
``build(args)`` with the remaining ``-S`` arguments as strings (a family such as ``cot@`` as
``build(target, args)``) and returns an object with ``name``, ``method``, ``arguments()`` and
``async solve(query, agent)`` (:class:`~harness.strategies.base.Strategy`). A plugin registers one
with an entry point in ``toolharness.strategies``.
"""

from __future__ import annotations

from pydantic import ValidationError

from harness.registry import Registry, UnknownComponent, record
from harness.strategies.base import EpisodeLimits, Strategy

STRATEGIES = Registry("strategy", "strategies")
_LIMIT_KEYS = set(EpisodeLimits.model_fields)


class StrategyError(ValueError):
    """An unknown strategy or argument; the message lists what is accepted."""


def _int(key: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise StrategyError(f"strategy argument {key}={value!r} must be an integer") from None


def _refuse_unknown(name: str, args: dict[str, str], accepted: set[str]) -> None:
    unknown = sorted(set(args) - accepted)
    if unknown:
        allowed = ", ".join(sorted(_LIMIT_KEYS | accepted))
        raise StrategyError(f"{name} takes no argument {unknown[0]!r}; it accepts: {allowed}")


@STRATEGIES.register("react", "one ReAct chain until Finish or the depth limit (ToolBench's CoT@1)")
def _react(args: dict[str, str]) -> Strategy:
    from harness.strategies.react import ChainOfThought

    _refuse_unknown("react", args, set())
    return ChainOfThought(1)


@STRATEGIES.register("cot@", "up to N independent chains, stopping at the first answer (ReAct@N)", display="cot@N")
def _cot(attempts_text: str, args: dict[str, str]) -> Strategy:
    from harness.strategies.react import ChainOfThought

    attempts = _int("N of cot@N", attempts_text)
    if attempts < 1:
        raise StrategyError("cot@N needs N >= 1")
    _refuse_unknown(f"cot@{attempts}", args, set())
    return ChainOfThought(attempts)


@STRATEGIES.register("dfsdt", "depth-first decision tree, width 2 by default (ToolBench's DFS_woFilter_w2)")
def _dfsdt(args: dict[str, str]) -> Strategy:
    from harness.strategies.dfsdt import DepthFirstTree

    _refuse_unknown("dfsdt", args, {"width"})
    width = _int("width", args.get("width", "2"))
    if width < 1:
        raise StrategyError("dfsdt width must be at least 1")
    return DepthFirstTree(width)


def load_strategy(name: str, args: dict[str, str]) -> tuple[Strategy, EpisodeLimits]:
    """The strategy and the episode limits that ``-S key=value`` arguments set.

    Limits (``max_depth``, ``max_calls``, ``wall_time_s``) apply to every strategy; the rest go to the
    strategy's builder. Defaults follow ToolBench: depth 12 nodes, 200 LLM calls, dfsdt width 2.
    """
    limit_args = {k: v for k, v in args.items() if k in _LIMIT_KEYS}
    own = {k: v for k, v in args.items() if k not in _LIMIT_KEYS}
    try:
        limits = EpisodeLimits.model_validate(limit_args)
    except ValidationError as exc:
        problem = exc.errors()[0]
        raise StrategyError(f"strategy argument {problem['loc'][0]}: {problem['msg']}") from None
    lowered = name.lower()
    try:
        entry, target = STRATEGIES.resolve(lowered)
    except UnknownComponent as exc:
        raise StrategyError(str(exc)) from None
    builder = entry.load()
    strategy: Strategy = builder(target, own) if entry.family else builder(own)
    for attribute in ("name", "method", "arguments", "solve"):
        if not hasattr(strategy, attribute):
            raise StrategyError(f"strategy {name!r} ({entry.source}) built an object without {attribute!r}")
    record(strategy, STRATEGIES.kind, lowered, args)
    return strategy, limits
