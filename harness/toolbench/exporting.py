"""Exporting a stored run in ToolBench's own formats, so ToolBench's ToolEval can read it."""

from __future__ import annotations

from pathlib import Path

from harness.store import load_trajectories
from harness.toolbench.answers import write_answer_file
from harness.toolbench.converted import ConvertedAnswer, to_converted, write_converted


def export_run(db_path: Path, name: str, out: Path) -> dict[str, tuple[int, Path]]:
    """Write ``out/<group>/<qid>_<method>.json`` and ``out/<group>.json`` (converted) per group.

    Returns, per group, how many answer files were written and the converted file's path.
    """
    converted: dict[str, dict[str, ConvertedAnswer]] = {}
    for group, traj in load_trajectories(db_path, name):
        folder = group or "ungrouped"
        write_answer_file(traj, out / folder)
        converted.setdefault(folder, {})[traj.query_id] = to_converted(traj)
    result = {}
    for folder, entries in converted.items():
        path = out / f"{folder}.json"
        write_converted(entries, path)
        result[folder] = (len(entries), path)
    return result
