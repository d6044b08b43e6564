"""ToolBench's released predictions import whole, and every real file survives import -> store ->
export byte for byte (query order, key order, line endings, the older converter's cut steps)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.store import load_trajectories
from harness.toolbench.converted import LEGACY_CUT, ConvertedFile, trajectory_from_converted
from harness.types.trajectory import FinishType, NodeKind
from tests.conftest import answer_files, converted_files, data_params, need, released_prediction_files

runner = CliRunner()


def _cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _chain(entry: dict[str, Any]) -> list[dict[str, Any]]:
    steps, nodes = [], entry["answer"]["answer_details"]
    while nodes:
        steps.append(nodes[0])
        nodes = nodes[0].get("next") or []
    return steps


def _expected_finish(entry: dict[str, Any]) -> tuple[str, str | None]:
    """What the entry itself says, read without the harness: the return type of ``final_answer``
    (a cut Finish step's when ``final_answer`` is empty) and the answer text when given."""
    text = entry["answer"]["final_answer"]
    if not text:
        finish = [s["message"] for s in _chain(entry) if s["role"] == "tool" and "'name': 'Finish'" in s["message"]]
        if not finish:
            return "none", None
        text = finish[-1]
    kind = re.search(r'\\?"return_type\\?": \\?"(\w+)', text)
    assert kind, text
    if kind.group(1) != "give_answer":
        return "give_up", None
    try:
        return "give_answer", json.loads(text)["final_answer"]
    except json.JSONDecodeError:
        return "give_answer", None  # cut mid-answer: the kind is all the entry says for sure


@pytest.mark.parametrize("path", data_params(released_prediction_files()))
def test_released_predictions_import_whole(path: Path | None, tmp_path: Path) -> None:
    path = need(path)
    db = tmp_path / "h.duckdb"
    raw = json.loads(path.read_text())
    output = _cli("import", "converted", str(path), "--name", "released", "--group", path.stem, "--db", str(db))
    assert f"{len(raw)} added" in output or str(len(raw)) in output
    stored = {traj.query_id: traj for _, traj in load_trajectories(db, "released")}
    assert set(stored) == set(raw) and len(raw) == 100
    kinds: dict[str, int] = {}
    for query_id, entry in raw.items():
        traj = stored[query_id]
        kind, answer_head = _expected_finish(entry)
        kinds[kind] = kinds.get(kind, 0) + 1
        assert traj.finish_type.value == kind, query_id
        if answer_head is not None:
            assert traj.final_answer is not None
            assert traj.final_answer == answer_head, query_id
        assert traj.query == entry["query"] and traj.finish_arguments == entry["answer"]["final_answer"]
        # Every tool step is kept verbatim, named, and marked when the converter cut it.
        tools = [s["message"] for s in _chain(entry) if s["role"] == "tool"]
        actions = [n for n in traj.nodes if n.kind is NodeKind.ACTION]
        assert [a.extra["_converted_message"] for a in actions] == tools
        for action, message in zip(actions, tools, strict=True):
            assert message.startswith("{'name': '" + action.content + "'")
            assert action.extra.get("_cut", False) is (len(message) >= LEGACY_CUT)
    assert kinds["give_answer"] > 50 and kinds["none"] > 20 and kinds["give_up"] >= 1
    # Exported again, the file is the released one byte for byte (its order, its cut steps).
    _cli("export", "released", "--out", str(tmp_path / "out"), "--db", str(db))
    assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes()


def _legacy(entries: dict[str, Any]) -> dict[str, Any]:
    """Current-format entries rewritten the way ToolBench's older converter wrote them."""
    out = json.loads(json.dumps(entries))
    for entry in out.values():
        for step in _chain(entry):
            if step["role"] == "tool":
                step["message"] = str(step["message"])[:LEGACY_CUT]
            elif step["role"] == "user":
                step["message"] = entry["query"][:LEGACY_CUT]
            elif step["role"] == "assistant":
                step["message"] = step["message"][:LEGACY_CUT]
    return out


@pytest.mark.parametrize("path", data_params(converted_files()))
def test_the_older_format_of_any_group_imports_whole(path: Path | None) -> None:
    """The same cut format written for other groups' predictions: every entry reads, with its finish."""
    path = need(path)
    current = json.loads(path.read_text())
    for query_id, entry in read_converted_dict(_legacy(current)).items():
        legacy = trajectory_from_converted(query_id, entry)
        modern = trajectory_from_converted(query_id, read_converted_dict(current)[query_id])
        assert (legacy.finish_type, legacy.final_answer) == (modern.finish_type, modern.final_answer)
        assert [n.content for n in legacy.nodes if n.kind is NodeKind.ACTION] == [
            n.content for n in modern.nodes if n.kind is NodeKind.ACTION
        ]
        assert modern.finish_type is not FinishType.NONE or legacy.finish_type is FinishType.NONE


def read_converted_dict(data: dict[str, Any]) -> dict[str, Any]:
    return ConvertedFile.model_validate(data).root


def test_a_tool_step_without_a_name_is_one_clear_problem(tmp_path: Path) -> None:
    entry = {
        "query": "q",
        "available_tools": [],
        "answer": {
            "method": "CoT",
            "total_steps": 3,
            "final_answer": "",
            "answer_details": [
                {"role": "system", "message": "", "next": [{"role": "tool", "message": "{'oops': 1}", "next": []}]}
            ],
        },
    }
    path = tmp_path / "G1_instruction.json"
    path.write_text(json.dumps({"7": entry}))
    result = runner.invoke(app, ["import", "converted", str(path), "--name", "x", "--db", str(tmp_path / "h.duckdb")])
    assert "query 7" in result.output and "names no function" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("path", data_params(converted_files()))
def test_converted_files_round_trip_through_the_store_byte_for_byte(path: Path | None, tmp_path: Path) -> None:
    path = need(path)
    db = tmp_path / "h.duckdb"
    _cli("import", "converted", str(path), "--name", "c", "--group", path.stem, "--db", str(db))
    _cli("export", "c", "--out", str(tmp_path / "out"), "--db", str(db))
    assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes()


def _answer_folders() -> list[Path]:
    return sorted({p.parent for p in answer_files()})


@pytest.mark.parametrize("folder", data_params(_answer_folders()))
def test_answer_files_round_trip_through_the_store_byte_for_byte(folder: Path | None, tmp_path: Path) -> None:
    folder = need(folder)
    db = tmp_path / "h.duckdb"
    _cli("import", "toolbench", "--answers", str(folder), "--name", "a", "--group", "g", "--db", str(db))
    _cli("export", "a", "--out", str(tmp_path / "out"), "--db", str(db))
    originals = sorted(folder.glob("*.json"))
    for original in originals:
        written = tmp_path / "out" / "g" / original.name
        assert written.read_bytes() == original.read_bytes(), original.name
    # The converted export lists the queries by number, not as strings ("1073" after "608").
    ids = list(json.loads((tmp_path / "out" / "g.json").read_text()))
    assert ids == sorted(ids, key=int)
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM episodes").fetchone() == (len(originals),)
