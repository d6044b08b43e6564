"""The response cache: StableToolBench's layout and key styles, and writers that lose nothing."""

from __future__ import annotations

import json
import multiprocessing
import threading
from pathlib import Path

from harness.envs.cache import ResponseCache, argument_key


def _stb_file(root: Path, entries: dict[str, object]) -> Path:
    # What StableToolBench's server writes for category "Data", tool "TheClique", API "Songkick concert".
    path = root / "Data" / "theclique_for_Data" / "songkick_concert.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(entries, indent=4))
    return path


def test_reads_stabletoolbench_python_repr_keys_in_any_argument_order(tmp_path: Path) -> None:
    answer = {"error": "", "response": {"name": "Lumineers"}}
    _stb_file(tmp_path, {"{'id_conc': '4069', 'lang': 'en'}": answer})
    cache = ResponseCache(tmp_path)
    assert cache.get("Data", "TheClique", "Songkick concert", {"id_conc": "4069", "lang": "en"}) == answer
    assert cache.get("Data", "theclique", "songkick_concert", {"lang": "en", "id_conc": "4069"}) == answer
    assert cache.get("Data", "TheClique", "Songkick concert", {"id_conc": "4070", "lang": "en"}) is None


def test_reads_json_keys_and_the_plain_tool_folder_layout(tmp_path: Path) -> None:
    path = tmp_path / "Weather" / "sky_cast" / "current_weather.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({'{"city": "Oslo", "flag": true}': {"error": "", "response": 4.5}}))
    cache = ResponseCache(tmp_path)
    assert cache.get("Weather", "Sky Cast", "Current Weather", {"flag": True, "city": "Oslo"}) == {
        "error": "",
        "response": 4.5,
    }


def test_writes_stabletoolbench_layout_and_keys_merging_with_other_writers(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    cache.put("Data", "TheClique", "Songkick concert", {"id_conc": "1"}, {"error": "", "response": "one"})
    path = tmp_path / "Data" / "theclique_for_Data" / "songkick_concert.json"
    # Another program adds an entry behind our back; the next write must keep it.
    on_disk = json.loads(path.read_text())
    on_disk["{'id_conc': 'x'}"] = {"error": "", "response": "theirs"}
    path.write_text(json.dumps(on_disk))
    cache.put("Data", "TheClique", "Songkick concert", {"id_conc": "2"}, {"error": "", "response": "two"})
    assert json.loads(path.read_text()) == {
        "{'id_conc': '1'}": {"error": "", "response": "one"},
        "{'id_conc': 'x'}": {"error": "", "response": "theirs"},
        "{'id_conc': '2'}": {"error": "", "response": "two"},
    }
    assert argument_key({"id_conc": "1"}) == str({"id_conc": "1"})
    assert ResponseCache(tmp_path).get("Data", "TheClique", "Songkick concert", {"id_conc": "x"}) is not None


def test_a_torn_file_is_set_aside_not_merged_into(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    path = cache.path_for("Data", "TheClique", "Songkick concert")
    path.parent.mkdir(parents=True)
    path.write_text('{"{\'id_conc\': \'1\'}": {"error": "", "resp')
    assert cache.get("Data", "TheClique", "Songkick concert", {"id_conc": "1"}) is None
    cache.put("Data", "TheClique", "Songkick concert", {"id_conc": "2"}, {"error": "", "response": "two"})
    assert json.loads(path.read_text()) == {"{'id_conc': '2'}": {"error": "", "response": "two"}}
    assert path.with_name(path.name + ".corrupt").read_text().endswith('"resp')


def test_threads_writing_one_file_lose_nothing(tmp_path: Path) -> None:
    caches = [ResponseCache(tmp_path) for _ in range(4)]  # separate instances: no shared in-memory lock

    def write(n: int) -> None:
        caches[n % 4].put("Data", "Doc Only", "Search Books", {"query": f"q{n}"}, {"error": "", "response": n})

    threads = [threading.Thread(target=write, args=(n,)) for n in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    entries = json.loads(ResponseCache(tmp_path).path_for("Data", "Doc Only", "Search Books").read_text())
    assert entries == {str({"query": f"q{n}"}): {"error": "", "response": n} for n in range(60)}


def _process_writer(root: str, worker: int, count: int) -> None:
    cache = ResponseCache(Path(root))
    for n in range(count):
        cache.put("Data", "Doc Only", "Search Books", {"query": f"w{worker}-{n}"}, {"error": "", "response": n})


def test_processes_writing_one_file_lose_nothing(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_process_writer, args=(str(tmp_path), w, 25)) for w in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    entries = json.loads(ResponseCache(tmp_path).path_for("Data", "Doc Only", "Search Books").read_text())
    assert len(entries) == 100
    assert entries[str({"query": "w3-24"})] == {"error": "", "response": 24}
    assert not list(tmp_path.rglob("*.tmp"))


def test_examples_are_the_oldest_recorded_answers(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    for n in range(7):
        cache.put("Data", "Doc Only", "Search Books", {"query": f"q{n}"}, {"error": "", "response": n})
    examples = cache.examples("Data", "Doc Only", "Search Books", 5)
    assert [answer["response"] for _, answer in examples] == [0, 1, 2, 3, 4]
    assert examples[0][0] == "{'query': 'q0'}"
