"""Exporting a stored run in ToolBench's own formats, so ToolBench's ToolEval can read it."""

from __future__ import annotations

from pathlib import Path

from harness.store import load_trajectories
from harness.toolbench.answers import write_answer_file
from harness.toolbench.converted import ConvertedAnswer, to_converted, write_converted
from harness.types.trajectory import Trajectory


def export_order(traj: Trajectory) -> tuple[int, int, str]:
    """Where an episode goes in a converted file: an imported file's own order first, then query
    ids by number (ToolBench's ids are integers; sorting them as strings puts 1073 before 588)."""
    position = traj.extra.get("source_position")
    if isinstance(position, int):
        return (0, position, "")
    head = traj.query_id
    return (1, int(head), "") if head.isdigit() else (2, 0, head)


def export_run(db_path: Path, name: str, out: Path) -> dict[str, tuple[int, Path]]:
    """Write ``out/<group>/<qid>_<method>.json`` and ``out/<group>.json`` (converted) per group.

    Returns, per group, how many answer files were written and the converted file's path.
    """
    converted: dict[str, dict[str, ConvertedAnswer]] = {}
    episodes = load_trajectories(db_path, name)
    for group, traj in sorted(episodes, key=lambda pair: (pair[0] or "", export_order(pair[1]))):
        folder = group or "ungrouped"
        write_answer_file(traj, out / folder)
        converted.setdefault(folder, {})[traj.query_id] = to_converted(traj)
    result = {}
    for folder, entries in converted.items():
        path = out / f"{folder}.json"
        write_converted(entries, path)
        result[folder] = (len(entries), path)
    return result
