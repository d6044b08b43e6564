"""One registry for every kind of component: lazy entries, families, suggestions, provenance, and
plugins that an installed distribution declares through entry points."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from harness.registry import PluginError, Registry, UnknownComponent, provenance

REPO = Path(__file__).resolve().parents[1]


def test_lazy_entries_import_their_module_only_when_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "lazy_target_mod.py").write_text("class Thing:\n    def __init__(self, x):\n        self.x = x\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = Registry("widget", "widgets")
    registry.add("thing", "lazy_target_mod:Thing", "a thing")
    assert "thing" in registry
    assert "lazy_target_mod" not in sys.modules
    built = registry.build("thing", x=3)
    assert "lazy_target_mod" in sys.modules and built.x == 3
    info = provenance(built)
    assert info is not None and (info.kind, info.name, dict(info.args)) == ("widget", "thing", {"x": 3})


def test_families_decorators_and_suggestions() -> None:
    registry = Registry("widget", "widgets")

    @registry.register("plain", "a plain one")
    def plain() -> str:
        return "plain"

    registry.add("fam:", lambda target: f"fam {target}", "a family")
    registry.add("fam:long:", lambda target: f"long {target}", "a longer family")
    assert registry.build("plain") == "plain"
    assert registry.build("fam:x") == "fam x"
    assert registry.build("fam:long:y") == "long y"  # the longest prefix wins
    with pytest.raises(UnknownComponent, match=r"unknown widget 'plian'; did you mean 'plain'\?.*harness ls widgets"):
        registry.resolve("plian")
    with pytest.raises(UnknownComponent, match="unknown widget 'fam:'"):
        registry.resolve("fam:")  # a family needs something after its prefix
    with pytest.raises(PluginError, match="registered twice"):
        registry.add("plain", plain)


def test_every_kind_suggests_the_closest_name() -> None:
    from harness.envs.factory import EnvConfig
    from harness.eval.judges import build_judges
    from harness.models.base import ModelError
    from harness.models.registry import load_model
    from harness.retriever.documents import Corpus
    from harness.retriever.errors import RetrieverError
    from harness.retriever.factory import open_retriever
    from harness.strategies.registry import StrategyError, load_strategy
    from harness.types.docs import ApiDoc

    with pytest.raises(ModelError, match="did you mean 'baseline'"):
        load_model("baselin", {})
    with pytest.raises(StrategyError, match="did you mean 'dfsdt'"):
        load_strategy("dfst", {})
    with pytest.raises(UnknownComponent, match="did you mean 'rule'"):
        build_judges("rul", None, {})
    with pytest.raises(ValueError, match="did you mean 'local'"):
        EnvConfig(backend="locl")
    corpus = Corpus([ApiDoc(category_name="C", tool_name="T", api_name="a", api_description="d")])
    with pytest.raises(RetrieverError, match="did you mean 'bm25'"):
        open_retriever("bm52", corpus)


def test_an_unknown_bare_model_id_is_no_judge() -> None:
    """A bare id used to become an OpenAI model silently; now a judge is a registered name, a model
    name, or a provider-prefixed id."""
    from harness.eval.judges import build_judges, resolve_judge

    with pytest.raises(UnknownComponent, match="unknown judge 'gpt-17-mini'"):
        build_judges("gpt-17-mini", None, {})
    assert resolve_judge("openai:gpt-17-mini") == "openai:gpt-17-mini"
    assert resolve_judge("gpt-4-turbo-2024-04-09") == "gpt-4-turbo-2024-04-09"  # StableToolBench's judge
    assert resolve_judge("chatgpt") == "chatgpt"  # any model name


def _cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=600,
        check=False,
    )


PLUGIN_MODULE = '''
"""A third-party plugin: one model and one strategy, registered through entry points."""
import json

from harness.models.base import ModelOutput
from harness.strategies.react import ChainOfThought
from harness.types.messages import Message, ToolCall


class EchoModel:
    """Answers every query at once with its own text."""

    def __init__(self, name):
        self.name = name

    async def generate(self, messages, functions, config):
        answer = {"return_type": "give_answer", "final_answer": "echo: " + config.query.text}
        call = ToolCall(name="Finish", arguments=json.dumps(answer))
        return ModelOutput(message=Message(role="assistant", content="", tool_call=call))


def build_model(target, args):
    return EchoModel(args.model)


class Once:
    """One ReAct chain, under the plugin's own name."""

    name = "toy-once"
    method = "CoT@1"

    def arguments(self):
        return {"plugin": True}

    async def solve(self, query, agent):
        return await ChainOfThought(1).solve(query, agent)


def build_strategy(args):
    return Once()
'''


def make_plugin(root: Path) -> Path:
    """A distribution installed the way pip leaves one: a module and a dist-info with entry points."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "toy_plugin.py").write_text(textwrap.dedent(PLUGIN_MODULE))
    info = root / "toy_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[toolharness.models]\ntoy-echo = toy_plugin:build_model\n\n"
        "[toolharness.strategies]\ntoy-once = toy_plugin:build_strategy\n"
    )
    return root


def test_a_plugin_model_and_strategy_run_end_to_end(tmp_path: Path) -> None:
    plugin = make_plugin(tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(plugin), str(REPO)])}
    db = tmp_path / "runs.duckdb"
    listed = _cli("ls", "models", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    rows = {row["name"]: row for row in json.loads(listed.stdout)}
    assert rows["toy-echo"]["source"] == "plugin toy-plugin"
    strategies = _cli("ls", "strategies", "--json", env=env)
    assert "toy-once" in {row["name"] for row in json.loads(strategies.stdout)}

    args = ("run", "--model", "toy-echo", "--strategy", "toy-once", "--tasks", "sandbox", "--limit", "2")
    done = _cli(*args, "--name", "plug", "--db", str(db), "--quiet", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    shown = json.loads(_cli("show", "plug", "--db", str(db), "--json", env=env).stdout)
    assert shown["episodes"] == 12 and shown["finish_types"] == {"give_answer": 12}
    spec = json.loads(_cli("ls", "runs", "--db", str(db), "--json", env=env).stdout)[0]
    assert spec["name"] == "plug"
    # Without the plugin on the path the names are unknown, with a one-line error.
    gone = _cli(*args, "--db", str(db), env={**os.environ, "PYTHONPATH": str(REPO)}, cwd=tmp_path)
    assert gone.returncode == 2 and "unknown strategy 'toy-once'" in gone.stderr and "Traceback" not in gone.stderr


def test_a_broken_plugin_is_named_in_one_line(tmp_path: Path) -> None:
    plugin = make_plugin(tmp_path / "site")
    (plugin / "toy_plugin.py").write_text("raise ImportError('half-installed')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(plugin), str(REPO)])}
    done = _cli("run", "--model", "toy-echo", "--strategy", "react", "--tasks", "sandbox/G1_instruction", env=env)
    assert done.returncode == 2
    assert "model plugin 'toy-echo' from toy-plugin" in done.stderr and "half-installed" in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_names_on_the_command_line_exit_2_with_a_suggestion(tmp_path: Path) -> None:
    db = tmp_path / "runs.duckdb"
    model = _cli(
        "run", "--model", "baselin", "--strategy", "react", "--tasks", "sandbox/G1_instruction", "--db", str(db)
    )
    assert model.returncode == 2 and "did you mean 'baseline'" in model.stderr
    assert not db.exists()  # nothing was written
    made = _cli(
        "run", "--model", "baseline", "--strategy", "react", "--tasks", "sandbox/G1_instruction", "--limit", "1",
        "--name", "r1", "--db", str(db), "--quiet",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    judged = _cli("eval", "--run", "r1", "--judge", "rul", "--db", str(db))
    assert judged.returncode == 2
    lines = [line for line in judged.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "did you mean 'rule'" in lines[0]
