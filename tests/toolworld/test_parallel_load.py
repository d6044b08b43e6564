"""Tools of a fresh catalog loaded from many threads at once all find a complete shared toolkit."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from data_builder.catalog import load_api_module

CATALOG = Path(__file__).resolve().parents[2] / "tasks" / "toolenv"


def test_parallel_first_loads_never_see_a_half_built_toolkit(tmp_path: Path) -> None:
    # A copy gives the toolkit a path no module has been loaded from yet in this process.
    copy = tmp_path / "toolenv"
    shutil.copytree(CATALOG, copy, ignore=shutil.ignore_patterns("world"))
    (copy / "world").symlink_to(CATALOG / "world")
    paths = sorted((copy / "tools").rglob("api.py"))[:24]
    start = threading.Barrier(len(paths))
    failures: list[str] = []

    def load(path: Path) -> None:
        start.wait()
        try:
            module = load_api_module(path)
            assert callable(module.kit.api)
        except Exception as exc:  # collected, so every thread reports
            failures.append(f"{path.parent.name}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=load, args=(p,)) for p in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
