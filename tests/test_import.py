"""`harness import toolbench` and `harness show` on real answer folders."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.store import StoreWriter, run_summary
from harness.toolbench.importing import import_toolbench_answers

runner = CliRunner()


def _g1(shared: Path) -> Path:
    return shared / "toolbench/data_example/answer/G1_answer"


def _expected(folder: Path) -> dict[str, object]:
    """What the files themselves say, computed without the harness."""
    finish: dict[str, int] = {}
    calls = tokens = 0
    for path in folder.glob("*.json"):
        generation = json.loads(path.read_text())["answer_generation"]
        kind = generation["finish_type"] if generation["valid_data"] else "none"
        finish[kind] = finish.get(kind, 0) + 1
        calls += generation["query_count"]
        tokens += generation["total_tokens"]
    return {"finish_types": finish, "llm_calls": calls, "total_tokens": tokens}


def _count_actions(node: dict[str, object]) -> int:
    own = (
        1
        if node["node_type"] == "Action"
        and any(
            c["node_type"] == "Action Input"
            for c in node["children"]  # type: ignore[index, union-attr]
        )
        else 0
    )
    return own + sum(_count_actions(c) for c in node["children"])  # type: ignore[arg-type, union-attr]


def test_import_g1_then_show_json_matches_the_files(shared_data: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.duckdb"
    folder = _g1(shared_data)
    result = runner.invoke(app, ["import", "toolbench", "--answers", str(folder), "--name", "g1", "--db", str(db)])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["show", "g1", "--db", str(db), "--json"])
    assert shown.exit_code == 0, shown.output
    summary = json.loads(shown.stdout)
    expected = _expected(folder)
    assert summary["episodes"] == 5
    assert summary["finish_types"] == expected["finish_types"]
    assert summary["llm_calls"] == expected["llm_calls"]
    assert summary["total_tokens"] == expected["total_tokens"]
    assert summary["groups"] == {"G1": 5}
    tree_calls = sum(_count_actions(json.loads(p.read_text())["tree"]["tree"]) for p in folder.glob("*.json"))
    assert summary["function_calls"] == tree_calls

    again = runner.invoke(app, ["import", "toolbench", "--answers", str(folder), "--name", "g1", "--db", str(db)])
    assert again.exit_code == 0 and "0 added, 5 already there" in again.output
    assert json.loads(runner.invoke(app, ["show", "g1", "--db", str(db), "--json"]).stdout)["episodes"] == 5


def test_every_node_call_and_observation_is_stored(shared_data: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.duckdb"
    folder = shared_data / "stabletoolbench/data_example/answer/virtual_chatgpt_dfs/G1_instruction"
    with StoreWriter(db) as writer:
        report = import_toolbench_answers(folder, "stb", writer)
    assert report.added == 3 and not report.problems
    conn = duckdb.connect(str(db), read_only=True)
    try:
        for path in folder.glob("*.json"):
            qid = path.name.split("_")[0]
            data = json.loads(path.read_text())

            def count(node: dict[str, object]) -> int:
                return 1 + sum(count(c) for c in node["children"])  # type: ignore[arg-type, union-attr]

            stored = conn.execute("SELECT count(*) FROM steps WHERE query_id = ?", [qid]).fetchone()[0]
            assert stored == count(data["tree"]["tree"])
            answer = conn.execute(
                "SELECT arguments FROM api_calls WHERE query_id = ? AND function_name = 'Finish' AND on_chosen_path",
                [qid],
            ).fetchall()
            assert answer == [(data["answer_generation"]["final_answer"],)]
            observations = conn.execute(
                "SELECT count(*) FROM steps WHERE query_id = ? AND observation IS NOT NULL", [qid]
            ).fetchone()[0]
            assert observations == json.dumps(data["tree"]).count('"observation":')
    finally:
        conn.close()


def test_malformed_file_among_good_ones(shared_data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "G1_answer"
    shutil.copytree(_g1(shared_data), folder)
    broken = json.loads(next(folder.glob("10_*.json")).read_text())
    del broken["answer_generation"]
    (folder / "999_ChatGPT_DFS_woFilter_w2.json").write_text(json.dumps(broken))
    (folder / "998_ChatGPT_DFS_woFilter_w2.json").write_text('{"tree": ')
    db = tmp_path / "h.duckdb"
    result = runner.invoke(app, ["import", "toolbench", "--answers", str(folder), "--name", "g1", "--db", str(db)])
    assert result.exit_code == 1
    assert "5 added" in result.output and "2 skipped" in result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("skipped:")]
    assert len(lines) == 2
    assert any("999_ChatGPT" in line and "answer_generation" in line for line in lines)
    assert any("998_ChatGPT" in line and "not valid JSON" in line for line in lines)
    summary = run_summary(db, "g1")
    assert summary["episodes"] == 5
    conn = duckdb.connect(str(db), read_only=True)
    try:
        for table in ("episodes", "steps", "api_calls"):
            leftovers = conn.execute(f"SELECT count(*) FROM {table} WHERE query_id IN ('998', '999')").fetchone()
            assert leftovers == (0,), table
    finally:
        conn.close()


def test_a_failed_episode_write_leaves_nothing(shared_data: Path, tmp_path: Path) -> None:
    from harness.toolbench.answers import read_answer_file

    traj = read_answer_file(next(_g1(shared_data).glob("10_*.json")))
    traj.nodes[3].id = traj.nodes[2].id  # duplicate node id: the steps insert violates the key
    db = tmp_path / "h.duckdb"
    with StoreWriter(db) as writer:
        writer.ensure_run("r1", "bad", "import", {}, "test")
        with pytest.raises(duckdb.ConstraintException):
            writer.add_episode("r1", traj)
    assert run_summary(db, "bad")["episodes"] == 0


def test_reimport_with_different_content_is_a_conflict(shared_data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "G1_answer"
    shutil.copytree(_g1(shared_data), folder)
    db = tmp_path / "h.duckdb"
    with StoreWriter(db) as writer:
        assert import_toolbench_answers(folder, "g1", writer).added == 5
    path = next(folder.glob("10_*.json"))
    data = json.loads(path.read_text())
    data["answer_generation"]["total_tokens"] += 1
    path.write_text(json.dumps(data))
    with StoreWriter(db) as writer:
        report = import_toolbench_answers(folder, "g1", writer)
    assert report.unchanged == 4 and report.added == 0
    assert len(report.problems) == 1 and "different trajectory" in report.problems[0]


def test_missing_folder_and_unknown_run_are_one_line_errors(tmp_path: Path) -> None:
    db = tmp_path / "h.duckdb"
    result = runner.invoke(
        app, ["import", "toolbench", "--answers", str(tmp_path / "nope"), "--name", "x", "--db", str(db)]
    )
    assert result.exit_code == 2
    assert "no such folder" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not db.exists()  # bad input changes nothing
    result = runner.invoke(app, ["show", "nothing", "--db", str(tmp_path / "absent.duckdb")])
    assert result.exit_code == 2 and "no database" in result.stderr


def test_console_script_runs(shared_data: Path, tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "harness"
    db = tmp_path / "h.duckdb"
    folder = shared_data / "stabletoolbench/data_example/answer/virtual_chatgpt_cot/G1_instruction"
    subprocess.run([exe, "import", "toolbench", "--answers", folder, "--name", "cot", "--db", db], check=True)
    out = subprocess.run([exe, "show", "cot", "--db", db, "--json"], check=True, capture_output=True, text=True)
    summary = json.loads(out.stdout)
    assert summary["episodes"] == 3 and summary["groups"] == {"G1_instruction": 3}
    assert summary["finish_types"] == {"give_answer": 2, "none": 1}
    export = tmp_path / "export"
    subprocess.run([exe, "export", "cot", "--out", export, "--db", db], check=True)
    for path in folder.glob("*.json"):
        assert json.loads((export / "G1_instruction" / path.name).read_text()) == json.loads(path.read_text())
    converted = json.loads((export / "G1_instruction.json").read_text())
    reference = shared_data / "stabletoolbench/data_example/model_predictions_converted/virtual_chatgpt_cot"
    assert converted == json.loads((reference / "G1_instruction.json").read_text())


def test_groups_keep_their_own_query_ids(shared_data: Path, tmp_path: Path) -> None:
    """ToolBench numbers queries per group: G1's query 10 and G2's query 10 are different queries."""
    db = tmp_path / "h.duckdb"
    answers = shared_data / "toolbench/data_example/answer"
    with StoreWriter(db) as writer:
        for group in ("G1", "G2", "G3"):
            report = import_toolbench_answers(answers / f"{group}_answer", "all", writer)
            assert report.added == 5 and not report.problems, report.problems
    summary = run_summary(db, "all")
    assert summary["episodes"] == 15
    assert summary["groups"] == {"G1": 5, "G2": 5, "G3": 5}


@contextmanager
def patched_recursion_limit(limit: int) -> Iterator[None]:
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(limit)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def _deep_tree(levels: int) -> dict[str, object]:
    node: dict[str, object] = {"node_type": "Action Input", "depth": 0, "children": []}
    root = node
    for depth in range(1, levels):
        child: dict[str, object] = {"node_type": "Thought", "depth": depth, "children": []}
        node["children"] = [child]  # type: ignore[index]
        node = child
    return root


# Edits of a good answer file that must each be skipped with a problem naming the file: the field
# edited and the JSON text written there.
HOSTILE_FILES: dict[str, tuple[str, str]] = {
    "Infinity tokens": ("answer_generation.total_tokens", "Infinity"),
    "-Infinity calls": ("answer_generation.query_count", "-Infinity"),
    "NaN tokens": ("answer_generation.total_tokens", "NaN"),
    "1e308 tokens": ("answer_generation.total_tokens", "1e308"),
    "10**40 tokens": ("answer_generation.total_tokens", str(10**40)),
    "5,000-digit tokens": ("answer_generation.total_tokens", "9" * 5000),
    "10**10 calls": ("answer_generation.query_count", str(10**10)),
    "nested 100,000 deep": ("answer_generation.chain", "[" * 100_000 + "]" * 100_000),
    "lone surrogate": ("answer_generation.query", '"\\ud800 query"'),
    "node depth 10**30": ("tree.tree.depth", str(10**30)),
    "observation code 10**20": ("tree.tree.observation_code", str(10**20)),
}


def _hostile(data: dict[str, object], where: str, literal: str) -> str:
    *parents, last = where.split(".")
    target: Any = data
    for key in parents:
        target = target[key]
    target[last] = "@@"
    return json.dumps(data).replace('"@@"', literal)


def test_each_hostile_file_is_skipped_on_its_own(shared_data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "G1_answer"
    shutil.copytree(_g1(shared_data), folder)
    good = json.loads(next(folder.glob("10_*.json")).read_text())
    names = {}
    for index, (case, (where, literal)) in enumerate(HOSTILE_FILES.items()):
        name = f"{900 + index}_ChatGPT_DFS_woFilter_w2.json"
        (folder / name).write_text(_hostile(json.loads(json.dumps(good)), where, literal))
        names[name] = case
    deep = json.loads(json.dumps(good))
    deep["tree"]["tree"] = _deep_tree(995)  # a tree deeper than Python's JSON reader goes
    with patched_recursion_limit(5000):
        (folder / "990_ChatGPT_DFS_woFilter_w2.json").write_text(json.dumps(deep))
    names["990_ChatGPT_DFS_woFilter_w2.json"] = "tree deeper than the recursion limit"
    db = tmp_path / "h.duckdb"
    result = runner.invoke(app, ["import", "toolbench", "--answers", str(folder), "--name", "g1", "--db", str(db)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    assert f"5 added, 0 already there, {len(names)} skipped" in result.stdout
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == len(result.stderr.strip().splitlines()) == len(names)
    for name, case in names.items():
        assert any(name in line for line in skipped), case
    assert run_summary(db, "g1")["episodes"] == 5


def test_internal_keys_in_a_file_are_not_trusted(shared_data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "G1_answer"
    shutil.copytree(_g1(shared_data), folder)
    path = next(folder.glob("10_*.json"))
    data = json.loads(path.read_text())
    pending = [data["tree"]["tree"]]
    while pending:  # every call's input node: its latency would land in a DOUBLE column
        node = pending.pop()
        pending.extend(node["children"])
        if node["node_type"] == "Action Input":
            node["_latency_s"] = "slow"
    path.write_text(json.dumps(data))
    db = tmp_path / "h.duckdb"
    with StoreWriter(db) as writer:
        report = import_toolbench_answers(folder, "g1", writer)
    assert report.added == 5 and not report.problems
