"""``harness leaderboard export --out site/``: the boards, model pages and comparisons as a static site.

Every page is plain HTML with its charts as inline SVG and its styles inline, so it renders from
``file://`` or any static host (GitHub Pages) with no server, no script and no network. Beside each
board lie its rows as CSV and JSON and its headline chart as a Vega-Lite spec, for anyone who wants the
numbers rather than the page. All numbers come from the same queries the served site runs (the store's
views); every text written by a model or a submission is HTML-escaped.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd

from leaderboard import charts, markup, queries, shell
from leaderboard.charts import PAIRED, PAIRED_COLORS
from leaderboard.markup import table as _table
from leaderboard.plain import html_text as _e
from leaderboard.reproduce import reproduce_command
from leaderboard.svg import Bar, interval_bars, stacked_counts


@dataclass
class ExportResult:
    """What the export wrote."""

    out: Path
    boards: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    compares: list[str] = field(default_factory=list)


def _page(title: str, body: str, depth: int) -> str:
    up = "../" * depth
    return shell.document(
        title, body, shell.nav([("All boards", f"{up}index.html"), ("boards.json", f"{up}data/boards.json")])
    )


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:60] or "run"


class Exporter:
    """Writes one database's site into ``out``."""

    def __init__(self, db: Path, out: Path, compare_top: int) -> None:
        self.db, self.out, self.compare_top = db, out, compare_top
        self.result = ExportResult(out)
        runs = queries.runs(db)
        self.model_file = {
            str(n): f"models/{_slug(str(n))}-{str(i)[:8]}.html"
            for n, i in zip(runs["name"], runs["run_id"], strict=True)
        }
        self.episodes = dict(zip(runs["name"], runs["episodes"], strict=True))

    def write(self, relative: str, text: str | bytes) -> None:
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")

    def run(self) -> ExportResult:
        boards = queries.boards(self.db)
        self.write(".nojekyll", "")  # GitHub Pages serves the files as they are
        self.write("data/boards.json", boards.to_json(orient="records", indent=1))
        pairs: list[tuple[str, str, str]] = []
        for board in boards.to_dict("records"):
            pairs += self.board(board)
        self.index(boards)
        for name in self.model_file:
            self.model(name)
        done: set[tuple[str, str, str]] = set()
        for pair in pairs:
            if pair not in done:
                done.add(pair)
                self.compare(*pair)
        return self.result

    def index(self, boards: pd.DataFrame) -> None:
        parts = [
            '<p class="note">One board per comparable setting: suite, query set, judge and procedure, profile. '
            "Rows are ranked only against rows of their own board; published numbers sit on boards of their "
            "own source.</p>"
        ]
        for kind, title in (("reproduced", "Run by this harness"), ("published", "Published results")):
            part = boards[boards["board_kind"] == kind]
            if part.empty:
                continue
            frame = pd.DataFrame({"board": part["label"], "rows": part["runs"], "CSV": "CSV"})
            links = {
                "board": [f"boards/{b}.html" for b in part["board"]],
                "CSV": [f"boards/{b}.csv" for b in part["board"]],
            }
            parts.append(f"<h2>{_e(title)}</h2>" + _table(frame, links))
        self.write("index.html", _page(shell.SITE, "".join(parts), 0))

    def board(self, board: dict[str, Any]) -> list[tuple[str, str, str]]:
        board_id = str(board["board"])
        table = queries.board_table(self.db, board_id)
        chart = queries.board_chart_data(self.db, board_id)
        self.write(f"boards/{board_id}.csv", table.to_csv(index=False))
        self.write(f"boards/{board_id}.json", table.to_json(orient="records", indent=1))
        self.write(f"boards/{board_id}.vl.json", json.dumps(charts.board_bars(chart, str(board["label"])).to_dict()))
        pairs = self._pairs(board, table)
        compare = ""
        if pairs:
            items = "".join(
                f'<li><a href="../{_compare_file(a, b)}">#{i + 1} {_e(a)} vs #{i + 2} {_e(b)}</a></li>'
                for i, (a, b, _) in enumerate(pairs)
            )
            compare = f"<h2>Neighbours compared, paired by query</h2><ul>{items}</ul>"
        body = (
            markup.board(
                board, table, chart, lambda run: "../" + self.model_file[run] if run in self.model_file else ""
            )
            + f'<p><a href="{board_id}.csv" download>Download this board (CSV)</a> · '
            f'<a href="{board_id}.json">JSON</a> · <a href="{board_id}.vl.json">chart (Vega-Lite spec)</a></p>'
            + compare
        )
        self.write(f"boards/{board_id}.html", _page(str(board["label"]), body, 1))
        self.result.boards.append(board_id)
        return pairs

    def _pairs(self, board: dict[str, Any], table: pd.DataFrame) -> list[tuple[str, str, str]]:
        """Neighbouring ranks among the board's runs with episodes, from the top: is #1 really ahead of #2?"""
        if board["board_kind"] == "published" or board["metric"] != "pass_rate":
            return []
        ranked = [str(r) for r in table["run"] if self.episodes.get(str(r), 0) > 0][: self.compare_top + 1]
        return [(a, b, str(board["judge"])) for a, b in itertools.pairwise(ranked)]

    def model(self, name: str) -> None:
        info = queries.run_info(self.db, name)
        if info is None:
            return
        parts = [
            f'<p class="note">{_e(info["model"])} · {_e(info["strategy"])}'
            + (f" · retriever {_e(info['retriever'])}" if info["retriever"] != "none" else "")
            + f" · suite {_e(info['suite'])} · {_e(info['kind'])}</p>"
        ]
        if info["kind"] == "reported":
            parts.append(
                f'<p class="warn">Published numbers from another evaluation setup: {_e(info["setup"])}<br>'
                f"Source: {_e(info['citation'])} ({_e(info['cited_where'])}) {_e(info['cited_url'])}</p>"
            )
        boards = queries.run_boards(self.db, name)
        if not boards.empty:
            parts.append("<h2>Boards</h2>" + _table(
                boards[["rank", "runs", "label"]].rename(columns={"runs": "of"}),
                {"label": [f"../boards/{b}.html" for b in boards["board"]]},
            ))  # fmt: skip
        scores = queries.run_scores(self.db, name)
        for (judge, metric, reference), part in scores.groupby(["judge", "metric", "reference"], sort=False):
            title = f"{metric.replace('_', ' ')} · judge {judge}" + (f" · against {reference}" if reference else "")
            kind = (
                "bootstrap" if part["ci_low"].notna().any() else ("published sd" if part["std"].notna().any() else "")
            )
            bars = [
                Bar(
                    str(r["group"]),
                    float(r["value"]),
                    markup.number(r["ci_low"]) if kind == "bootstrap" else _minus(r["value"], r["std"]),
                    markup.number(r["ci_high"]) if kind == "bootstrap" else _plus(r["value"], r["std"]),
                    kind,
                )
                for r in part.to_dict("records")
            ]
            parts.append(f"<h2>{_e(title)}</h2>" + interval_bars(bars, title, label_width=160))
            parts.append(_table(part[["group", "value", "interval", "n"]]))
        repeated = queries.repeated(self.db, name)
        if not repeated.empty:
            wide = repeated.pivot_table(index=["judge", "k"], columns="measure", values="value").reset_index()
            parts.append("<h2>Trials: pass@k and pass^k</h2>" + _table(wide))
        if info["episodes"]:
            usage = queries.group_usage(self.db, name)
            parts.append(
                f"<h2>Cost and latency</h2><p>{int(info['episodes'])} episodes · "
                f"{info['llm_calls_per_query']:.2f} LLM calls per query · {int(info['total_tokens']):,} tokens · "
                f"{info['cost_usd']:.4f} USD ({info['cost_per_query']:.5f} per query) · "
                f"{info['wall_time_s'] / info['episodes']:.2f} s per query</p>" + _table(usage)
            )
            failures = queries.failure_types(self.db, name)
            parts.append("<h2>Failure types</h2>" + (_table(failures) if not failures.empty else "<p>None.</p>"))
        stored = queries.run_spec(self.db, name)
        if stored is not None:
            judges = scores["judge"].unique().tolist()
            command = reproduce_command(stored["spec"], name, judges[0] if judges else None)
            parts.append(
                "<h2>Reproduce</h2>"
                + (f"<pre>{_e(command)}</pre>" if command else "<p>Published or imported numbers.</p>")
            )
            parts.append(f"<pre>{_e(json.dumps(stored['spec'], indent=2, sort_keys=True))}</pre>")
        self.write(self.model_file[name], _page(f"Run {name}", "".join(parts), 1))
        self.result.models.append(name)

    def compare(self, run_a: str, run_b: str, judge: str) -> None:
        outcomes = queries.query_outcomes(self.db, run_a, run_b, judge)
        paired = queries.paired_groups(self.db, run_a, run_b, judge)
        if paired.empty:
            return
        overall = paired[paired["group"] == queries.AVERAGE].iloc[0]
        rows = []
        for group, part in outcomes.groupby("group", sort=False):
            counts = part["outcome"].value_counts()
            rows.append((str(group), [int(counts.get(k, 0)) for k in PAIRED]))
        disagree = outcomes[outcomes["outcome"].isin(["A better", "B better"])][
            ["group", "query_id", "A", "B", "outcome", "query"]
        ]
        body = (
            f'<p>A: <a href="../{self.model_file[run_a]}">{_e(run_a)}</a> · B: '
            f'<a href="../{self.model_file[run_b]}">{_e(run_b)}</a> · judge {_e(judge)}</p>'
            f"<p><b>B − A: {overall['B − A']:+.1f} points</b> (95% paired interval {_e(overall['95% CI (paired)'])}) "
            f"over {int(overall['n'])} common queries · McNemar p = {overall['McNemar p']:.4f}</p>"
            + stacked_counts(rows, list(PAIRED.values()), PAIRED_COLORS)
            + "<h2>Per group</h2>"
            + _table(paired)
            + f"<h2>Queries where they disagree ({len(disagree)})</h2>"
            + _table(disagree)
            + '<p class="note">Episodes are browsable on the served site: '
            "<code>harness leaderboard serve</code>, page Compare.</p>"
        )
        self.write(_compare_file(run_a, run_b), _page(f"{run_a} vs {run_b}", body, 1))
        self.result.compares.append(f"{run_a} vs {run_b}")


def _minus(value: object, std: object) -> float | None:
    return None if markup.number(std) is None else float(value) - float(std)  # type: ignore[arg-type]


def _plus(value: object, std: object) -> float | None:
    return None if markup.number(std) is None else float(value) + float(std)  # type: ignore[arg-type]


def _compare_file(run_a: str, run_b: str) -> str:
    return f"compare/{quote(_slug(run_a), safe='')}--vs--{quote(_slug(run_b), safe='')}.html"


def export_site(db: Path, out: Path, compare_top: int = 10) -> ExportResult:
    """Write the static site for ``db`` into ``out`` (created; files already there are replaced)."""
    out.mkdir(parents=True, exist_ok=True)
    with queries.shared_connection(db):
        return Exporter(db, out, compare_top).run()
