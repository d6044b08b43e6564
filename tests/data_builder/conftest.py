"""Fixtures for data-builder tests: the small test world and one suite built from it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from data_builder.builder import BuildConfig, Suite, build_suite
from data_builder.generators.offline import OfflineGenerator
from data_builder.inputs import BuildInputs
from data_builder.output import write_suite
from tests.data_builder.world import make_inputs

SMALL = BuildConfig(seed=7, per_group=20, train=60)


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> BuildInputs:
    return make_inputs(tmp_path_factory.mktemp("world"))


def build_small(inputs: BuildInputs, out: Path, config: BuildConfig = SMALL) -> Suite:
    """Build the test world into ``out`` with the offline generator."""
    generator = OfflineGenerator(inputs.templates, inputs.world)
    suite = asyncio.run(build_suite(inputs, generator, config))
    write_suite(suite, out, config, generator.name, inputs.tools_dir)
    return suite


@pytest.fixture(scope="session")
def small_suite(world: BuildInputs, tmp_path_factory: pytest.TempPathFactory) -> tuple[Suite, Path]:
    out = tmp_path_factory.mktemp("suites") / "sandbox"
    return build_small(world, out), out
