"""Everything that determines a run; its hash is the run id."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel, Field

from harness import __version__

# Argument names whose values are secrets; they never enter a RunSpec, its hash or the store.
SECRET_MARKERS = ("key", "token", "secret", "password", "authorization")


def is_secret_argument(name: str) -> bool:
    """True for argument names that carry credentials (``api_key``, ``toolbench_key`` ...)."""
    lowered = name.lower()
    return any(marker in lowered for marker in SECRET_MARKERS)


def without_secrets(arguments: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``arguments`` with credential-bearing entries removed."""
    return {k: v for k, v in arguments.items() if not is_secret_argument(k)}


class RunSpec(BaseModel):
    """The inputs of a run. Two runs with equal specs mean the same thing on any machine."""

    tasks: list[str]
    task_data_hash: str
    model: str
    model_args: dict[str, Any] = Field(default_factory=dict)
    strategy: str
    strategy_args: dict[str, Any] = Field(default_factory=dict)
    env_backend: str = "local"
    env_args: dict[str, Any] = Field(default_factory=dict)
    seed: int = 0
    limit: int | None = None
    # Independent repeats of one configuration (``--trials K``): each derives its own episode seeds,
    # and the trials of a spec form one family for pass@k / pass^k.
    trial: int = Field(default=1, ge=1)
    harness_version: str = __version__
    # Open-domain runs only: the retriever that chose each query's APIs (see harness.runner.retrieval).
    retriever: dict[str, Any] | None = None
    # The profile (harness.profiles) the run followed: sampling, loop and call semantics.
    profile: str = "harness"
    # Agent runs only: the external agent under test (name, version, model; see harness.agents). Its
    # model column reads ``agent:<name>`` and model_args say how to reach it (command or url).
    agent: dict[str, Any] | None = None

    def model_post_init(self, __context: Any) -> None:
        self.model_args = without_secrets(self.model_args)
        self.env_args = without_secrets(self.env_args)

    def canonical_json(self) -> str:
        """Key-sorted compact JSON: the bytes the run id is computed from."""
        data = self.model_dump(mode="json")
        if data["retriever"] is None:  # runs without retrieval keep the ids they had before it existed
            del data["retriever"]
        if data["profile"] == "harness":  # the default profile keeps the ids runs had before profiles
            del data["profile"]
        if data["agent"] is None:  # likewise runs of models
            del data["agent"]
        if data["trial"] == 1:  # likewise the first trial: runs stored before trials existed still resume
            del data["trial"]
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    @property
    def run_id(self) -> str:
        """The first 16 hex digits of the SHA-256 of the canonical JSON."""
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()[:16]


def retriever_label(spec: Mapping[str, Any]) -> str:
    """How score tables name a run's retriever: ``"+ retriever (bm25, top 5)"`` for a run's spec entry,
    the text itself for a published row (which names its retriever in words), ``""`` for none."""
    entry = spec.get("retriever")
    if isinstance(entry, str):
        return "" if entry.strip().lower() in ("", "none") else entry
    if not isinstance(entry, Mapping) or not entry.get("method"):
        return ""
    # A trained model is named by its folder: the label must not carry the machine's path.
    return f"+ retriever ({PurePath(str(entry['method'])).name}, top {entry.get('top_k', '?')})"
