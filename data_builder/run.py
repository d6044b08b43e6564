"""One build from start to finish, as ``harness data build`` runs it: load the catalog, pick the
generator, build, write."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path

from data_builder.builder import BuildConfig, Progress, Suite, build_suite
from data_builder.generators.base import InstructionGenerator
from data_builder.inputs import BuildInputs
from data_builder.output import write_suite


def make_generator(name: str, inputs: BuildInputs, model_args: Mapping[str, str]) -> InstructionGenerator:
    """``offline`` or a model name for ``harness.models.registry.load_model``."""
    if name == "offline":
        from data_builder.generators.offline import OfflineGenerator

        if model_args:
            raise ValueError("--model-arg only applies to an LLM generator, not to --generator offline")
        return OfflineGenerator(inputs.templates, inputs.world)
    from data_builder.generators.llm import LLMGenerator

    try:
        from harness.models.registry import load_model
    except ImportError as exc:
        raise ValueError(
            f"--generator {name}: this installation has no model registry (harness.models.registry); "
            "use --generator offline"
        ) from exc
    return LLMGenerator(load_model(name, dict(model_args)))


def run_build(
    inputs: BuildInputs,
    out: Path,
    generator: InstructionGenerator,
    config: BuildConfig,
    progress: Progress | None = None,
) -> Suite:
    """Build a suite from ``inputs`` with ``generator`` and write it to ``out``."""
    suite = asyncio.run(build_suite(inputs, generator, config, progress))
    write_suite(suite, out, config, generator.name, inputs.tools_dir)
    return suite
