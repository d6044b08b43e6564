"""First render of the leaderboard's front page in headless Chromium, with 1 run and with 100 runs.

Run: .venv/bin/python bench/bench_leaderboard_render.py [--runs 100] [--episodes 1200] [--loads 7]
Prints: the seconds to seed each store, then per store (and for a bare Streamlit page with one chart
and one grid, the floor any Streamlit page pays on this machine) the time from navigation to the board being
drawn (rank column and headline chart present): the very first load after the server came up (no
cached reads: every query runs), and the median of the following loads, each in a fresh browser page
(a new Streamlit session). Loads of the two stores are interleaved, so load on the machine hits both
alike; the ratio 100 runs / 1 run closes the output. Target: under 2 s with 100 runs x 1,200 episodes.

The stores are synthetic but real: made by the real writer (schema, migrations, views), filled by
SQL with N runs of E episodes each over the six ToolBench groups, 4 tree nodes, 1 API call and 1 rule
vote per episode, and per run a pass-rate score per group and overall with a 95% interval.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import httpx

from harness.store import StoreWriter
from harness.tasks import GROUPS


def seed(db: Path, runs: int, episodes: int) -> float:
    """A store with ``runs`` runs of ``episodes`` episodes each (see the module docstring)."""
    start = time.perf_counter()
    with StoreWriter(db):
        pass  # schema, migrations and views, as any harness-written file has them
    per_group = -(-episodes // len(GROUPS))
    with duckdb.connect(str(db)) as conn:
        conn.execute(
            """INSERT INTO runs BY NAME
               SELECT printf('%016x', r) AS run_id, printf('model-%03d-react', r) AS name, 'run' AS source,
                      json_object('model', printf('model-%03d', r), 'strategy', 'react', 'suite', 'sandbox',
                                  'tasks', ['sandbox/G1_instruction', 'sandbox/G1_category', 'sandbox/G1_tool',
                                            'sandbox/G2_instruction', 'sandbox/G2_category',
                                            'sandbox/G3_instruction'],
                                  'task_data_hash', 'bench', 'seed', r) AS spec,
                      'bench' AS harness_version
               FROM range(?) t(r)""",
            [runs],
        )
        conn.execute("CREATE TEMP TABLE groups AS SELECT unnest(?) AS group_name", [list(GROUPS)])
        conn.execute(
            """CREATE TEMP TABLE keys AS
               SELECT printf('%016x', r) AS run_id, g.group_name, CAST(q AS VARCHAR) AS query_id, r, q,
                      hash(r, g.group_name, q) % 100 < 30 + r % 60 AS passed
               FROM range(?) t(r), groups g, range(?) s(q)
               QUALIFY row_number() OVER (PARTITION BY r ORDER BY g.group_name, q) <= ?""",
            [runs, per_group, episodes],
        )
        conn.execute(
            """INSERT INTO episodes BY NAME
               SELECT run_id, group_name, query_id, 'CoT@1' AS method, 'Find the weather in city ' || q AS query,
                      CASE WHEN passed THEN 'give_answer' ELSE 'give_up' END AS finish_type,
                      'It is sunny.' AS final_answer, 2 AS llm_calls, 900 AS prompt_tokens,
                      100 AS completion_tokens, 1000 AS total_tokens, 0.001 AS cost_usd, 1.5 AS wall_time_s,
                      'bench' AS content_hash, '{}' AS trajectory
               FROM keys"""
        )
        conn.execute(
            """INSERT INTO steps BY NAME
               SELECT run_id, group_name, query_id, n AS node_id, CASE WHEN n = 0 THEN NULL ELSE n - 1 END AS parent_id,
                      ['root', 'thought', 'action', 'action_input'][n + 1] AS kind, n AS depth,
                      CASE n WHEN 2 THEN 'get_weather_for_weather' WHEN 3 THEN '{"city": "x"}' ELSE '' END AS content,
                      CASE WHEN n = 3 THEN '{"temp": 21}' END AS observation, false AS pruned, n = 3 AS is_terminal,
                      n = 3 AS finished, n > 0 AS on_chosen_path
               FROM keys, range(4) t(n)"""
        )
        conn.execute(
            """INSERT INTO api_calls BY NAME
               SELECT run_id, group_name, query_id, 0 AS call_index, 2 AS action_node_id, 3 AS input_node_id,
                      'get_weather_for_weather' AS function_name, '{"city": "x"}' AS arguments,
                      '{"temp": 21}' AS observation, 0 AS status_code, 0.01 AS latency_s, true AS on_chosen_path
               FROM keys"""
        )
        conn.execute(
            """INSERT INTO judgments BY NAME
               SELECT run_id, group_name, query_id, 'rule' AS judge, 'pass_rate' AS procedure, '' AS reference_run_id,
                      0 AS vote_index, CASE WHEN passed THEN 'passed' ELSE 'failed' END AS label,
                      '{"deterministic": true}' AS details
               FROM keys"""
        )
        conn.execute(
            """INSERT INTO scores BY NAME
               WITH per_group AS (
                   SELECT run_id, group_name, avg(passed::INT) AS value, count(*) AS n FROM keys GROUP BY ALL
                   UNION ALL
                   SELECT run_id, 'average', avg(passed::INT), count(*) FROM keys GROUP BY ALL
               )
               SELECT run_id, group_name, 'rule' AS judge, 'pass_rate' AS metric, value,
                      greatest(value - 1.96 * sqrt(value * (1 - value) / n), 0) AS ci_low,
                      least(value + 1.96 * sqrt(value * (1 - value) / n), 1) AS ci_high, n,
                      '{"procedure": "rule", "votes": 1, "unsure": "half"}' AS details
               FROM per_group"""
        )
        conn.execute("CHECKPOINT")
    return time.perf_counter() - start


BARE_APP = """import pandas as pd
import streamlit as st

st.set_page_config(layout="wide")
frame = pd.DataFrame({"rank": [1, 2], "model": ["a", "b"], "average": [60.0, 50.0]})
st.vega_lite_chart(frame, {"mark": "bar", "encoding": {"x": {"field": "average", "type": "quantitative"},
                                                       "y": {"field": "model", "type": "nominal"}}})
st.dataframe(frame)
"""


def serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    """``harness leaderboard serve`` on ``db``; a ``.py`` path is served as a bare Streamlit app instead."""
    command = [sys.executable, "-m", "harness.cli.main", "leaderboard", "serve", "--db", str(db), "--port", str(port)]
    if db.suffix == ".py":
        command = [sys.executable, "-m", "streamlit", "run", str(db), "--server.port", str(port),
                   "--server.headless", "true", "--browser.gatherUsageStats", "false"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).text == "ok":
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"the leaderboard on port {port} did not come up")


def first_render(browser: object, url: str) -> float:
    """Seconds from navigation until the board's rank column and headline chart are on screen."""
    page = browser.new_page(viewport={"width": 1500, "height": 1000})  # type: ignore[attr-defined]
    start = time.perf_counter()
    page.goto(url)
    # The grid draws on a canvas; its accessible table (attached, not visible) names the columns.
    page.locator("[role='columnheader']", has_text="rank").first.wait_for(state="attached", timeout=120_000)
    page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg").first.wait_for(
        timeout=120_000
    )
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--episodes", type=int, default=1200)
    parser.add_argument("--loads", type=int, default=7)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is not installed (make browser-deps)")
    with tempfile.TemporaryDirectory() as tmp:
        stores = {"1 run": (Path(tmp) / "one.duckdb", 1), f"{args.runs} runs": (Path(tmp) / "many.duckdb", args.runs)}
        for label, (db, runs) in stores.items():
            print(f"seeded {label} x {args.episodes} episodes in {seed(db, runs, args.episodes):.1f} s")
        # The floor: a bare Streamlit page with one chart and one grid, loaded the same way.
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_APP)
        stores["bare Streamlit page"] = (bare, 0)
        servers = {label: serve(db, 8760 + i) for i, (label, (db, _)) in enumerate(stores.items())}
        times: dict[str, list[float]] = {label: [] for label in stores}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                for _ in range(args.loads):
                    for i, label in enumerate(stores):
                        times[label].append(first_render(browser, f"http://127.0.0.1:{8760 + i}/"))
                browser.close()
        finally:
            for process in servers.values():
                process.terminate()
                process.wait(timeout=20)
    for label, found in times.items():
        rest = statistics.median(found[1:]) if len(found) > 1 else found[0]
        print(
            f"{label:>9}: first load {found[0]:.2f} s (cold: every query runs), median of the next {len(found) - 1} "
            f"{rest:.2f} s  [{', '.join(f'{t:.2f}' for t in found)}]"
        )
    one, many, floor = (statistics.median(found) for found in times.values())
    print(
        f"median of all loads: 1 run {one:.2f} s, {args.runs} runs {many:.2f} s (ratio {many / one:.2f}); "
        f"bare Streamlit page {floor:.2f} s ({args.runs} runs / bare {many / floor:.2f})"
    )


if __name__ == "__main__":
    main()
