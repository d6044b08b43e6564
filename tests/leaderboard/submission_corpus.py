"""Malformed submissions, each made from a valid one by one change, with the problem it must raise.

Every case names the file the problem must point at (relative to the submission folder, "" for the
folder itself), the field inside it, and a fragment of the message.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from harness.submissions.paths import file_sha256, folder_files

MARKER = "/tmp/harness-submission-was-executed"
DEEP = "[" * 100_000 + "]" * 100_000  # deeper than Python's JSON and YAML readers recurse


@dataclass(frozen=True)
class Case:
    """One malformed submission."""

    name: str
    change: Callable[[Path], None]
    file: str
    field: str
    message: str
    reported: bool = False


def load(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((folder / "submission.yaml").read_text())
    return data


def save(folder: Path, data: dict[str, Any]) -> None:
    (folder / "submission.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


def edit(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        data = load(folder)
        change(data)
        save(folder, data)

    return apply


def rehash(folder: Path) -> None:
    """List every file under episodes/ with its current hash, so that only the intended problem shows."""
    data = load(folder)
    files, _ = folder_files(folder)
    data["files"] = {f: file_sha256(folder / f) for f in files if f.startswith("episodes/")}
    save(folder, data)


def answer_files(folder: Path, group: str = "G1_instruction") -> list[Path]:
    return sorted((folder / "episodes" / group).glob("*.json"), key=lambda p: int(p.name.split("_")[0]))


def then_rehash(change: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        change(folder)
        rehash(folder)

    return apply


def _set(keys: tuple[str | int, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        *parents, last = keys
        for part in parents:
            target = target[part]
        if value is _DELETE:
            del target[last]
        else:
            target[last] = value

    return change


_DELETE = object()


def _write(relative: str, text: str) -> Callable[[Path], None]:
    return lambda folder: (folder / relative).write_text(text)


def _remove_first_answer(folder: Path) -> None:
    answer_files(folder)[0].unlink()


def _duplicate_first_answer(folder: Path) -> None:
    first = answer_files(folder)[0]
    shutil.copyfile(first, first.with_name(first.name.split("_")[0] + "_OtherMethod.json"))


def _foreign_query(folder: Path) -> None:
    first = answer_files(folder)[0]
    first.rename(first.with_name("99999_" + first.name.split("_", 1)[1]))


def _tamper(folder: Path) -> None:
    path = answer_files(folder)[1]
    data = json.loads(path.read_text())
    data["answer_generation"]["final_answer"] = "something else entirely"
    path.write_text(json.dumps(data))


def _symlink(folder: Path) -> None:
    os.symlink("/etc/hostname", folder / "episodes" / "G1_instruction" / "1_link.json")


def _python_tag(folder: Path) -> None:
    text = (folder / "submission.yaml").read_text()
    text = text.replace("organisation:", f"extra: !!python/object/apply:os.system ['touch {MARKER}']\norganisation:", 1)
    (folder / "submission.yaml").write_text(text)


def _claim(data: dict[str, Any]) -> None:
    claim = next(s for s in data["scores"] if s["judge"] == "rule" and s["group"] == "G1_instruction")
    claim["value"] = min(1.0, claim["value"] + 0.25)


def _folder_link(folder: Path) -> None:
    real = folder.with_name(folder.name + "-real")
    folder.rename(real)
    os.symlink(real, folder)


CASES: list[Case] = [
    Case("no-yaml", lambda f: (f / "submission.yaml").unlink(), "submission.yaml", "", "is missing"),
    Case(
        "yaml-syntax",
        _write("submission.yaml", "name: [unclosed\nkind: x\n"),
        "submission.yaml",
        "line",
        "not valid YAML",
    ),
    Case("yaml-python-tag", _python_tag, "submission.yaml", "line", "not plain data"),
    Case(
        "yaml-not-a-mapping",
        _write("submission.yaml", "- just\n- a list\n"),
        "submission.yaml",
        "",
        "must be a mapping",
    ),
    Case(
        "missing-organisation", edit(_set(("organisation",), _DELETE)), "submission.yaml", "organisation", "is required"
    ),
    Case("unknown-field", edit(_set(("modle",), "typo")), "submission.yaml", "modle", "is not a known field"),
    Case("bad-kind", edit(_set(("kind",), "guessed")), "submission.yaml", "kind", "'reproduced' or 'reported'"),
    Case("bad-date", edit(_set(("date",), "yesterday")), "submission.yaml", "date", "date"),
    Case(
        "bad-link",
        edit(_set(("links",), [{"title": "x", "url": "javascript:alert(1)"}])),
        "submission.yaml",
        "links[0].url",
        "http",
    ),
    Case("name-mismatch", edit(_set(("name",), "someone-else")), "submission.yaml", "name", "must equal the folder"),
    Case(
        "unknown-task",
        edit(_set(("tasks", 0, "name"), "mini/G9_nothing")),
        "submission.yaml",
        "tasks[0].name",
        "no task named",
    ),
    Case(
        "task-version",
        edit(_set(("tasks", 0, "version"), "0")),
        "submission.yaml",
        "tasks[0].version",
        "another version",
    ),
    Case(
        "task-data-changed",
        edit(_set(("tasks", 1, "data_hash"), "0" * 64)),
        "submission.yaml",
        "tasks[1].data_hash",
        "other data",
    ),
    Case("run-id-forged", edit(_set(("run", "run_id"), "0" * 16)), "submission.yaml", "run.run_id", "not the hash"),
    Case(
        "limited-run", edit(_set(("run", "spec", "limit"), 3)), "submission.yaml", "run.spec.limit", "without --limit"
    ),
    Case("model-disagrees", edit(_set(("model",), "someone-better")), "submission.yaml", "model", "run.spec says"),
    Case(
        "absolute-path",
        edit(_set(("files", "/etc/passwd"), "0" * 64)),
        "submission.yaml",
        "files['/etc/passwd']",
        "is absolute",
    ),
    Case(
        "escaping-path",
        edit(_set(("files", "../outside.json"), "0" * 64)),
        "submission.yaml",
        "files['../outside.json']",
        "'..'",
    ),
    Case(
        "bad-hash",
        edit(_set(("files", "episodes/G1_instruction.json"), "not-a-hash")),
        "submission.yaml",
        "files",
        "not a sha256",
    ),
    Case("listed-file-missing", _remove_first_answer, "episodes/G1_instruction/", "", "is missing"),
    Case("tampered-episode", _tamper, "episodes/G1_instruction/", "", "sha256 is"),
    Case("unlisted-code", _write("run_me.py", "import os\n"), "run_me.py", "", "is not listed"),
    Case("symlinked-file", _symlink, "episodes/G1_instruction/1_link.json", "", "symbolic link"),
    Case("symlinked-folder", _folder_link, "", "", "symbolic link"),
    Case("query-missing", then_rehash(_remove_first_answer), "episodes/G1_instruction", "", "have no episode"),
    Case("query-twice", then_rehash(_duplicate_first_answer), "episodes/G1_instruction/", "query_id", "answered twice"),
    Case(
        "foreign-query",
        then_rehash(_foreign_query),
        "episodes/G1_instruction/99999_",
        "query_id",
        "is not a test query",
    ),
    Case(
        "corrupt-episode",
        then_rehash(lambda f: answer_files(f)[2].write_text("{")),
        "episodes/G1_instruction/",
        "",
        "not valid JSON",
    ),
    Case(
        "episode-nested-deep",
        then_rehash(lambda f: answer_files(f)[2].write_text(DEEP)),
        "episodes/G1_instruction/",
        "",
        "nested too deeply",
    ),
    Case(
        "converted-nested-deep",
        then_rehash(_write("episodes/G1_instruction.json", DEEP)),
        "episodes/G1_instruction.json",
        "",
        "nested too deeply",
    ),
    Case("yaml-nested-deep", _write("submission.yaml", f"name: {DEEP}\n"), "submission.yaml", "", "nested too deeply"),
    Case("converted-disagrees", then_rehash(_tamper), "episodes/G1_instruction.json", "", "differs from what"),
    Case("claim-not-borne-out", edit(_claim), "submission.yaml", "scores[", "re-scoring the episodes gives"),
    Case(
        "reported-out-of-range",
        edit(_set(("results", 0, "scores", 0, "values", "G1_instruction"), 140)),
        "submission.yaml",
        "results[0].scores[0].values.G1_instruction",
        "not a percentage",
        reported=True,
    ),
    Case(
        "reported-unknown-group",
        edit(_set(("results", 0, "scores", 0, "values", "G7_nothing"), 1)),
        "submission.yaml",
        "results[0].scores[0].values.G7_nothing",
        "not a group",
        reported=True,
    ),
    Case(
        "reported-lost-reference",
        edit(_set(("results", 0, "scores", 1, "reference"), "nobody")),
        "submission.yaml",
        "results[0].scores[1].reference",
        "not the id of another entry",
        reported=True,
    ),
    Case(
        "reported-with-episodes",
        edit(_set(("files",), {"episodes/x.json": "0" * 64})),
        "submission.yaml",
        "",
        "not part of a reported submission",
        reported=True,
    ),
]
