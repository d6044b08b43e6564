"""Profiles: one switch that makes a run and its scoring follow our reproducible defaults, ToolBench's
code, or StableToolBench's code.

A :class:`Profile` holds every knob on which those three differ (sampling, the agent loop, call
semantics, what each model format sees, wording, and the counting of pass and win rates). The
built-in profiles live in :data:`PROFILES`, the one registry of this kind (``harness ls profiles``);
a plugin adds one with an entry point in ``toolharness.profiles`` whose builder takes no arguments
and returns a :class:`Profile`.

The name is recorded in the RunSpec (key ``profile``, left out of the hashed JSON for ``harness`` so
that run ids from before profiles stay the same) and in every stored score's details (``profile``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from harness.registry import Registry, UnknownComponent

DEFAULT_PROFILE = "harness"
WORDING_ENV = "HARNESS_TOOLBENCH_WORDING"

PROFILES = Registry("profile", "profiles")


class ProfileError(ValueError):
    """An unknown profile, or a profile that cannot be used as asked; the message is one line."""


class Profile(BaseModel):
    """Every setting on which our defaults, ToolBench and StableToolBench differ."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    description: str = ""

    # -- sampling --------------------------------------------------------------------------------
    # Temperature of every request when -M temperature is not given; None keeps the adapter's 0.
    temperature: float | None = None
    # Temperature of CoT@N (N > 1) requests when -M temperature is not given: tries must differ.
    try_temperature: float = Field(default=1.0, ge=0.0)
    # Each request's seed derives from the episode seed and the node it expands (and, under it, the
    # sibling index), so CoT@N tries and DFSDT siblings differ while a run still reproduces.
    seed_per_node: bool = True

    # -- the agent loop --------------------------------------------------------------------------
    # ToolBench makes a Thought node whenever the content is not None, "" included; nodes count
    # toward the depth limit. We skip a Thought for a tool call whose text is empty.
    empty_content_thought: bool = False
    # What happens to the second and later tool calls of one reply: dropped ("first", ToolBench's
    # function_call API holds one), or run in order, each its own Action / Action Input answered by
    # its own tool message, as StableToolBench's DFS.py and single_chain.py do ("all").
    parallel_calls: Literal["first", "all"] = "first"
    # Whether the LLM-call budget (max_calls) bounds CoT@N; ToolBench applies it to DFSDT only.
    cot_call_budget: bool = True
    # The code of Finish(give_answer, final_answer: null): 2 (bad input) here, 3 (answer) in ToolBench.
    finish_null_answer_code: Literal[2, 3] = 2
    # How a called name finds its API: the exact name first, then ends-with ("exact"); or
    # ToolBench's first function whose name ends with the called one, "" reaching the first API.
    function_lookup: Literal["exact", "ends_with"] = "exact"
    # Whether ToolLLaMA-format (text) models see DFSDT's spent diversity notes: ToolBench's
    # ToolLLaMA renders every message, its ChatGPT client drops the ones marked invalid.
    text_models_see_hidden_notes: bool = False
    # Whose words the agent and the judge receive: ours, or ToolBench's read from a checkout.
    wording: Literal["harness", "toolbench"] = "harness"

    # -- retrieval -------------------------------------------------------------------------------
    # How the dense retriever encodes (--retriever dense): None is the harness's default (onnx-int8 at
    # 128 tokens on the CPU, or $HARNESS_RETRIEVER_BACKEND); "torch" pins the model as ToolBench's
    # retriever runs it, with sentence-transformers at the model's 256 tokens, whatever the variable says.
    dense_backend: Literal["torch"] | None = None

    # -- counting --------------------------------------------------------------------------------
    # Win rate over the queries both runs answered ("common") or over every test id ("all": a
    # query missing from the candidate is a loss, one missing from the reference a win).
    win_rate_ids: Literal["common", "all"] = "common"
    # What a tied win-rate query is worth: 0.5, or 0 as eval_preference.py counts (wins / all).
    win_tie_value: float = Field(default=0.5, ge=0.0, le=1.0)
    # Unsure pass-rate votes: half a pass, or a seeded coin per vote as eval_pass_rate.py does.
    # (the values of harness.eval.labels.UnsurePolicy, named here so that profiles stay below eval)
    unsure: Literal["half", "fail", "random"] = "half"
    # Win-rate votes: both orders asked ("both"), or one order per vote drawn by a seeded shuffle,
    # which also decides pairs whose answer statuses differ ("shuffled", ToolBench's evaluator).
    vote_order: Literal["both", "shuffled"] = "both"
    # The answer status the win-rate step reads from a query's pass-rate votes: the majority, or the
    # last vote's (eval_pass_rate.py writes the status of the vote that finished last).
    win_status: Literal["majority", "last"] = "majority"


HARNESS = Profile(
    name="harness",
    description="reproducible defaults: our wording, temperature 0 (CoT@N tries sample at 1.0), deterministic counting",
)

TOOLBENCH = Profile(
    name="toolbench",
    description="ToolBench's code (OpenBMB/ToolBench d56fdd89): its wording from --wording, API-default "
    "temperature, coin-flipped unsure votes, win rate over all test ids",
    temperature=1.0,
    try_temperature=1.0,
    empty_content_thought=True,
    parallel_calls="first",
    cot_call_budget=False,
    finish_null_answer_code=3,
    function_lookup="ends_with",
    text_models_see_hidden_notes=True,
    wording="toolbench",
    dense_backend="torch",
    win_rate_ids="all",
    win_tie_value=0.0,
    unsure="random",
    vote_order="shuffled",
    win_status="last",
)

STABLETOOLBENCH = TOOLBENCH.model_copy(
    update={
        "name": "stabletoolbench",
        "description": "StableToolBench's code (THUNLP-MT/StableToolBench aa4ed9f4): as toolbench, and "
        "every parallel tool call of a reply runs, in order",
        "parallel_calls": "all",
    }
)


def _builtin(profile: Profile) -> None:
    PROFILES.add(profile.name, lambda: profile, profile.description)


for _profile in (HARNESS, TOOLBENCH, STABLETOOLBENCH):
    _builtin(_profile)


def get_profile(name: str | None) -> Profile:
    """The profile called ``name`` (None: ``harness``); unknown names raise :class:`ProfileError`
    with a did-you-mean."""
    wanted = (name or DEFAULT_PROFILE).strip().lower()
    try:
        entry, _ = PROFILES.resolve(wanted)
    except UnknownComponent as exc:
        raise ProfileError(str(exc)) from None
    built = entry.load()()
    if not isinstance(built, Profile):
        raise ProfileError(f"profile {wanted!r} ({entry.source}) did not build a Profile")
    return built


def wording_path(profile: Profile, given: Path | None) -> Path | None:
    """The ToolBench checkout whose wording ``profile`` needs: ``--wording``, else the environment
    variable; a profile that needs one and has none is a one-line error saying what to pass."""
    if profile.wording != "toolbench":
        return given
    path = given or (Path(os.environ[WORDING_ENV]) if os.environ.get(WORDING_ENV) else None)
    if path is None:
        raise ProfileError(
            f"profile {profile.name} uses ToolBench's own wording, which the harness does not ship: pass "
            f"--wording PATH to a ToolBench or StableToolBench checkout (or set {WORDING_ENV})"
        )
    if not (path / "toolbench").is_dir():
        raise ProfileError(
            f"--wording {path} is not a ToolBench checkout (no toolbench/ folder in it); pass the folder "
            "that holds toolbench/inference and toolbench/tooleval"
        )
    return path
