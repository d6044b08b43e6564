"""The LLM generator: instructions written by any harness model adapter, as in the ToolLLM paper.

Each call shows the model the sampled API docs and three examples drawn from a pool of hand-written
seeds (12 single-tool, 36 multi-tool, in ``seeds.json``) and asks for several proposals. A proposal
naming an API outside the sample is dropped. An LLM-written instruction has no intent template, so
its gold comes from the path the model proposes with it: the builder executes that path and reads the
named response fields; a path that fails or names fields that are not there leaves no verifiable gold
and the instruction is dropped.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

from data_builder.generators.base import Candidate
from data_builder.generators.prompt import Proposal, build_messages, parse_proposals
from data_builder.gold import ProposedPart
from data_builder.intent import CallStep
from data_builder.sampling import ApiSample, Kind
from harness.models.base import GenerateConfig, ModelAdapter
from harness.types.docs import ToolDoc

SEEDS_FILE = Path(__file__).with_name("seeds.json")
EXAMPLES_PER_PROMPT = 3
MAX_FAILURES_IN_A_ROW = 5


def load_seeds(path: Path = SEEDS_FILE) -> dict[str, list[dict[str, Any]]]:
    """The seed pool: ``{"single_tool": [...], "multi_tool": [...]}``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the seed examples ({exc})") from exc
    for pool in ("single_tool", "multi_tool"):
        if len(data.get(pool, [])) < EXAMPLES_PER_PROMPT:
            raise ValueError(f"{path}: {pool!r} needs at least {EXAMPLES_PER_PROMPT} examples")
        for example in data[pool]:
            Proposal.model_validate(example)  # a broken seed would teach the model a broken format
    return {pool: list(data[pool]) for pool in ("single_tool", "multi_tool")}


class LLMGenerator:
    """Asks a model for instructions; keeps those that stay inside the sample."""

    def __init__(
        self,
        model: ModelAdapter,
        seeds: dict[str, list[dict[str, Any]]] | None = None,
        per_call: int = 5,
        temperature: float = 0.7,
    ) -> None:
        self.model = model
        self.name = f"llm:{model.name}"
        self.seeds = seeds if seeds is not None else load_seeds()
        self.per_call = per_call
        self.temperature = temperature
        self.dropped: Counter[str] = Counter()
        self._failures = 0

    def usable(self, tool: ToolDoc) -> bool:
        return True

    async def generate(self, sample: ApiSample, rng: random.Random) -> list[Candidate]:
        multi = sample.kind is not Kind.I1
        pool = self.seeds["multi_tool" if multi else "single_tool"]
        examples = rng.sample(pool, EXAMPLES_PER_PROMPT)
        messages = build_messages(sample.apis, examples, self.per_call, multi)
        config = GenerateConfig(temperature=self.temperature, seed=rng.getrandbits(31))
        try:
            output = await self.model.generate(messages, [], config)
        except Exception as exc:  # one failed call costs one sample; a dead model stops the build
            self._failures += 1
            self.dropped["model call failed"] += 1
            if self._failures >= MAX_FAILURES_IN_A_ROW:
                raise ValueError(f"model {self.model.name} failed {self._failures} times in a row: {exc}") from exc
            return []
        self._failures = 0
        proposals, malformed = parse_proposals(output.message.content or "")
        self.dropped["malformed proposal"] += malformed
        candidates = []
        for proposal in proposals:
            candidate = self._candidate(proposal, sample)
            if candidate is not None:
                candidates.append(candidate)
        return candidates

    def _candidate(self, proposal: Proposal, sample: ApiSample) -> Candidate | None:
        docs = {api.key: api for api in sample.apis}
        called = [(call.tool, call.api) for call in proposal.calls]
        relevant = tuple(dict.fromkeys([*proposal.related_apis, *called]))
        if not set(relevant) <= docs.keys():
            self.dropped["API outside the sample"] += 1
            return None
        if sample.kind is not Kind.I1 and len({tool for tool, _ in relevant}) < 2:
            self.dropped["multi-tool request using one tool"] += 1
            return None
        steps = tuple(
            CallStep(docs[(c.tool, c.api)].category_name, c.tool, c.api, dict(c.arguments)) for c in proposal.calls
        )
        part = ProposedPart(steps=steps, fact_fields=tuple(proposal.answer_fields))
        return Candidate(text=" ".join(proposal.query.split()), relevant_apis=relevant, parts=(part,))
