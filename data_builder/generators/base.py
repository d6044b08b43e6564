"""The one interface every instruction generator sits behind."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

from data_builder.gold import Part
from data_builder.sampling import ApiSample
from harness.types.docs import ToolDoc


@dataclass(frozen=True)
class Candidate:
    """A generated instruction before its gold is established: the text, the APIs it needs (a subset of
    the sample) and the parts whose execution yields the gold."""

    text: str
    relevant_apis: tuple[tuple[str, str], ...]
    parts: tuple[Part, ...]


class InstructionGenerator(Protocol):
    """Turns one API sample into zero or more candidate instructions."""

    name: str
    dropped: Counter[str]  # proposals discarded inside the generator, by reason (build statistics)

    def usable(self, tool: ToolDoc) -> bool:
        """Whether this generator can write instructions for ``tool`` (sampling skips the others)."""
        ...

    async def generate(self, sample: ApiSample, rng: random.Random) -> list[Candidate]:
        """Candidates for ``sample``; every relevant API lies in the sample. ``rng`` is the sample's own."""
        ...
