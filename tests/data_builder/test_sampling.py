"""Sampling obeys the paper's I1/I2/I3 rules for any seed and any catalog shape."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data_builder.inputs import BuildInputs
from data_builder.sampling import Kind, Sampler
from harness.types.docs import ToolApi, ToolDoc


def _catalog(shape: list[list[int]]) -> list[ToolDoc]:
    """Categories of tools with the given API counts."""
    return [
        ToolDoc(
            tool_name=f"T{c}_{t}",
            category_name=f"C{c}",
            api_list=[ToolApi(name=f"a{i}") for i in range(apis)],
        )
        for c, tools in enumerate(shape)
        for t, apis in enumerate(tools)
    ]


shapes = st.lists(st.lists(st.integers(1, 9), min_size=1, max_size=7), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(shape=shapes, seed=st.integers(0, 2**32), collection_seed=st.integers(0, 1000))
def test_every_sample_follows_the_rules(shape: list[list[int]], seed: int, collection_seed: int) -> None:
    tools = _catalog(shape)
    picker = random.Random(collection_seed)
    collections = {f"col{i}": picker.sample(tools, min(len(tools), picker.randint(1, 6))) for i in range(3)}
    sampler = Sampler(tools, collections)
    rng = random.Random(seed)
    by_name = {t.tool_name: t for t in tools}
    for kind in Kind:
        if not sampler.can_sample(kind):
            continue
        for _ in range(5):
            sample = sampler.sample(kind, rng)
            keys = [a.key for a in sample.apis]
            assert len(keys) == len(set(keys)), "an API sampled twice"
            per_tool = {name: [a for a in sample.apis if a.tool_name == name] for name in sample.tool_names}
            if kind is Kind.I1:
                assert len(per_tool) == 1
                available = len(by_name[sample.tool_names[0]].api_list)
                assert min(2, available) <= len(sample.apis) <= 5
            else:
                assert 2 <= len(per_tool) <= 5
                assert all(1 <= len(apis) <= 3 for apis in per_tool.values())
                if kind is Kind.I2:
                    assert len({a.category_name for a in sample.apis}) == 1 == len({sample.group_name})
                    assert sample.apis[0].category_name == sample.group_name
                else:
                    members = {t.tool_name for t in collections[sample.group_name]}
                    assert set(per_tool) <= members


def test_same_seed_same_samples(world: BuildInputs) -> None:
    sampler = Sampler(world.tools, world.collection_tools())
    first = [sampler.sample(kind, random.Random(3)) for kind in Kind]
    again = [sampler.sample(kind, random.Random(3)) for kind in Kind]
    assert first == again
    assert [sampler.sample(Kind.I2, random.Random(s)).keys for s in range(20)] != [first[1].keys] * 20


def test_a_pool_without_multi_tool_groups_says_so() -> None:
    sampler = Sampler(_catalog([[3], [2]]), {"solo": _catalog([[3]])})
    assert sampler.can_sample(Kind.I1) and not sampler.can_sample(Kind.I2) and not sampler.can_sample(Kind.I3)
    with pytest.raises(ValueError, match="category with 2"):
        sampler.sample(Kind.I2, random.Random(0))
