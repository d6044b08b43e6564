"""Strategy names as the CLI takes them (``react``, ``cot@5``, ``dfsdt``) with ``-S`` arguments."""

from __future__ import annotations

import re

from pydantic import ValidationError

from harness.strategies.base import EpisodeLimits, Strategy
from harness.strategies.dfsdt import DepthFirstTree
from harness.strategies.react import ChainOfThought

STRATEGIES = {
    "react": "one ReAct chain until Finish or the depth limit (ToolBench's CoT@1)",
    "cot@N": "up to N independent chains, stopping at the first answer (ReAct@N)",
    "dfsdt": "depth-first decision tree, width 2 by default (ToolBench's DFS_woFilter_w2)",
}
_COT = re.compile(r"cot@(\d+)$")
_LIMIT_KEYS = set(EpisodeLimits.model_fields)


class StrategyError(ValueError):
    """An unknown strategy or argument; the message lists what is accepted."""


def _int(key: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise StrategyError(f"strategy argument {key}={value!r} must be an integer") from None


def load_strategy(name: str, args: dict[str, str]) -> tuple[Strategy, EpisodeLimits]:
    """The strategy and the episode limits that ``-S key=value`` arguments set.

    Limits (``max_depth``, ``max_calls``, ``wall_time_s``) apply to every strategy; ``width`` only
    to dfsdt. Defaults follow ToolBench: depth 12 nodes, 200 LLM calls, width 2.
    """
    lowered = name.lower()
    limit_args = {k: v for k, v in args.items() if k in _LIMIT_KEYS}
    own = {k: v for k, v in args.items() if k not in _LIMIT_KEYS}
    try:
        limits = EpisodeLimits.model_validate(limit_args)
    except ValidationError as exc:
        problem = exc.errors()[0]
        raise StrategyError(f"strategy argument {problem['loc'][0]}: {problem['msg']}") from None
    strategy: Strategy
    if lowered == "dfsdt":
        unknown = set(own) - {"width"}
        width = _int("width", own.get("width", "2"))
        if width < 1:
            raise StrategyError("dfsdt width must be at least 1")
        strategy = DepthFirstTree(width)
    elif lowered == "react" or _COT.match(lowered):
        unknown = set(own)
        match = _COT.match(lowered)
        attempts = int(match.group(1)) if match else 1
        if attempts < 1:
            raise StrategyError("cot@N needs N >= 1")
        strategy = ChainOfThought(attempts)
    else:
        raise StrategyError(f"unknown strategy {name!r}; use one of: {', '.join(STRATEGIES)}")
    if unknown:
        accepted = ", ".join(sorted(_LIMIT_KEYS | ({"width"} if lowered == "dfsdt" else set())))
        raise StrategyError(f"{name} takes no argument {sorted(unknown)[0]!r}; it accepts: {accepted}")
    return strategy, limits
