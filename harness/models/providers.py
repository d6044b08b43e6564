"""What the model registry must know about providers without importing their adapters: the
environment variables that hold keys and where each text-format model's weights are looked for."""

from __future__ import annotations

from dataclasses import dataclass

OPENAI_API_KEY_ENV = "OPENAI_API_KEY"
ANTHROPIC_API_KEY_ENV = "ANTHROPIC_API_KEY"


@dataclass(frozen=True)
class Weights:
    """Where a text-format model's weights are looked for."""

    env: str  # environment variable holding a path
    hub_id: str  # the published checkpoint, named in messages (and usable when online)


TEXT_MODEL_WEIGHTS = {
    "toolllama": Weights("HARNESS_TOOLLLAMA_PATH", "ToolBench/ToolLLaMA-2-7b-v2"),
    "vicuna": Weights("HARNESS_VICUNA_PATH", "lmsys/vicuna-7b-v1.5"),
    "alpaca": Weights("HARNESS_ALPACA_PATH", "an Alpaca-7B checkpoint"),
}
