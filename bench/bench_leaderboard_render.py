"""First render of the leaderboard's front page in headless Chromium, with 1 run and with 100 runs.

Run: .venv/bin/python bench/bench_leaderboard_render.py [--runs 100] [--episodes 1200] [--loads 7]
Prints: the seconds to seed each store, then per page the time from navigation to the board being
drawn (the rank header of its table and a bar of its headline chart on screen): the very first load
after the server came up (cold: nothing drawn or cached yet), and the median of the following loads,
each in a fresh browser page (nothing cached in the browser). The front page is served by the real
`harness leaderboard serve` as one plain HTML document (leaderboard/front.py): no Streamlit script,
no websocket. Beside it, three bare Streamlit pages give the floors any Streamlit page pays on this
machine: a Vega-Lite chart and a data grid (what the front page drew first), HTML with an inline SVG
through Markdown (what it drew as a Streamlit page), and only st.html (Streamlit's own boot: its
script bundle, websocket and script run). The breakdown says where the time goes: the document's
scripts run (DOMContentLoaded), Streamlit's websocket open (none on the plain page), and how many
script files the page fetched. Loads of all pages are interleaved, so load on the machine hits them
alike; ratios close the output, and whether the goal is met.
Goal: under 2 s with 100 runs x 1,200 episodes, both the cold load and the median.

The stores are synthetic but real: made by the real writer (schema, migrations, views), filled by
SQL with N runs of E episodes each over the six ToolBench groups, 4 tree nodes, 1 API call and 1 rule
vote per episode, and per run a pass-rate score per group and overall with a 95% interval.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


# Bare Streamlit pages, loaded the same way: the floor any page with those elements pays on this machine.
# Each is (script, what marks it drawn: the rank header, the chart).
BARE = {
    # What the front page drew before: a Vega-Lite chart and a data grid (both lazy-loaded script chunks).
    "bare: chart + grid": (
        """import pandas as pd
import streamlit as st

st.set_page_config(layout="wide")
frame = pd.DataFrame({"rank": [1, 2], "model": ["a", "b"], "average": [60.0, 50.0]})
st.vega_lite_chart(frame, {"mark": "bar", "encoding": {"x": {"field": "average", "type": "quantitative"},
                                                       "y": {"field": "model", "type": "nominal"}}})
st.dataframe(frame)
""",
        ("[role='columnheader']:has-text('rank')", "[data-testid='stVegaLiteChart'] :is(canvas, svg)"),
    ),
    # Only st.html (it strips SVG, so the "chart" is a div): Streamlit's own boot, websocket and script run.
    "bare: st.html": (
        """import streamlit as st

st.set_page_config(layout="wide")
st.html('<table><tr><th>rank</th></tr></table><div class="chart">chart</div>')
""",
        ("th:has-text('rank')", "div.chart"),
    ),
    # What the front page drew as a Streamlit page: HTML with an inline SVG chart through Markdown.
    "bare: HTML + SVG": (
        """import streamlit as st

st.set_page_config(layout="wide")
st.markdown('<table><tr><th>rank</th></tr></table><svg class="chart" width="20" height="20">'
            '<rect class="bar" width="20" height="20"/></svg>', unsafe_allow_html=True)
""",
        ("th:has-text('rank')", "svg.chart rect.bar"),
    ),
}
# The leaderboard's board: the rank header of its table and a bar of its headline chart. The second
# selector of each also matches the front page when it was a data grid and a Vega chart, so that
# --checkout can time an older checkout in the same run.
BOARD = (
    "table.board th:has-text('rank'), [role='columnheader']:has-text('rank')",
    "svg.chart rect.bar, [data-testid='stVegaLiteChart'] :is(canvas, svg)",
)


def serve(target: Path, port: int, checkout: Path | None = None) -> subprocess.Popen[bytes]:
    """``harness leaderboard serve`` on the database ``target`` (the harness and site of ``checkout``
    when given); a ``.py`` path is served as a bare Streamlit app instead."""
    command = [sys.executable, "-m", "harness.cli.main", "leaderboard", "serve", "--db", str(target), "--port",
               str(port)]  # fmt: skip
    if target.suffix == ".py":
        command = [sys.executable, "-m", "streamlit", "run", str(target), "--server.port", str(port),
                   "--server.headless", "true", "--browser.gatherUsageStats", "false"]  # fmt: skip
    # `python -m` puts the working directory first on the path: run there too, not only on PYTHONPATH.
    env = {**os.environ, "PYTHONPATH": str(checkout)} if checkout else None
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=checkout)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).text == "ok":
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"the page on port {port} did not come up")


@dataclass
class Load:
    """One load in a fresh browser page: seconds from navigation to the document's scripts run
    (DOMContentLoaded: the HTML and the script modules it names), to Streamlit's websocket opening, and
    to the board drawn; and how many script files the page fetched (the lazy chunks included)."""

    scripts_s: float
    socket_s: float
    drawn_s: float
    script_files: int


def first_render(browser: Any, url: str, drawn: tuple[str, str]) -> Load:
    """Load ``url`` in a new page (a new Streamlit session, an empty cache) until both ``drawn``
    selectors (the rank header, the chart) are on screen."""
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    opened: list[float] = []
    page.on("websocket", lambda _: opened.append(time.perf_counter()))
    start = time.perf_counter()
    page.goto(url)
    header, chart = drawn
    page.locator(header).first.wait_for(state="attached", timeout=120_000)
    page.locator(chart).first.wait_for(timeout=120_000)
    elapsed = time.perf_counter() - start
    timing = page.evaluate(
        """() => [performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
                  performance.getEntriesByType('resource').filter(r => r.name.endsWith('.js')).length]"""
    )
    page.close()
    return Load(timing[0] / 1000, (opened[0] - start) if opened else float("nan"), elapsed, int(timing[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--episodes", type=int, default=1200)
    parser.add_argument("--loads", type=int, default=7)
    parser.add_argument(
        "--checkout",
        type=Path,
        help="also serve the larger store from this source tree (e.g. `git worktree add /tmp/before HEAD~3`)",
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is not installed (make browser-deps)")
    many = f"{args.runs} runs"
    with tempfile.TemporaryDirectory() as tmp:
        targets: dict[str, tuple[Path, tuple[str, str]]] = {
            "1 run": (Path(tmp) / "one.duckdb", BOARD),
            many: (Path(tmp) / "many.duckdb", BOARD),
        }
        for label, runs in (("1 run", 1), (many, args.runs)):
            print(f"seeded {label} x {args.episodes} episodes in {seed(targets[label][0], runs, args.episodes):.1f} s")
        for i, (label, (script, drawn)) in enumerate(BARE.items()):
            (Path(tmp) / f"bare{i}.py").write_text(script)
            targets[label] = (Path(tmp) / f"bare{i}.py", drawn)
        trees: dict[str, Path | None] = {label: None for label in targets}
        if args.checkout:
            label = f"{many} ({args.checkout.name})"
            targets[label], trees[label] = targets[many], args.checkout.resolve()
        ports = {label: 8760 + i for i, label in enumerate(targets)}
        servers = [serve(path, ports[label], trees[label]) for label, (path, _) in targets.items()]
        loads: dict[str, list[Load]] = {label: [] for label in targets}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                for _ in range(args.loads):
                    for label, (_, drawn) in targets.items():
                        loads[label].append(first_render(browser, f"http://127.0.0.1:{ports[label]}/", drawn))
                browser.close()
        finally:
            for process in servers:
                process.terminate()
                process.wait(timeout=20)
    report(loads, many)


def report(loads: dict[str, list[Load]], many: str) -> None:
    """Per page: the first (cold) load, the median of the rest, and the median breakdown; then ratios."""
    print(f"{'page':>20}  first  median of rest | median: scripts  socket  drawn  js files | every load (s)")
    for label, found in loads.items():
        rest = [x.drawn_s for x in found[1:]] or [found[0].drawn_s]
        scripts, socket, drawn, files = (
            statistics.median(getattr(x, field) for x in found)
            for field in ("scripts_s", "socket_s", "drawn_s", "script_files")
        )
        print(
            f"{label:>20}  {found[0].drawn_s:5.2f}  {statistics.median(rest):14.2f} | {scripts:15.2f}  {socket:6.2f}"
            f"  {drawn:5.2f}  {files:8.0f} | {', '.join(f'{x.drawn_s:.2f}' for x in found)}"
        )
    median = {label: statistics.median(x.drawn_s for x in found) for label, found in loads.items()}
    one, board, grid, html = median["1 run"], median[many], median["bare: chart + grid"], median["bare: st.html"]
    print(
        f"median of all loads: 1 run {one:.2f} s, {many} {board:.2f} s (ratio {board / one:.2f}); "
        f"{many} / bare st.html {board / html:.2f}; {many} / bare chart + grid {board / grid:.2f}; "
        f"bare chart + grid / bare st.html {grid / html:.2f}"
    )
    for label in loads:
        if label.startswith(f"{many} ("):
            print(f"{many} / {label}: {board / median[label]:.2f}")
    cold = loads[many][0].drawn_s
    rest = statistics.median(x.drawn_s for x in loads[many][1:]) if len(loads[many]) > 1 else cold
    verdict = "met" if cold < 2 and rest < 2 else "not met"
    print(f"goal: {many} under 2 s, cold and median: {verdict} (cold {cold:.2f} s, median {rest:.2f} s)")


if __name__ == "__main__":
    main()
