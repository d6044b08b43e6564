"""Every real file survives read -> our types -> write unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.toolbench.answers import (
    AnswerFileError,
    answer_to_dict,
    read_answer_file,
    split_answer_filename,
    write_answer_file,
)
from harness.toolbench.converted import read_converted, to_converted, write_converted
from harness.toolbench.queries import query_to_record, read_query_file, write_query_file
from harness.types.trajectory import FinishType, NodeKind
from tests.conftest import answer_files, converted_files, data_params, need, query_files


@pytest.mark.parametrize("path", data_params(answer_files()))
def test_answer_file_round_trip(path: Path | None, tmp_path: Path) -> None:
    path = need(path)
    original = json.loads(path.read_text())
    traj = read_answer_file(path)
    assert answer_to_dict(traj) == original
    written = write_answer_file(traj, tmp_path)
    assert written.name == path.name
    assert json.loads(written.read_text()) == original
    # The stored form (JSON in the database) loses nothing either.
    again = type(traj).model_validate_json(traj.model_dump_json())
    assert answer_to_dict(again) == original


@pytest.mark.parametrize("path", data_params(answer_files()))
def test_answer_file_semantics(path: Path | None) -> None:
    path = need(path)
    original = json.loads(path.read_text())
    generation = original["answer_generation"]
    traj = read_answer_file(path)
    assert traj.query_id == split_answer_filename(path.name)[0]
    assert traj.llm_calls == generation["query_count"]
    assert traj.total_tokens == generation["total_tokens"]
    assert traj.finish_arguments == generation["final_answer"]
    if not generation["valid_data"]:
        assert traj.finish_type is FinishType.NONE and traj.final_answer is None
    elif traj.finish_type is FinishType.GIVE_ANSWER:
        assert traj.final_answer and traj.final_answer in json.loads(generation["final_answer"])["final_answer"]
        # The chosen path ends at the Finish call that gave the answer.
        last = traj.node(traj.chosen_path[-1])
        assert last.kind is NodeKind.ACTION_INPUT and last.content == generation["final_answer"]
        assert traj.node(last.parent_id or 0).content == "Finish"
    # Every parent exists and sits one level up.
    for node in traj.nodes:
        if node.parent_id is not None and traj.node(node.parent_id).kind is not NodeKind.ROOT:
            assert traj.node(node.parent_id).depth == node.depth - 1


@pytest.mark.parametrize("path", data_params(query_files()))
def test_query_file_round_trip(path: Path | None, tmp_path: Path) -> None:
    path = need(path)
    original = json.loads(path.read_text())
    queries = read_query_file(path)
    assert [query_to_record(q) for q in queries] == original
    write_query_file(queries, tmp_path / "q.json")
    assert json.loads((tmp_path / "q.json").read_text()) == original


def test_test_ids_select_the_stabletoolbench_split(shared_data: Path) -> None:
    base = shared_data / "stabletoolbench/solvable_queries"
    ids = json.loads((base / "test_query_ids/G1_instruction.json").read_text())
    queries = read_query_file(
        base / "test_instruction/G1_instruction.json",
        "G1_instruction",
        base / "test_query_ids/G1_instruction.json",
    )
    assert len(queries) == 163 == len(ids)
    assert {q.query_id for q in queries} == set(ids)
    assert all(q.group == "G1_instruction" and q.api_list for q in queries)
    fewer = read_query_file(
        base / "test_instruction/G1_instruction.json", ids_path=base / "test_query_ids/G1_tool.json"
    )
    assert len(fewer) < 163


@pytest.mark.parametrize("path", data_params(converted_files()))
def test_converted_file_round_trip_and_our_converter(path: Path | None, tmp_path: Path) -> None:
    path = need(path)
    original = json.loads(path.read_text())
    entries = read_converted(path)
    write_converted(entries, tmp_path / "c.json")
    assert json.loads((tmp_path / "c.json").read_text()) == original
    # Converting the matching answer files ourselves gives ToolBench's converter's output.
    answers_dir = path.parent.parent.parent / "answer" / path.parent.name / path.stem
    converted = 0
    for answer in sorted(answers_dir.glob("*.json")):
        traj = read_answer_file(answer)
        assert to_converted(traj).model_dump(mode="json") == original[traj.query_id]
        converted += 1
    assert converted == len(original)


def test_malformed_answer_files_raise_one_clear_error(tmp_path: Path) -> None:
    cases = {
        "1_DFS_woFilter_w2.json": "{not json",
        "2_DFS_woFilter_w2.json": json.dumps({"tree": {}}),
        "3_DFS_woFilter_w2.json": json.dumps({"answer_generation": {}, "tree": {"tree": {"node_type": "Bogus"}}}),
        "noid.json": json.dumps({}),
        "4_CoT@1.json": json.dumps(
            {"answer_generation": {}, "trys": [{"chain": [{"node_type": "Thought", "depth": "x"}]}]}
        ),
        "5_CoT@1.json": json.dumps({"answer_generation": {"train_messages": [[{"role": "robot"}]]}, "trys": []}),
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
        with pytest.raises(AnswerFileError) as info:
            read_answer_file(tmp_path / name)
        message = str(info.value)
        assert message.startswith(str(tmp_path / name)) and "\n" not in message
