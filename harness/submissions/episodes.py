"""The episodes of a reproduced submission, in ``harness export``'s layout:
``episodes/<group>/<query_id>_<method>.json`` (ToolBench answer files) and ``episodes/<group>.json``
(ToolEval's converted file). Every test query of every task must be answered exactly once, and each
converted file must be what the answer files convert to.
"""

from __future__ import annotations

from pathlib import Path

from harness.submissions.format import SUBMISSION_FILE
from harness.submissions.problems import Problem
from harness.tasks import TaskError, TaskSpec
from harness.toolbench.answers import AnswerFileError, read_answer_file, split_answer_filename
from harness.toolbench.converted import read_converted, to_converted
from harness.types.trajectory import Trajectory

_SHOWN = 5  # query ids listed in one message


def _ids(ids: list[str]) -> str:
    shown = ", ".join(sorted(ids, key=lambda q: (len(q), q))[:_SHOWN])
    return shown + (f" and {len(ids) - _SHOWN} more" if len(ids) > _SHOWN else "")


def _split(files: list[str], episodes_dir: str) -> tuple[dict[str, list[str]], dict[str, str], list[str]]:
    """(answer files by group, converted file by group, files in neither place)."""
    answers: dict[str, list[str]] = {}
    converted: dict[str, str] = {}
    stray: list[str] = []
    for relative in files:
        parts = relative.split("/")
        if len(parts) == 3 and parts[0] == episodes_dir and parts[2].endswith(".json"):
            answers.setdefault(parts[1], []).append(relative)
        elif len(parts) == 2 and parts[0] == episodes_dir and parts[1].endswith(".json"):
            converted[parts[1][: -len(".json")]] = relative
        else:
            stray.append(relative)
    return answers, converted, stray


def _read_group(
    folder: Path, group: str, files: list[str], task: TaskSpec, data_dir: Path | None, problems: list[Problem]
) -> list[Trajectory]:
    try:
        queries = {q.query_id: q for q in task.load_queries(data_dir)}
    except TaskError as exc:
        problems.append(Problem(str(folder / SUBMISSION_FILE), "tasks", f"cannot check completeness: {exc}"))
        return []
    seen: dict[str, str] = {}
    read: list[Trajectory] = []
    for relative in files:
        shown = str(folder / relative)
        try:
            query_id, _ = split_answer_filename(Path(relative).name)
            traj = read_answer_file(folder / relative)
        except AnswerFileError as exc:
            problems.append(Problem(shown, "", str(exc).removeprefix(f"{folder / relative}: ")))
            continue
        except ValueError as exc:
            problems.append(Problem(shown, "", str(exc)))
            continue
        if query_id in seen:
            problems.append(
                Problem(shown, "query_id", f"query {query_id} is answered twice (also by {seen[query_id]})")
            )
            continue
        seen[query_id] = Path(relative).name
        query = queries.get(query_id)
        if query is None:
            problems.append(Problem(shown, "query_id", f"{query_id} is not a test query of {task.name}"))
            continue
        if traj.query and traj.query != query.text:
            problems.append(
                Problem(shown, "answer_generation.query", f"is not the text of {task.name}'s query {query_id}")
            )
            continue
        read.append(traj)
    missing = sorted(set(queries) - set(seen))
    if missing:
        problems.append(
            Problem(
                str(folder / "episodes" / group),
                "",
                f"{len(missing)} of {len(queries)} test queries of {task.name} have no episode ({_ids(missing)}); "
                "a submission answers every test query",
            )
        )
    return read


def _check_converted(folder: Path, relative: str, episodes: list[Trajectory], problems: list[Problem]) -> None:
    shown = str(folder / relative)
    try:
        entries = read_converted(folder / relative)
    except ValueError as exc:
        problems.append(Problem(shown, "", str(exc).removeprefix(f"{folder / relative}: ")))
        return
    expected = {t.query_id: to_converted(t) for t in episodes}
    if set(entries) != set(expected):
        odd = sorted(set(entries) ^ set(expected))
        problems.append(Problem(shown, "", f"its query ids differ from the answer files' ({_ids(odd)})"))
        return
    for query_id, entry in entries.items():
        if entry != expected[query_id]:
            problems.append(
                Problem(shown, f"query {query_id}", "differs from what its answer file converts to; repack it")
            )
            return


def check_episodes(
    folder: Path, episodes_dir: str, files: list[str], tasks: list[TaskSpec], data_dir: Path | None
) -> tuple[dict[str, list[Trajectory]], list[Problem]]:
    """The episodes by group, and every problem with them."""
    problems: list[Problem] = []
    answers, converted, stray = _split(files, episodes_dir)
    for relative in stray:
        problems.append(
            Problem(
                str(folder / relative),
                "",
                f"is not in the episodes layout ({episodes_dir}/<group>/<qid>_<method>"
                f".json or {episodes_dir}/<group>.json)",
            )
        )
    by_group = {t.group: t for t in tasks}
    for group in sorted(set(answers) | set(converted)):
        if group not in by_group:
            where = answers[group][0] if group in answers else converted[group]
            problems.append(Problem(str(folder / where), "", f"group {group!r} is not a group of the listed tasks"))
    episodes: dict[str, list[Trajectory]] = {}
    for group, task in by_group.items():
        episodes[group] = _read_group(folder, group, answers.get(group, []), task, data_dir, problems)
        if group not in converted:
            problems.append(
                Problem(
                    str(folder / episodes_dir / f"{group}.json"),
                    "",
                    "is missing (ToolEval's converted file of the group, written by `harness export`)",
                )
            )
        elif episodes[group]:
            _check_converted(folder, converted[group], episodes[group], problems)
    return episodes, problems
