"""The command line that reproduces a stored run, rebuilt from its RunSpec."""

from __future__ import annotations

import shlex
from typing import Any


def _assignments(flag: str, values: object) -> list[str]:
    if not isinstance(values, dict):
        return []
    return [part for key, value in sorted(values.items()) for part in (flag, f"{key}={value}")]


def reproduce_command(spec: dict[str, Any], name: str, judge: str | None = None) -> str | None:
    """``harness run ...`` (and ``harness eval ...`` under ``judge``) for a run of this harness; None for
    a published row or an import, whose spec does not name a model, strategy and tasks to run."""
    if spec.get("submission", {}).get("kind") == "reported" or not spec.get("tasks") or not spec.get("model"):
        return None
    parts = ["harness", "run", "--model", str(spec["model"]), "--strategy", str(spec.get("strategy", ""))]
    parts += ["--tasks", ",".join(str(t) for t in spec["tasks"]), "--name", name]
    if spec.get("limit"):
        parts += ["--limit", str(spec["limit"])]
    if spec.get("seed"):
        parts += ["--seed", str(spec["seed"])]
    if int(spec.get("trial") or 1) > 1:
        parts += ["--trial", str(spec["trial"])]
    if spec.get("profile") and spec["profile"] != "harness":
        parts += ["--profile", str(spec["profile"])]
    retriever = spec.get("retriever")
    if isinstance(retriever, dict) and retriever.get("method"):
        parts += ["--retriever", str(retriever["method"]), "--top-k", str(retriever.get("top_k", 5))]
    parts += _assignments("-M", spec.get("model_args"))
    parts += _assignments("-S", spec.get("strategy_args"))
    parts += _assignments("-E", spec.get("env_args"))
    command = shlex.join(parts)
    if judge:
        command += "\n" + shlex.join(["harness", "eval", "--run", name, "--judge", judge])
    return command
