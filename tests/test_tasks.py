"""The task registry."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli.main import app
from harness.strategies.base import EpisodeLimits
from harness.tasks import GROUPS, TaskError, TaskLimits, get_task, list_tasks

runner = CliRunner()


def test_the_six_groups_exist_for_both_sources() -> None:
    names = {t.name for t in list_tasks()}
    for group in GROUPS:
        assert f"toolbench/{group}" in names
        assert f"stabletoolbench/{group}" in names
    task = get_task("stabletoolbench/G1_instruction")
    assert task.group == "G1_instruction" and task.judge == "sopr"


def test_unknown_task_lists_the_known_ones() -> None:
    with pytest.raises(TaskError, match=r"known tasks: .*stabletoolbench/G1_instruction"):
        get_task("stabletoolbench/G9")


def test_missing_data_folder_is_one_line_naming_the_download(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in ("HARNESS_TOOLBENCH_DIR", "HARNESS_STABLETOOLBENCH_DIR"):
        monkeypatch.delenv(var, raising=False)
    task = get_task("toolbench/G1_instruction")
    with pytest.raises(TaskError) as info:
        task.load_queries()
    message = str(info.value)
    assert "\n" not in message
    assert "data.zip" in message and "HARNESS_TOOLBENCH_DIR" in message
    with pytest.raises(TaskError, match="does not exist"):
        task.load_queries(tmp_path / "nowhere")
    with pytest.raises(TaskError, match=r"test_instruction/G1_instruction\.json is missing"):
        task.load_queries(tmp_path)


def test_stabletoolbench_task_reads_the_real_split(shared_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = shared_data / "stabletoolbench"
    monkeypatch.setenv("HARNESS_STABLETOOLBENCH_DIR", str(base))
    task = get_task("stabletoolbench/G1_instruction")
    queries = task.load_queries()
    ids = json.loads((base / "solvable_queries/test_query_ids/G1_instruction.json").read_text())
    assert [q.query_id for q in queries] == [q for q in ids if q in {x.query_id for x in queries}]
    assert len(queries) == len(ids) == 163
    # G3_instruction's query file is not among the shared files: a clear error, not a crash.
    with pytest.raises(TaskError, match=r"G3_instruction\.json is missing"):
        get_task("stabletoolbench/G3_instruction").load_queries()


def test_data_hash_follows_the_bytes_not_the_location(shared_data: Path, tmp_path: Path) -> None:
    task = get_task("stabletoolbench/G1_tool")
    original = task.data_hash(shared_data / "stabletoolbench")
    copy = tmp_path / "solvable_queries"
    for sub in ("test_instruction", "test_query_ids"):
        (copy / sub).mkdir(parents=True)
        source = shared_data / "stabletoolbench/solvable_queries" / sub / "G1_tool.json"
        (copy / sub / "G1_tool.json").write_bytes(source.read_bytes())
    assert task.data_hash(tmp_path) == original
    ids = json.loads((copy / "test_query_ids/G1_tool.json").read_text())
    ids.pop(next(iter(ids)))
    (copy / "test_query_ids/G1_tool.json").write_text(json.dumps(ids))
    assert task.data_hash(tmp_path) != original
    assert get_task("stabletoolbench/G1_category").data_hash(shared_data / "stabletoolbench") != original


def test_missing_test_ids_file_is_named(shared_data: Path, tmp_path: Path) -> None:
    (tmp_path / "solvable_queries/test_instruction").mkdir(parents=True)
    source = shared_data / "stabletoolbench/solvable_queries/test_instruction/G1_tool.json"
    (tmp_path / "solvable_queries/test_instruction/G1_tool.json").write_bytes(source.read_bytes())
    task = get_task("stabletoolbench/G1_tool")
    with pytest.raises(TaskError, match=r"expected 'solvable_queries/test_query_ids/G1_tool\.json'"):
        task.load_queries(tmp_path)
    assert task.availability(tmp_path) == "missing solvable_queries/test_query_ids/G1_tool.json"


def test_ls_tasks_reports_availability(shared_data: Path) -> None:
    result = runner.invoke(app, ["ls", "tasks", "--data-dir", str(shared_data / "stabletoolbench"), "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r["status"] for r in json.loads(result.stdout)}
    assert rows["stabletoolbench/G1_instruction"] == "163 queries"
    assert rows["stabletoolbench/G1_tool"] == "158 queries"
    assert rows["stabletoolbench/G3_instruction"] == "missing solvable_queries/test_instruction/G3_instruction.json"


def test_task_file_name_must_match_its_path(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "a.yaml").write_text("name: mine/b\ngroup: g\nversion: '1'\nsource: {queries: q.json}\n")
    with pytest.raises(TaskError, match="its path says 'mine/a'"):
        list_tasks(tmp_path)


# sha256 of each task's definition as the code before `include:` and `defaults:` dumped it (computed
# on that code); the data hash and so every run id and submission hash depend on these bytes.
DEFINITION_SHA256 = {
    "sandbox/G1_category": "b516c7d88e8733f5938eb324f02b4663a0c2dbaa1507200f8be69d6db902bfdf",
    "sandbox/G1_instruction": "e3496dd41dccf6d62dd33a304785c738a7ecfacd38675e7a99e23d856363d769",
    "sandbox/G1_tool": "598dded3b222fe81be69dae306af2ed634882ae0d8bbbd19a28e3688bf95de50",
    "sandbox/G2_category": "1d97ef348fbdc4d94b34f128eba30a3c124ac9b607a17a4920f66b024150cffe",
    "sandbox/G2_instruction": "3d9941fae3ee2bf93a83ae9992cb07399bd8566441fbbfc07d2ddde450bd118b",
    "sandbox/G3_instruction": "aa9098b6523138cb25e199a1bf072d61dc23a6fad6574ab982eff700e9af640d",
    "stabletoolbench/G1_category": "7a999560b849e4b9496f969186d1eb6b91a42d15e37d7c8e105ed576c18050d2",
    "stabletoolbench/G1_instruction": "780a758907a970e2f0adb67bf67df2878e543856d1b715c70a95eb37181d4715",
    "stabletoolbench/G1_tool": "39dcef6674967597f974e78eb97d0a132a69758599daab24853d7911b5f4cded",
    "stabletoolbench/G2_category": "ddbb7944cac8b957d51e0f52f35fa45a0c580e7708172667e5f7421f34e25b0e",
    "stabletoolbench/G2_instruction": "c08d3be6d632533f1326e051ac8bb69463f4bd07e78353241fa766c8cd0c1614",
    "stabletoolbench/G3_instruction": "7198cc984452cbd917a65f2bf3fa7d841fb3f103d5f8245538401c43c05ac2c4",
    "toolbench/G1_category": "2e73297a926f4bd6be6a4494f0ed67114441719bb440d9ae74be184f34521dc4",
    "toolbench/G1_instruction": "4059c5434b61d5a045a1385005858859235faa950e03e04b13484164dbc22d8c",
    "toolbench/G1_tool": "770dbdac77c0e839df4e3ebcbc4827497a2fe899c028b82efe514b41f465820d",
    "toolbench/G2_category": "0bfa2bf40acbf40123982ca52dcd6a41450621dc0079d86de0edec560d20a92c",
    "toolbench/G2_instruction": "00283bc6f6e3b7a672fa165fce4ba738505643f146cdc8e351544944fae820e9",
    "toolbench/G3_instruction": "40dd238553e88ef347c0634726fbe25d2d7c5376a650bc2b696812fca1ba122e",
}


def test_data_hash_of_the_sandbox_is_what_it_was_before_includes_and_defaults() -> None:
    task = get_task("sandbox/G1_instruction")
    assert task.defaults.strategy == "dfsdt"  # a default does not enter the data hash
    # Pinned: the bytes of the suite as rebuilt with every asked part declared (issue 21). A change
    # here means the committed suite changed, and runs on it no longer compare with earlier ones.
    assert task.data_hash() == "c94fb076016ea8636791aa982613d1e283ad85847ea632c65660a65474928adc"


def test_every_task_definition_dumps_as_before() -> None:
    current = {t.name: hashlib.sha256(t.definition_json().encode()).hexdigest() for t in list_tasks()}
    assert current == DEFINITION_SHA256


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


TASK = "include: {include}\nname: mine/a\ngroup: G1_tool\nsource: {{queries: a.json}}\n"


def test_includes_merge_under_the_task_own_keys(tmp_path: Path) -> None:
    _write(tmp_path / "shared/base.yaml", "version: '1'\nenv: {backend: virtual, mode: replay, catalog: x}\n")
    _write(
        tmp_path / "mine/_defaults.yaml",
        "include: ../shared/base.yaml\nenv: {catalog: tools}\njudge: sopr\n"
        "defaults: {strategy: react, limits: {max_calls: 40}, votes: 5}\n",
    )
    _write(
        tmp_path / "mine/a.yaml",
        TASK.format(include="_defaults.yaml") + "env: {mode: live}\ndefaults: {limits: {max_depth: 8}}\n",
    )
    task = get_task("mine/a", tmp_path)
    assert task.version == "1" and task.judge == "sopr" and task.source.queries == "a.json"
    # Mappings merge key by key at every level; the task's own values win, the include's fill the rest.
    assert task.env.model_dump() == {"backend": "virtual", "mode": "live", "catalog": "tools"}
    assert task.defaults.strategy == "react" and task.defaults.votes == 5
    assert task.defaults.limits.model_dump() == {"max_depth": 8, "max_calls": 40, "wall_time_s": None}
    # A shared file that is not named _*.yaml is a task of its own: here an invalid one.
    with pytest.raises(TaskError, match=r"base\.yaml: not a valid task file"):
        list_tasks(tmp_path)


def test_include_cycles_missing_files_and_bad_keys_are_one_line_naming_the_file(tmp_path: Path) -> None:
    _write(tmp_path / "mine/_x.yaml", "include: _y.yaml\nversion: '1'\n")
    _write(tmp_path / "mine/_y.yaml", "include: _x.yaml\n")
    _write(tmp_path / "mine/a.yaml", TASK.format(include="_x.yaml"))
    with pytest.raises(TaskError, match=r"a\.yaml: include cycle a\.yaml -> _x\.yaml -> _y\.yaml -> _x\.yaml"):
        get_task("mine/a", tmp_path)
    _write(tmp_path / "mine/a.yaml", TASK.format(include="[_nope.yaml]"))
    with pytest.raises(TaskError, match=r"_nope\.yaml: no such file \(included by .*a\.yaml\)"):
        get_task("mine/a", tmp_path)
    _write(tmp_path / "mine/_z.yaml", "version: '1'\nstrategy: react\n")
    _write(tmp_path / "mine/a.yaml", TASK.format(include="_z.yaml"))
    with pytest.raises(TaskError, match=r"_z\.yaml: unknown key 'strategy'") as info:
        get_task("mine/a", tmp_path)
    assert "\n" not in str(info.value)
    _write(tmp_path / "mine/a.yaml", TASK.format(include="_x.yaml").replace("include: _x.yaml", "include: {a: 1}"))
    with pytest.raises(TaskError, match="include must be a file name or a list"):
        get_task("mine/a", tmp_path)


def test_defaults_are_checked_when_the_task_loads(tmp_path: Path) -> None:
    base = "version: '1'\n" + TASK.format(include="[]")
    for extra, problem in (
        ("defaults: {strategy: react, max_cals: 3}\n", "defaults.max_cals: Extra inputs"),
        ("defaults: {limits: {max_calls: 0}}\n", "defaults.limits.max_calls"),
        ("defaults: {votes: 0}\n", "defaults.votes"),
        ("judge: rule\ndefaults: {judge: sopr}\n", "judge 'rule' and defaults.judge 'sopr' disagree"),
    ):
        _write(tmp_path / "mine/a.yaml", base + extra)
        with pytest.raises(TaskError, match=re.escape(problem)):
            get_task("mine/a", tmp_path)
    _write(tmp_path / "mine/a.yaml", base + "defaults: {judge: rule}\n")
    assert get_task("mine/a", tmp_path).judge == "rule"  # defaults.judge is the top-level judge


def test_task_limits_cover_every_episode_limit() -> None:
    assert set(TaskLimits.model_fields) == set(EpisodeLimits.model_fields)


def test_unknown_task_suggests_the_closest() -> None:
    with pytest.raises(
        TaskError, match=r"no task named 'sandbox/G1_instrution' \(did you mean 'sandbox/G1_instruction'"
    ):
        get_task("sandbox/G1_instrution")
    with pytest.raises(TaskError, match="no task named 'sandbox/_defaults'"):
        get_task("sandbox/_defaults")
