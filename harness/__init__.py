"""Benchmark harness for tool-using LLM agents, compatible with ToolBench and StableToolBench."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("toolharness")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+source"
