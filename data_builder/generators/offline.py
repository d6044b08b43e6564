"""The offline generator: instructions composed from the world's intent templates, no model needed.

For a sample it instantiates intents of the sampled APIs (only those whose whole call path lies in
the sample), picks a phrasing of each and joins them: one or two requests for I1, two or three
requests about different tools for I2 and I3.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

from data_builder.generators.base import Candidate
from data_builder.generators.compose import compose_request
from data_builder.gold import IntentPart
from data_builder.intent import IntentTemplate
from data_builder.sampling import ApiSample, Kind
from harness.types.docs import ToolDoc

# How many requests one instruction joins, with their odds.
_I1_PARTS = ((1, 0.5), (2, 0.4), (3, 0.1))
_MULTI_PARTS = ((2, 0.65), (3, 0.35))
_DRAWS_PER_TEMPLATE = 4


def _weighted(options: Sequence[tuple[int, float]], rng: random.Random) -> int:
    return rng.choices([n for n, _ in options], weights=[w for _, w in options])[0]


class OfflineGenerator:
    """Composes instructions from intent templates."""

    name = "offline"

    def __init__(self, templates: Sequence[IntentTemplate], world: Any, per_sample: int = 2) -> None:
        self.world = world
        self.per_sample = per_sample
        self.dropped: Counter[str] = Counter()
        self.by_api: dict[tuple[str, str], list[IntentTemplate]] = {}
        for template in sorted(templates, key=lambda t: t.name):
            self.by_api.setdefault((template.tool_name, template.api_name), []).append(template)

    def usable(self, tool: ToolDoc) -> bool:
        return any((tool.tool_name, api.name) in self.by_api for api in tool.api_list)

    async def generate(self, sample: ApiSample, rng: random.Random) -> list[Candidate]:
        options = [t for api in sample.apis for t in self.by_api.get(api.key, [])]
        candidates = []
        for _ in range(self.per_sample):
            candidate = self._compose(sample, options, rng)
            if candidate is not None:
                candidates.append(candidate)
        return candidates

    def _instantiate(self, template: IntentTemplate, sample: ApiSample, rng: random.Random) -> IntentPart | None:
        for _ in range(_DRAWS_PER_TEMPLATE):
            seed = rng.getrandbits(32)
            intent = template.make(random.Random(seed), self.world)
            if intent is None:
                continue
            used = set(intent.relevant_apis) | {(s.tool_name, s.api_name) for s in intent.steps}
            if used <= sample.keys:  # another instance may need other lookups, so keep drawing
                return IntentPart(template.name, seed, intent)
        return None

    def _compose(self, sample: ApiSample, options: list[IntentTemplate], rng: random.Random) -> Candidate | None:
        multi = sample.kind is not Kind.I1
        wanted = _weighted(_MULTI_PARTS if multi else _I1_PARTS, rng)
        parts: list[IntentPart] = []
        taken: set[str] = set()  # tools (I2/I3) or intent keys (I1) already asked about
        for template in rng.sample(options, len(options)):
            if len(parts) == wanted:
                break
            if multi and template.tool_name in taken:
                continue
            part = self._instantiate(template, sample, rng)
            if part is None or part.intent.key in taken:
                continue
            parts.append(part)
            taken.add(template.tool_name if multi else part.intent.key)
        if not parts or (multi and len(parts) < 2):
            return None
        text = compose_request([rng.choice(p.intent.phrasings) for p in parts], rng)
        relevant = tuple(dict.fromkeys(pair for p in parts for pair in p.intent.relevant_apis))
        return Candidate(text=text, relevant_apis=relevant, parts=tuple(parts))
