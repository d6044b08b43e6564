"""From ``--judge``/``--procedure``/``-M`` to the judges that vote."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from harness.eval.base import PassJudge
from harness.eval.llm import JudgeModel
from harness.eval.matching import MatchOptions
from harness.eval.pass_rate import PROCEDURES, SoPRPassRate, ToolBenchPassRate
from harness.eval.preference import PreferenceJudge
from harness.eval.rule import RULE_JUDGE, RuleJudge
from harness.models.args import ArgReader
from harness.models.base import GenerateConfig, ModelAdapter, ModelError
from harness.models.cache import ResponseCache
from harness.models.registry import find_spec, load_model

# StableToolBench's judge; ToolBench's own was gpt-3.5-turbo-16k.
DEFAULT_JUDGE_MODEL = "gpt-4-turbo-2024-04-09"
# ToolEval samples its judge at temperature 0.2, so repeated votes can differ.
JUDGE_CONFIG = GenerateConfig(temperature=0.2, max_tokens=1024)
DEFAULT_VOTES = {"toolbench": 7, "sopr": 3, RULE_JUDGE: 1}


@dataclass
class Judges:
    """The pass-rate judge, the win-rate judge, and the model behind them (None for the rule judge)."""

    procedure: str
    passing: PassJudge
    preference: PreferenceJudge
    model: JudgeModel | None = None


def judge_model_name(name: str) -> str:
    """A registry name as it is; a bare model id (``gpt-4-turbo-2024-04-09``) on the OpenAI API."""
    try:
        find_spec(name)
    except ModelError:
        if ":" not in name:
            return f"openai:{name}"
        raise
    return name


def rule_options(args: dict[str, str]) -> MatchOptions:
    """The rule judge's ``-M abs_tol=...``/``-M rel_tol=...`` (extra numeric slack; 0 by default)."""
    reader = ArgReader(RULE_JUDGE, args)
    options = MatchOptions(
        abs_tol=reader.number("abs_tol", 0.0, minimum=0.0), rel_tol=reader.number("rel_tol", 0.0, minimum=0.0)
    )
    reader.finish()
    return options


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
    """The judges for ``--judge`` (``rule`` or a model name) and ``--procedure``; ``model`` replaces
    loading the named model (tests, or a caller that already holds one)."""
    if judge == RULE_JUDGE:
        if procedure not in (None, RULE_JUDGE):
            raise ValueError(f"--procedure {procedure} needs an LLM judge (--judge MODEL); the rule judge uses its own")
        return Judges(RULE_JUDGE, RuleJudge(rule_options(model_args)), PreferenceJudge(None, RULE_JUDGE))
    procedure = procedure or "toolbench"
    if procedure not in PROCEDURES:
        if procedure == RULE_JUDGE:
            raise ValueError("--procedure rule needs --judge rule")
        raise ValueError(f"unknown --procedure {procedure!r}; choose toolbench, sopr or rule")
    adapter = model if model is not None else load_model(judge_model_name(judge), model_args)
    cache = ResponseCache(cache_dir) if cache_dir is not None else None
    judge_model = JudgeModel(adapter, judge, config=config, cache=cache)
    passing: PassJudge = (
        ToolBenchPassRate(judge_model, seed) if procedure == "toolbench" else SoPRPassRate(judge_model, seed)
    )
    return Judges(procedure, passing, PreferenceJudge(judge_model, passing.name, seed), judge_model)
