"""The wheel carries its data: built from the tracked files, installed into a fresh virtual
environment with the core dependencies only, and run from a folder that is not the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO

# Downloaded dependency wheels are kept between runs (like pip's own cache), so only the first run
# on a machine needs the package registry; later ones install offline from here.
WHEELHOUSE = Path(
    os.environ.get("HARNESS_TEST_WHEELHOUSE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "toolharness-test-wheels"
)
SKIP_IN_COPY = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "demo-out", "*.duckdb*", "site"
)


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


def _build_wheel(tmp: Path) -> Path:
    # A copy, so that the build's scratch folders never land in the working tree and only what a
    # clone holds goes in (the links in harness/_bundled are copied as links).
    source = tmp / "source"
    shutil.copytree(REPO, source, symlinks=True, ignore=SKIP_IN_COPY)
    dist = tmp / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(source)], tmp)
    (wheel,) = dist.glob("toolharness-*.whl")
    return wheel


def _install(wheel: Path, tmp: Path) -> Path:
    env_dir = tmp / "venv"
    # No pip inside: this interpreter's pip installs into it (--python), which saves bootstrapping one.
    venv.EnvBuilder(with_pip=False).create(env_dir)
    pip = [sys.executable, "-m", "pip", "--python", str(env_dir / "bin" / "python")]
    offline = [*pip, "install", "--no-compile", "--no-index", "--find-links", str(WHEELHOUSE)]
    # A PYTHONPATH naming a checkout would make pip think the package is installed already.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if subprocess.run([*offline, str(wheel)], capture_output=True, check=False, env=env).returncode != 0:
        WHEELHOUSE.mkdir(parents=True, exist_ok=True)
        # pip download keeps a file of the same name that is already there: an older build of our
        # own wheel would stand in for this one, and its older dependencies would be fetched.
        for stale in WHEELHOUSE.glob(f"{wheel.name.split('-')[0]}-*.whl"):
            stale.unlink()
        _run([*pip, "download", "-d", str(WHEELHOUSE), str(wheel)], tmp, env)
        _run([*offline, str(wheel)], tmp, env)
    return env_dir / "bin"


@pytest.mark.wheel
@pytest.mark.timeout(900)
def test_installed_wheel_runs_the_sandbox_from_any_folder(tmp_path: Path) -> None:
    if shutil.which("git") is None and not (REPO / "harness" / "_bundled").is_dir():
        pytest.skip("not a checkout of the repository")
    wheel = _build_wheel(tmp_path)
    bin_dir = _install(wheel, tmp_path)
    python = str(bin_dir / "python")
    installed = _run([sys.executable, "-m", "pip", "--python", python, "list", "--format=freeze"], tmp_path).stdout
    installed = installed.lower()
    assert "toolharness==" in installed
    assert "torch==" not in installed and "streamlit==" not in installed  # core dependencies only

    work = tmp_path / "elsewhere"
    work.mkdir()
    dropped = ("PYTHONPATH", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HARNESS_") and k not in dropped}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    harness = str(bin_dir / "harness")

    listed = _run([harness, "ls", "tasks", "--json"], work, env).stdout
    assert '"sandbox/G1_instruction"' in listed and "200 queries" in listed

    ran = _run(
        [harness, "run", "--model", "baseline", "--strategy", "dfsdt", "--tasks", "sandbox", "--limit", "5"], work, env
    )
    assert "G3_instruction" in ran.stdout, ran.stdout + ran.stderr
    assert (work / "harness.duckdb").is_file()

    validated = _run([harness, "submissions", "validate"], work, env).stdout
    assert validated.count("valid ") >= 3 and "site-packages" in validated

    built = _run([harness, "data", "build", "--per-group", "1", "--train", "3"], work, env).stdout
    # An installed copy's bundled suite is package data: a new build goes to the working folder.
    assert (work / "sandbox" / "G1_instruction.yaml").is_file(), built
