"""EnvConfig from a task's YAML plus command-line overrides, and build_env for every backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.envs.env import EnvMode
from harness.envs.factory import BackendKind, EnvConfig, build_env, env_config_for_task
from harness.tasks import get_task


def _task(root: Path, env: str) -> Path:
    path = root / "tasks" / "suite" / "G1.yaml"
    path.parent.mkdir(parents=True)
    source = "source: {queries: q.json}"
    path.write_text(f"name: suite/G1\ngroup: G1\nversion: '1'\n{source}\nenv: {env}\n")
    return root / "tasks"


def test_task_paths_are_relative_to_the_task_file_and_overrides_win(tmp_path: Path) -> None:
    root = _task(tmp_path, "{backend: local, catalog: ../toolenv/tools, timeout_s: 2.5, cache_dir: cache}")
    task = get_task("suite/G1", root)
    config = env_config_for_task(task)
    assert config.catalog == (root / "toolenv" / "tools").resolve()
    assert config.cache_dir == (root / "suite" / "cache").resolve()
    assert (config.backend, config.timeout_s, config.mode) == (BackendKind.LOCAL, 2.5, EnvMode.LIVE)
    # -E values arrive as strings; None means "not given on the command line".
    overridden = env_config_for_task(task, {"mode": "record", "max_observation_length": "2048", "url": None})
    assert (overridden.mode, overridden.max_observation_length, overridden.url) == (EnvMode.RECORD, 2048, None)
    assert overridden.catalog == config.catalog


def test_bad_env_settings_name_the_task(tmp_path: Path) -> None:
    task = get_task("suite/G1", _task(tmp_path, "{backend: local, catalogue: x}"))
    with pytest.raises(ValueError, match=r"suite/G1: bad tool environment \(catalogue: Extra inputs"):
        env_config_for_task(task)
    with pytest.raises(ValueError, match="mode: Input should be 'live', 'record' or 'replay'"):
        env_config_for_task(get_task("suite/G1", _task(tmp_path / "2", "{backend: schema}")), {"mode": "rewind"})


def test_every_backend_builds(catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOOLBENCH_KEY", "k1")
    monkeypatch.setenv("MY_RAPIDAPI", "k2")
    configs = {
        "local": EnvConfig(catalog=catalog),
        "schema": EnvConfig(backend="schema", cache_dir=tmp_path, mode="replay"),
        "virtual": EnvConfig(backend="virtual", url="http://127.0.0.1:1"),
        "rapidapi": EnvConfig(backend="rapidapi", service="rapidapi", catalog=catalog, key_env="MY_RAPIDAPI"),
    }
    for name, config in configs.items():
        env = build_env(config)
        assert env.backend.name == name
    assert build_env(configs["virtual"]).backend.secrets() == ["k1"]
    assert build_env(configs["rapidapi"]).backend.secrets() == ["k2"]
    with pytest.raises(ValueError, match="needs the server's URL"):
        build_env(EnvConfig(backend="virtual"))
    with pytest.raises(ValueError, match="not an http"):
        build_env(EnvConfig(backend="virtual", url="127.0.0.1:8080"))


def test_bundled_task_envs_resolve() -> None:
    for name, backend in (("toolbench/G1_instruction", "rapidapi"), ("stabletoolbench/G1_instruction", "virtual")):
        assert env_config_for_task(get_task(name)).backend == backend
