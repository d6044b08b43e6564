"""The build: sample APIs, generate instructions, establish gold, fill every group and train.

Every group draws from its own RNG stream (seeded by the build seed and the group's name), samples are
processed in the order they were drawn, and instruction texts are unique across the whole suite, so
the same seed always gives the same suite and no test text ever occurs in train.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from data_builder.generators.base import Candidate, InstructionGenerator
from data_builder.gold import Unverifiable, derive_gold
from data_builder.inputs import BuildInputs
from data_builder.sampling import NEEDS, ApiSample, Sampler
from data_builder.splits import LEVELS, TEST_GROUPS, SplitPlan, kind_of, level_of, plan_splits
from harness.types.query import Query
from harness.util.text import mentions_fact

STALL_SAMPLES = 400  # give up on a group when this many samples in a row add no query


@dataclass(frozen=True)
class BuildConfig:
    """What a build is asked for. ``train`` is the total over G1/G2/G3, split evenly."""

    seed: int = 0
    per_group: int = 200
    train: int = 1200
    concurrency: int = 8  # samples whose instructions are generated at once (matters for LLM generators)

    def train_targets(self) -> dict[str, int]:
        """Train queries wanted per level."""
        base, extra = divmod(self.train, len(LEVELS))
        return {level: base + (1 if i < extra else 0) for i, level in enumerate(LEVELS)}


@dataclass
class Suite:
    """A built suite: test groups and train queries per level, with what was dropped on the way."""

    plan: SplitPlan
    tests: dict[str, list[Query]] = field(default_factory=dict)
    train: dict[str, list[Query]] = field(default_factory=dict)
    dropped: Counter[str] = field(default_factory=Counter)


Progress = Callable[[str, int], None]  # (group, queries accepted so far in it)


def text_key(text: str) -> str:
    """Instruction texts that differ only in case or spacing count as the same instruction."""
    return " ".join(text.casefold().split())


class _Builder:
    def __init__(self, inputs: BuildInputs, generator: InstructionGenerator, config: BuildConfig) -> None:
        self.inputs = inputs
        self.generator = generator
        self.config = config
        usable = [t for t in inputs.tools if t.api_list and generator.usable(t)]
        if not usable:
            raise ValueError(f"generator {generator.name!r} can write instructions for none of the catalog's tools")
        self.plan = plan_splits(usable, random.Random(f"{config.seed}:splits"))
        self.collections = inputs.collection_tools()
        self.seen_texts: set[str] = set()
        self.suite = Suite(plan=self.plan)

    async def fill(self, group: str, target: int, progress: Progress | None) -> list[Query]:
        rng = random.Random(f"{self.config.seed}:{group}")
        sampler = Sampler(self.plan.pool(group), self.collections)
        kind = kind_of(group)
        if not sampler.can_sample(kind):
            raise ValueError(
                f"{group}: its {len(sampler.tools)} tools cannot give {kind.value} samples: no {NEEDS[kind]}"
            )
        queries: list[Query] = []
        drawn = last_gain = 0
        while len(queries) < target:
            if drawn - last_gain >= STALL_SAMPLES:
                raise ValueError(
                    f"{group}: built only {len(queries)} of {target} queries; {STALL_SAMPLES} samples in a row "
                    f"added nothing, so its {len(sampler.tools)} tools offer too few distinct verifiable "
                    "instructions (lower --per-group or add intent templates)"
                )
            batch = [
                (sampler.sample(kind, rng), random.Random(rng.getrandbits(64))) for _ in range(self.config.concurrency)
            ]
            generated = await asyncio.gather(*(self.generator.generate(s, r) for s, r in batch))
            for (sample, _), candidates in zip(batch, generated, strict=True):
                drawn += 1
                if not candidates:
                    self.suite.dropped["sample without instructions"] += 1
                for candidate in candidates:
                    if len(queries) < target and (query := self._accept(group, sample, candidate)) is not None:
                        queries.append(query)
                        last_gain = drawn
                        if progress is not None:
                            progress(group, len(queries))
        return queries

    def _accept(self, group: str, sample: ApiSample, candidate: Candidate) -> Query | None:
        key = text_key(candidate.text)
        if key in self.seen_texts:
            self.suite.dropped["duplicate text"] += 1
            return None
        if not set(candidate.relevant_apis) <= sample.keys:
            self.suite.dropped["relevant API outside the sample"] += 1
            return None
        try:
            gold = derive_gold(candidate.parts, self.inputs.execute)
        except Unverifiable:
            self.suite.dropped["no verifiable gold"] += 1
            return None
        if all(mentions_fact(candidate.text, fact) for fact in gold.facts):
            # Copying the question back would state the whole gold: nothing is checked.
            self.suite.dropped["gold stated by the question"] += 1
            return None
        self.seen_texts.add(key)
        split = "train" if group in LEVELS else "test"
        return Query(
            query_id="0",  # numbered per level once the whole suite is built
            text=candidate.text,
            api_list=list(sample.apis),
            relevant_apis=list(candidate.relevant_apis),
            group=None if split == "train" else group,
            split=split,
            gold=gold,
        )

    async def build(self, progress: Progress | None) -> Suite:
        for group in TEST_GROUPS:
            self.suite.tests[group] = await self.fill(group, self.config.per_group, progress)
        for level, target in self.config.train_targets().items():
            self.suite.train[level] = await self.fill(level, target, progress)
        self._number()
        self.suite.dropped.update(self.generator.dropped)
        return self.suite

    def _number(self) -> None:
        """Ids count up per level (G1, G2, G3), test groups first, as ToolBench numbers a level's queries
        in one file that its test id lists point into."""
        for level in LEVELS:
            ordered = [q for g in TEST_GROUPS if level_of(g) == level for q in self.suite.tests[g]]
            for number, query in enumerate([*ordered, *self.suite.train[level]], start=1):
                query.query_id = str(number)


async def build_suite(
    inputs: BuildInputs, generator: InstructionGenerator, config: BuildConfig, progress: Progress | None = None
) -> Suite:
    """Build a suite; raises ValueError (one line) when the catalog cannot fill a group."""
    return await _Builder(inputs, generator, config).build(progress)
