"""What a strategy is given (the agent) and what bounds an episode."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from harness.envs.base import ToolEnv
from harness.models.base import GenerateConfig, ModelAdapter
from harness.profiles import HARNESS, Profile
from harness.toolbench.functions import FinishStyle
from harness.toolbench.wording import ToolBenchWording
from harness.types.query import AgentQuery
from harness.types.trajectory import Trajectory


class EpisodeLimits(BaseModel):
    """Bounds of one episode.

    ``max_depth`` counts tree nodes from the root, as ToolBench's ``single_chain_max_step`` does
    (a step adds a thought, an action and an action input, so 12 allows four tool calls per chain).
    ``max_calls`` is the LLM-call budget; ``wall_time_s`` a wall-clock limit checked before each call.
    """

    model_config = ConfigDict(extra="forbid")

    max_depth: int = Field(default=12, ge=1)
    max_calls: int = Field(default=200, ge=1)
    wall_time_s: float | None = Field(default=None, gt=0)


@dataclass
class Agent:
    """A model, the tools it may call, and how one episode may spend them."""

    model: ModelAdapter
    env: ToolEnv
    config: GenerateConfig = field(default_factory=GenerateConfig)
    finish_style: FinishStyle = FinishStyle.TOOLBENCH_2023_08
    limits: EpisodeLimits = field(default_factory=EpisodeLimits)
    profile: Profile = HARNESS
    # ToolBench's own words (profile wording "toolbench"), read from a checkout; None: ours.
    wording: ToolBenchWording | None = None


def node_seed(episode_seed: int | None, parent_id: int, child_index: int) -> int | None:
    """The seed of the request that makes child ``child_index`` of node ``parent_id``. The first child
    of any node keeps the episode's seed (a chain's requests carry the seed they had before seeds
    were derived); a second try or sibling gets its own, so sampling can take another path while the
    run still reproduces."""
    if episode_seed is None or child_index == 0:
        return episode_seed
    digest = hashlib.sha256(f"{episode_seed}:{parent_id}:{child_index}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


class Budget:
    """Counts LLM calls against the episode's call budget and wall-clock limit."""

    def __init__(self, limits: EpisodeLimits, counted: bool = True) -> None:
        self.limits = limits
        # False where the profile leaves the strategy unbounded by calls (ToolBench's CoT).
        self.counted = counted
        self.calls = 0
        self._deadline = time.monotonic() + limits.wall_time_s if limits.wall_time_s else None

    def out_of_time(self) -> bool:
        return self._deadline is not None and time.monotonic() >= self._deadline

    def spent(self) -> bool:
        """True once the call budget is used up (ToolBench stops as soon as the count reaches it)."""
        return self.counted and self.calls >= self.limits.max_calls


class Strategy(Protocol):
    """One way to search for an answer to a query."""

    name: str

    @property
    def method(self) -> str:
        """ToolBench's method label (``CoT@1``, ``DFS_woFilter_w2``): answer-file names use it."""
        ...

    def arguments(self) -> dict[str, object]:
        """The strategy's settings, recorded in the RunSpec and the trajectory."""
        ...

    async def solve(self, query: AgentQuery, agent: Agent) -> Trajectory:
        """Search until an answer, the limits, or an unrecoverable model error; never raises for those."""
        ...
