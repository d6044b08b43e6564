"""Benchmark harness for tool-using LLM agents, compatible with ToolBench and StableToolBench."""

from __future__ import annotations

from functools import cache


@cache
def _installed_version() -> str:
    # Reading the installed distribution's metadata costs tens of milliseconds, so it is done on first use.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("toolharness")
    except PackageNotFoundError:  # running from a source tree without an install
        return "0.0.0+source"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module 'harness' has no attribute {name!r}")
