"""From ``--judge``/``--procedure``/``-M`` to the judges that vote."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.eval.base import PassJudge
from harness.eval.llm import JudgeModel
from harness.eval.matching import MatchOptions
from harness.eval.pass_rate import PROCEDURES, SoPRPassRate, ToolBenchPassRate
from harness.eval.preference import PreferenceJudge
from harness.eval.rule import RULE_JUDGE, RuleJudge
from harness.models.args import ArgReader
from harness.models.base import GenerateConfig, ModelAdapter, ModelError
from harness.models.cache import ResponseCache
from harness.models.registry import find_spec, list_models, load_model
from harness.registry import Registry, UnknownComponent

# StableToolBench's judge; ToolBench's own was gpt-3.5-turbo-16k.
DEFAULT_JUDGE_MODEL = "gpt-4-turbo-2024-04-09"
# ToolEval samples its judge at temperature 0.2, so repeated votes can differ.
JUDGE_CONFIG = GenerateConfig(temperature=0.2, max_tokens=1024)
DEFAULT_VOTES = {"toolbench": 7, "sopr": 3, RULE_JUDGE: 1}

# A judge builder is called as ``build(args, *, judge, procedure, config, cache_dir, seed, model)`` and
# returns :class:`Judges` or a pass-rate judge (``name``, ``majority``, ``async vote(item, index)``);
# a plugin registers one with an entry point in ``toolharness.judges``.
JUDGES = Registry("judge", "judges")


@dataclass
class Judges:
    """The pass-rate judge, the win-rate judge, and the model behind them (None for the rule judge)."""

    procedure: str
    passing: PassJudge
    preference: PreferenceJudge
    model: JudgeModel | None = None


def rule_options(args: dict[str, str]) -> MatchOptions:
    """The rule judge's ``-M abs_tol=...``/``-M rel_tol=...`` (extra numeric slack; 0 by default)."""
    reader = ArgReader(RULE_JUDGE, args)
    options = MatchOptions(
        abs_tol=reader.number("abs_tol", 0.0, minimum=0.0), rel_tol=reader.number("rel_tol", 0.0, minimum=0.0)
    )
    reader.finish()
    return options


def _wrap(passing: PassJudge) -> Judges:
    """A plugin's pass-rate judge with the win-rate procedure that needs no model (pass shortcut)."""
    return Judges(passing.name, passing, PreferenceJudge(None, passing.name))


@JUDGES.register("rule", "gold facts checked in the final answer (suites with gold); -M abs_tol=, rel_tol=")
def _rule_judge(args: dict[str, str], *, procedure: str | None, **_: Any) -> Judges:
    if procedure not in (None, RULE_JUDGE):
        raise ValueError(f"--procedure {procedure} needs an LLM judge (--judge MODEL); the rule judge uses its own")
    return Judges(RULE_JUDGE, RuleJudge(rule_options(args)), PreferenceJudge(None, RULE_JUDGE))


def llm_judges(
    judge: str,
    model_name: str,
    procedure: str | None,
    model_args: dict[str, str],
    *,
    config: GenerateConfig,
    cache_dir: Path | None,
    seed: int,
    model: ModelAdapter | None,
) -> Judges:
    """ToolEval's procedures (``toolbench``, ``sopr``) asked of the model ``model_name``."""
    procedure = procedure or "toolbench"
    if procedure not in PROCEDURES:
        if procedure == RULE_JUDGE:
            raise ValueError("--procedure rule needs --judge rule")
        raise ValueError(f"unknown --procedure {procedure!r}; choose toolbench, sopr or rule")
    adapter = model if model is not None else load_model(model_name, model_args)
    cache = ResponseCache(cache_dir) if cache_dir is not None else None
    judge_model = JudgeModel(adapter, judge, config=config, cache=cache)
    passing: PassJudge = (
        ToolBenchPassRate(judge_model, seed) if procedure == "toolbench" else SoPRPassRate(judge_model, seed)
    )
    return Judges(procedure, passing, PreferenceJudge(judge_model, passing.name, seed), judge_model)


def _alias(model_name: str) -> Callable[..., Judges]:
    def build(args: dict[str, str], *, judge: str, procedure: str | None, **options: Any) -> Judges:
        return llm_judges(judge, model_name, procedure, args, **options)

    return build


# Judges the literature used, by the names its tables print; any model name (`harness ls models`,
# `openai:<id>`, `anthropic:<id>`, `hf:<path>`) is an LLM judge too.
JUDGES.add(DEFAULT_JUDGE_MODEL, _alias(f"openai:{DEFAULT_JUDGE_MODEL}"), "StableToolBench's judge (SoPR, SoWR)")
JUDGES.add("gpt-3.5-turbo-16k", _alias("openai:gpt-3.5-turbo-16k"), "ToolBench's ToolEval judge (ChatGPT)")


def resolve_judge(judge: str) -> str:
    """Check that ``judge`` names a judge: a registered one, or a model (an LLM judge). An unknown
    name is a one-line ``UnknownComponent`` suggesting the closest judge and model names."""
    if judge in JUDGES:
        return judge
    try:
        find_spec(judge)
    except ModelError:
        extra = [spec.display_name for spec in list_models() if not spec.name.endswith(":")]
        raise UnknownComponent(JUDGES.unknown_message(judge, extra)) from None
    return judge


def build_judges(
    judge: str,
    procedure: str | None,
    model_args: dict[str, str],
    *,
    config: GenerateConfig = JUDGE_CONFIG,
    cache_dir: Path | None = None,
    seed: int = 0,
    model: ModelAdapter | None = None,
) -> Judges:
    """The judges for ``--judge`` (``rule``, a registered judge, or a model name) and ``--procedure``;
    ``model`` replaces loading the named model (tests, or a caller that already holds one)."""
    resolve_judge(judge)
    options: dict[str, Any] = {"config": config, "cache_dir": cache_dir, "seed": seed, "model": model}
    if judge not in JUDGES:
        return llm_judges(judge, judge, procedure, model_args, **options)
    built = JUDGES.build(judge, model_args, judge=judge, procedure=procedure, **options, record_args=model_args)
    return built if isinstance(built, Judges) else _wrap(built)
