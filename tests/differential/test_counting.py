"""ToolEval's eval_pass_rate.py and eval_preference.py, run as scripts on the same votes as our
counting under the ``toolbench`` profile: the pass rate and the win rate of every test set agree.

The scripts run from ../shared/data/toolbench/code unchanged, in a temporary folder, with a scripted
evaluator in place of the LLM one (``evaluators`` in ``sys.modules``) and one thread, so every
query's votes arrive in order. The same votes are counted by ours: the majority with a tie passing
(eval_pass_rate.py's ``failed <= passed``), the pass-label shortcut, and a win rate over every test
id in which ties are worth nothing, a query missing from the candidate is a loss and one missing
from the reference a win.
"""

from __future__ import annotations

import contextlib
import enum
import io
import json
import random
import re
import runpy
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.eval.evaluate import missing_pair_values
from harness.eval.labels import PassLabel, Preference, UnsurePolicy, Vote
from harness.eval.metrics import by_group
from harness.eval.stats import mean
from harness.eval.voting import pass_value, preference_value
from harness.profiles import TOOLBENCH
from tests.conftest import require_shared_data

GROUPS = ["G1_instruction", "G1_category", "G1_tool", "G2_instruction", "G2_category", "G3_instruction"]
PASS_VOTES = 3
WIN_VOTES = 2
QUERIES = 25


class AnswerStatus(enum.Enum):
    Solved = "Solved"
    Unsolved = "Unsolved"
    Unsure = "Unsure"


class TaskStatus(enum.Enum):
    Solvable = "Solvable"
    Unsolvable = "Unsolvable"
    Unsure = "Unsure"


class AnswerPass(enum.Enum):
    Passed = "Passed"
    Failed = "Failed"
    Unsure = "Unsure"


class ScriptedEvaluator:
    """ToolEval's evaluator interface answering from fixed votes, in the order they are asked."""

    def __init__(self, passes: dict[str, list[str]], preferences: dict[str, list[int]]) -> None:
        self.passes = {k: list(v) for k, v in passes.items()}
        self.preferences = {k: list(v) for k, v in preferences.items()}

    def check_has_hallucination(self, *_: Any) -> bool:
        return True

    def check_is_solved(self, task: dict[str, Any], answer: dict[str, Any], **_: Any) -> tuple[AnswerStatus, str]:
        return AnswerStatus.Solved, ""

    def check_task_solvable(self, *_: Any, **__: Any) -> tuple[TaskStatus, str]:
        return TaskStatus.Solvable, ""

    def is_passed(self, task: dict[str, Any], answer: dict[str, Any], **_: Any) -> AnswerPass:
        label = self.passes[answer["query_id"]].pop(0)
        return AnswerPass.Passed if label == PassLabel.PASSED else AnswerPass.Failed

    def annotate_preference(self, query: str, tools: Any, answers: list[dict[str, Any]], **_: Any) -> int:
        return self.preferences[answers[0]["query_id"]].pop(0)


def _example(query_id: str, answer: str) -> dict[str, Any]:
    finish = {"role": "tool", "message": "{'name': 'Finish', 'arguments': {}}", "next": []}
    return {
        "query": f"query {query_id}",
        "available_tools": [{"name": "kit"}],
        "answer": {
            "query_id": query_id,  # read back by the scripted evaluator only
            "final_answer": answer,
            "answer_details": [{"role": "system", "message": "", "next": [finish]}],
        },
    }


@contextlib.contextmanager
def _tooleval(code: Path, evaluator: ScriptedEvaluator) -> Iterator[None]:
    tooleval = code / "toolbench" / "tooleval"
    names = ("evaluators", "evaluators.registered_cls", "evaluators.registered_cls.rtl")
    replaced = ("evaluators", "utils", "evaluation")
    saved = {n: sys.modules.pop(n) for n in list(sys.modules) if n.split(".")[0] in replaced}
    rtl = types.ModuleType("evaluators.registered_cls.rtl")
    rtl.__dict__.update(AnswerStatus=AnswerStatus, TaskStatus=TaskStatus, AnswerPass=AnswerPass)
    stub = types.ModuleType("evaluators")
    stub.__dict__.update(load_registered_automatic_evaluator=lambda **_: evaluator)
    sys.modules.update({"evaluators": stub, "evaluators.registered_cls": types.ModuleType("r"), names[2]: rtl})
    sys.path.insert(0, str(tooleval))
    try:
        yield
    finally:
        sys.path.remove(str(tooleval))
        for name in list(sys.modules):
            if name.split(".")[0] in replaced:
                del sys.modules[name]
        sys.modules.update(saved)


def _run_script(script: Path, args: list[str]) -> str:
    out = io.StringIO()
    saved_argv = sys.argv
    sys.argv = [str(script), *args]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            runpy.run_path(str(script), run_name="__main__")
    finally:
        sys.argv = saved_argv
    return out.getvalue()


def _rates(output: str, label: str) -> dict[str, float]:
    return {m.group(1): float(m.group(2)) for m in re.finditer(rf"Test set: (\w+)\..*?{label}: ([0-9.]+)", output)}


def test_pass_and_win_rates_match_tooleval(tmp_path: Path) -> None:
    code = require_shared_data() / "toolbench" / "code"
    rng = random.Random(15)
    test_ids = {g: [f"{g}-{i}" for i in range(QUERIES)] for g in GROUPS}
    # Both runs answer every id: eval_preference.py counts a missing one in its saved votes (a loss or a
    # win, as missing_pair_values does) but then fails in write_results (KeyError) before it prints a rate.
    candidate = reference = test_ids
    labels = [PassLabel.PASSED, PassLabel.FAILED]
    passes = {
        f"{run}:{q}": [rng.choice(labels) for _ in range(PASS_VOTES)]
        for run, answered in (("cand", candidate), ("ref", reference))
        for qs in answered.values()
        for q in qs
    }
    prefs = {q: [rng.choice([0, 1]) for _ in range(WIN_VOTES)] for ids in test_ids.values() for q in ids}

    for run, answered in (("cand", candidate), ("ref", reference)):
        (tmp_path / "converted" / run).mkdir(parents=True)
        for g, qs in answered.items():
            examples = {q: _example(f"{run}:{q}", f"answer {q}") for q in qs}
            (tmp_path / "converted" / run / f"{g}.json").write_text(json.dumps(examples))
    (tmp_path / "ids").mkdir()
    for g, ids in test_ids.items():
        (tmp_path / "ids" / f"{g}.json").write_text(json.dumps({q: 1 for q in ids}))
    (tmp_path / "pass").mkdir()
    (tmp_path / "pref").mkdir()
    # ToolBench's eval_preference.py reads prefer_dict[qid]["round_<i>"] for i > 0 without creating it
    # (KeyError 'round_1' with --evaluate_times above 1; StableToolBench's copy creates the keys first).
    # Its own resume file, holding every round as incomplete, is that fix without editing the script.
    for g, ids in test_ids.items():
        rounds = {f"round_{i}": "incomplete" for i in range(WIN_VOTES)}
        seeded = {q: {"ref": 0, "cand": 0, **rounds} for q in ids}
        (tmp_path / "pref" / f"{g}_ref_cand.json").write_text(json.dumps(seeded))

    # The preference script asks with the reference's answer first: key its votes by that answer's id.
    pref_by_answer = {f"ref:{q}": v for q, v in prefs.items()}
    evaluator = ScriptedEvaluator(passes, pref_by_answer)
    tooleval = code / "toolbench" / "tooleval"
    common = ["--converted_answer_path", str(tmp_path / "converted"), "--test_ids", str(tmp_path / "ids")]
    with _tooleval(code, evaluator):
        pass_out = {}
        for run in ("cand", "ref"):
            args = [*common, "--save_path", str(tmp_path / "pass"), "--reference_model", run]
            args += ["--max_eval_threads", "1", "--evaluate_times", str(PASS_VOTES)]
            pass_out[run] = _rates(_run_script(tooleval / "eval_pass_rate.py", args), "Pass rate")
        args = [*common, "--reference_model", "ref", "--output_model", "cand", "--save_path", str(tmp_path / "pref")]
        args += ["--pass_rate_result_path", str(tmp_path / "pass"), "--max_eval_threads", "1", "--evaluate_times", "2"]
        win_out = _rates(_run_script(tooleval / "eval_preference.py", args), "Win rate")
    assert set(win_out) == set(GROUPS) and set(pass_out["cand"]) == set(GROUPS)

    # Ours, from the same votes.
    def pass_values(run: str, answered: dict[str, list[str]]) -> dict[tuple[str, str], float]:
        values = {}
        for g, qs in answered.items():
            for q in qs:
                votes = [Vote(label, "") for label in passes[f"{run}:{q}"]]
                value = pass_value(votes, PASS_VOTES, UnsurePolicy(TOOLBENCH.unsure), True, f"x:{g}:{q}")
                assert value is not None
                values[(g, q)] = value
        return values

    ours_pass = {run: pass_values(run, answered) for run, answered in (("cand", candidate), ("ref", reference))}
    for run in ("cand", "ref"):
        ours = {g: mean(v) for g, v in by_group(ours_pass[run]).items()}
        assert ours == pytest.approx(pass_out[run], abs=1e-12), run

    win_values: dict[tuple[str, str], float] = {}
    cand_keys = set(ours_pass["cand"])
    ref_keys = set(ours_pass["ref"])
    for key in sorted(cand_keys & ref_keys):
        c, r = ours_pass["cand"][key], ours_pass["ref"][key]
        if {c, r} == {0.0, 1.0}:  # the pass-label shortcut: one vote stands for every round
            votes = [Vote(Preference.CANDIDATE if c == 1.0 else Preference.REFERENCE, "", deterministic=True)]
        else:
            picks = prefs[key[1]]
            votes = [Vote(Preference.REFERENCE if p == 0 else Preference.CANDIDATE, "") for p in picks]
        value = preference_value(votes, WIN_VOTES)
        assert value is not None
        win_values[key] = TOOLBENCH.win_tie_value if value == 0.5 else value
    win_values.update(missing_pair_values(cand_keys, ref_keys))
    ours_win = {g: mean(v) for g, v in by_group(win_values).items()}
    assert ours_win == pytest.approx(win_out, abs=1e-12)
    # Ties worth half (the harness profile) give other numbers on the same votes.
    ties = sum(1 for key in cand_keys & ref_keys if sorted(prefs[key[1]]) == [0, 1] and key in win_values)
    assert ties > 0


def test_ids_only_one_run_answered_count_as_eval_preference_counts_them() -> None:
    """A query the reference lacks is the candidate's win, one the candidate lacks its loss."""
    candidate = {("G1", "1"), ("G1", "2")}
    reference = {("G1", "2"), ("G1", "3")}
    assert missing_pair_values(candidate, reference) == {("G1", "1"): 1.0, ("G1", "3"): 0.0}
