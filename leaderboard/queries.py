"""Every query the leaderboard runs. All of its SQL lives here; pages only lay results out.

Each function opens the database read-only for one query (``read_connection`` waits and retries
while a writer holds the file), or runs inside ``shared_connection`` with a page's other queries,
and returns a pandas DataFrame or a dict. The site computes no metric and reads no table: every
query selects from the store's views (``harness.store.views``), where scores, intervals, per-query
values, outcome classes and usage statistics are defined.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import pandas as pd

from harness.store.connection import read_connection
from harness.tasks import GROUPS

AVERAGE = "average"

# The store's views say '' for a run without a retriever; the site spells it out.
_RETRIEVER = "coalesce(nullif(retriever, ''), 'none') AS retriever"


# Opening the file costs more than most of the site's queries (a read-only open, a version check,
# the views' digest): a page or an export that runs several queries runs them over one connection.
_SHARED: ContextVar[tuple[Path, Any] | None] = ContextVar("shared_connection", default=None)


@contextmanager
def shared_connection(db: Path) -> Iterator[None]:
    """Run every query on ``db`` inside this block over one read-only connection. Hold it briefly: a
    reader's lock keeps writers out of the file."""
    with read_connection(db) as conn:
        token = _SHARED.set((db, conn))
        try:
            yield
        finally:
            _SHARED.reset(token)


def _frame(db: Path, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    held = _SHARED.get()
    if held is not None and held[0] == db:
        return held[1].execute(sql, params or []).df()
    with read_connection(db) as conn:
        return conn.execute(sql, params or []).df()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _in(values: list[str]) -> str:
    return ", ".join("?" * len(values))


def ordered_groups(found: list[str]) -> list[str]:
    """ToolBench's six groups in the paper's order, then any others, then the average."""
    known = [g for g in GROUPS if g in found]
    others = sorted(g for g in found if g not in GROUPS and g != AVERAGE)
    return known + others + ([AVERAGE] if AVERAGE in found else [])


_BOARD_COLUMNS = [
    "board", "board_kind", "label", "suite", "query_label", "judge", "metric", "procedure", "votes", "reference",
    "profile", "submission", "setup", "citation", "cited_where", "cited_url", "runs",
]  # fmt: skip
_BOARD_ORDER = "board_kind DESC, metric, runs DESC, label"


def boards(db: Path) -> pd.DataFrame:
    """Every board (one comparable setting each): the site's own runs first, then published sources."""
    return _frame(db, f"SELECT {', '.join(_BOARD_COLUMNS)} FROM boards ORDER BY {_BOARD_ORDER}")


# The board's columns in the order a reader scans them: who, how well, how sure, over how much, at what cost.
CI95 = "95% CI"
SPREAD = "± (published)"
USAGE = {
    "llm_calls_per_query": "LLM calls / query",
    "tokens_per_query": "tokens / query",
    "cost_per_query": "cost / query (USD)",
    "latency_s": "latency / query (s)",
}
_ENTRY_COLUMNS = f"""rank, model, strategy, {_RETRIEVER}, round(percent, 1) AS {_quote(AVERAGE)},
    ci95 AS {_quote(CI95)}, spread AS {_quote(SPREAD)}, n, llm_calls_per_query, tokens_per_query, cost_per_query,
    latency_s, run, run_id, kind, board, judge, metric, reference_run_id, low_percent AS low, high_percent AS high,
    interval_kind, model || ' · ' || strategy || CASE WHEN retriever <> '' THEN ' ' || retriever ELSE '' END
        AS chart_label"""
_ENTRY_NAMES = [
    "rank", "model", "strategy", "retriever", AVERAGE, CI95, SPREAD, "n", "llm_calls_per_query", "tokens_per_query",
    "cost_per_query", "latency_s", "run", "run_id", "kind", "board", "judge", "metric", "reference_run_id", "low",
    "high", "interval_kind", "chart_label",
]  # fmt: skip
_CHART = ["rank", "run", "chart_label", AVERAGE, "low", "high", "interval_kind", "n"]


def _cells(db: Path, entries: pd.DataFrame) -> pd.DataFrame:
    # One board shares judge, metric and reference: its group cells come straight from group_scores.
    if entries.empty:
        return pd.DataFrame(columns=["run_id", "group_name", "percent"])
    first = entries.iloc[0]
    ids = entries["run_id"].tolist()
    return _frame(
        db,
        f"""SELECT run_id, group_name, round(percent, 1) AS percent FROM group_scores
            WHERE judge = ? AND metric = ? AND reference_run_id = ? AND group_name <> ? AND run_id IN ({_in(ids)})""",
        [first["judge"], first["metric"], first["reference_run_id"], AVERAGE, *ids],
    )


def _table(entries: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    """The board's rows with the groups' values pivoted into columns (laid out, not combined). An
    interval column holds one kind only: ``95% CI`` the bootstrap interval, ``± (published)`` the
    spread a source printed; a column no row fills is left out."""
    table = entries.drop(columns=["board", "judge", "metric", "reference_run_id", *_CHART[2:3], "low", "high",
                                  "interval_kind"]).reset_index(drop=True)  # fmt: skip
    groups = ordered_groups(cells["group_name"].unique().tolist())
    wide = cells.pivot(index="run_id", columns="group_name", values="percent") if len(cells) else pd.DataFrame()
    at = int(table.columns.get_loc(SPREAD)) + 1
    for offset, group in enumerate(groups):
        table.insert(at + offset, group, table["run_id"].map(wide[group]))
    table = table.rename(columns=USAGE)
    empty = [c for c in (CI95, SPREAD, *USAGE.values()) if table[c].isna().all()]
    return table.drop(columns=[*empty, "run_id"])


def _chart(entries: pd.DataFrame) -> pd.DataFrame:
    chart = entries[entries[AVERAGE].notna()][_CHART].rename(columns={"chart_label": "label"})
    return chart.reset_index(drop=True)


def board_table(db: Path, board: str) -> pd.DataFrame:
    """One board: a row per run with its rank, average and the average's interval, the per-group
    values, n, and usage per query, best first."""
    with shared_connection(db):
        entries = _frame(db, f"SELECT {_ENTRY_COLUMNS} FROM board_entries WHERE board = ? ORDER BY rank, run", [board])
        return _table(entries, _cells(db, entries))


def board_chart_data(db: Path, board: str) -> pd.DataFrame:
    """The headline chart's numbers: each row's average and the bounds of its interval, in percent."""
    return _chart(_frame(db, f"SELECT {_ENTRY_COLUMNS} FROM board_entries WHERE board = ? ORDER BY rank, run", [board]))


def front_page(db: Path, board: str | None) -> dict[str, Any]:
    """The front page's data over one connection and two queries: every board, and for ``board`` (the
    first board when None) its table and chart rows; a ``board`` naming no board gives no table."""
    with shared_connection(db):
        every = _frame(
            db,
            f"SELECT {_ENTRY_COLUMNS}, {', '.join(c for c in _BOARD_COLUMNS if c not in ('board', 'judge', 'metric'))}"
            f" FROM board_entries ORDER BY {_BOARD_ORDER}, rank, run",
        )
        all_boards = every.drop_duplicates("board")[_BOARD_COLUMNS].reset_index(drop=True)
        chosen = board if board is not None else (str(all_boards["board"].iloc[0]) if len(all_boards) else None)
        if chosen is None or chosen not in set(all_boards["board"]):
            return {"boards": all_boards, "board": None, "table": None, "chart": None}
        entries = every[every["board"] == chosen][_ENTRY_NAMES]
        return {
            "boards": all_boards,
            "board": chosen,
            "table": _table(entries, _cells(db, entries)),
            "chart": _chart(entries),
        }


def run_boards(db: Path, run: str) -> pd.DataFrame:
    """The boards a run sits on, with its rank on each."""
    return _frame(
        db,
        """SELECT e.board, b.label, e.rank, b.runs FROM board_entries e JOIN boards b USING (board)
           WHERE e.run = ? ORDER BY b.label""",
        [run],
    )


def runs(db: Path) -> pd.DataFrame:
    """Every run with what the site shows about it, and its episode count."""
    return _frame(
        db,
        f"""SELECT run_id, name, source, created_at, model, strategy, {_RETRIEVER}, suite, kind, setup, submission,
                   citation, cited_where, cited_url, organisation, date, episodes
            FROM run_stats ORDER BY kind DESC, name""",
    )


def run_info(db: Path, run: str) -> dict[str, Any] | None:
    """One run's facts and usage totals; None when there is no such run."""
    frame = _frame(
        db,
        f"""SELECT run_id, name, source, created_at, model, strategy, {_RETRIEVER}, suite, kind, setup, submission,
                   citation, cited_where, cited_url, organisation, date, episodes, llm_calls, llm_calls_per_query,
                   prompt_tokens, completion_tokens, total_tokens, cost_usd, cost_per_query, wall_time_s
            FROM run_stats WHERE name = ?""",
        [run],
    )
    return None if frame.empty else frame.iloc[0].to_dict()


def run_scores(db: Path, run: str) -> pd.DataFrame:
    """Every stored score of a run, in percent, with its interval and reference."""
    return _frame(
        db,
        f"""SELECT judge, metric, reference, group_name AS "group", percent AS value, ci_low_percent AS ci_low,
                   ci_high_percent AS ci_high, std_percent AS std, "interval", n
            FROM group_scores
            WHERE run = ? ORDER BY judge, metric, reference, group_name = '{AVERAGE}', group_name""",
        [run],
    )


def group_usage(db: Path, run: str) -> pd.DataFrame:
    """Per group: episodes, how they ended, LLM calls, tokens and cost (totals and per query)."""
    return _frame(
        db,
        """SELECT group_name AS "group", episodes, answered, gave_up, no_answer, errors, llm_calls_per_query,
                  tokens, tokens_per_query, cost_usd, cost_per_query
           FROM group_stats WHERE run = ? ORDER BY group_name""",
        [run],
    )


def failure_types(db: Path, run: str) -> pd.DataFrame:
    """How episodes ended that gave no answer, and the status codes of the API calls that failed."""
    return _frame(
        db,
        """SELECT "where", failure, count FROM failure_types WHERE run = ?
           ORDER BY "where" DESC, count DESC, failure""",
        [run],
    )


def episode_list(db: Path, run: str) -> pd.DataFrame:
    """A run's episodes: group, query id, how each ended, and the instruction."""
    return _frame(
        db,
        """SELECT group_name AS "group", query_id, finish_type, llm_calls, query
           FROM episode_rows WHERE run = ?
           ORDER BY group_name, length(query_id), query_id""",
        [run],
    )


def episode(db: Path, run: str, group: str, query_id: str) -> dict[str, Any] | None:
    """One episode's summary (no trajectory JSON); None when absent."""
    frame = _frame(
        db,
        """SELECT group_name AS "group", query_id, method, query, finish_type, final_answer,
                  llm_calls, llm_calls_failed, total_tokens, cost_usd, wall_time_s, error
           FROM episode_rows WHERE run = ? AND group_name = ? AND query_id = ?""",
        [run, group, query_id],
    )
    return None if frame.empty else frame.iloc[0].to_dict()


def episode_steps(db: Path, run: str, group: str, query_id: str) -> pd.DataFrame:
    """The episode's search tree, one row per node."""
    return _frame(
        db,
        """SELECT node_id, parent_id, kind, depth, content, observation, observation_code,
                  pruned, is_terminal, finished, on_chosen_path
           FROM episode_nodes WHERE run = ? AND group_name = ? AND query_id = ? ORDER BY node_id""",
        [run, group, query_id],
    )


def episode_calls(db: Path, run: str, group: str, query_id: str) -> pd.DataFrame:
    """Every function call of the episode with its arguments and observation."""
    return _frame(
        db,
        """SELECT call_index, function_name, arguments, observation, status_code, on_chosen_path,
                  action_node_id, latency_s
           FROM episode_calls WHERE run = ? AND group_name = ? AND query_id = ? ORDER BY call_index""",
        [run, group, query_id],
    )


def _unpacked(blob: Any) -> str:
    # The store keeps request and response as zlib-compressed JSON; the page shows the JSON text.
    if not isinstance(blob, bytes | bytearray | memoryview):  # NULL: the run did not log bodies
        return ""
    return json.dumps(json.loads(zlib.decompress(bytes(blob))), indent=2, ensure_ascii=False)


def episode_llm_calls(db: Path, run: str, group: str, query_id: str) -> pd.DataFrame:
    """Every LLM call of the episode: attempts and retries (cause, wait), answered or failed, usage,
    and the request and raw response as JSON text ('' when the run did not log them)."""
    frame = _frame(
        db,
        """SELECT call_index, node_id, started_at, latency_s, attempts, retries, status, error, prompt_tokens,
                  completion_tokens, cost_usd, cached, model, request, response
           FROM episode_llm_calls WHERE run = ? AND group_name = ? AND query_id = ? ORDER BY call_index""",
        [run, group, query_id],
    )
    frame["request"] = [_unpacked(b) for b in frame["request"]]
    frame["response"] = [_unpacked(b) for b in frame["response"]]
    return frame


def episode_votes(db: Path, run: str, group: str, query_id: str) -> pd.DataFrame:
    """The judges' votes on the episode, with their reasons."""
    return _frame(
        db,
        """SELECT judge, procedure, reference, vote_index, label, score, reason
           FROM episode_votes WHERE run = ? AND group_name = ? AND query_id = ?
           ORDER BY judge, procedure, reference, vote_index""",
        [run, group, query_id],
    )


def shared_judges(db: Path, run_a: str, run_b: str) -> list[str]:
    """Judges whose pass-rate votes both runs have."""
    frame = _frame(
        db,
        """SELECT judge FROM run_judges WHERE run = ? AND procedure = 'pass_rate'
           INTERSECT
           SELECT judge FROM run_judges WHERE run = ? AND procedure = 'pass_rate'
           ORDER BY judge""",
        [run_a, run_b],
    )
    return frame["judge"].tolist()


def paired_groups(db: Path, run_a: str, run_b: str, judge: str) -> pd.DataFrame:
    """Per group and over all queries both runs answered: both pass rates, the paired difference
    B − A in points with its 95% interval, the queries only one run passed, and McNemar's exact p
    (the store's ``paired_groups`` view)."""
    frame = _frame(
        db,
        """SELECT group_name AS "group", n, round(100 * mean_a, 1) AS "A", round(100 * mean_b, 1) AS "B",
                  round(100 * diff, 1) AS "B − A", printf('%+.1f to %+.1f', 100 * ci_low, 100 * ci_high)
                  AS "95% CI (paired)", a_only AS "only A passes", b_only AS "only B passes",
                  round(p_mcnemar, 4) AS "McNemar p"
           FROM paired_groups WHERE run_a = ? AND run_b = ? AND judge = ?""",
        [run_a, run_b, judge],
    )
    order = {g: i for i, g in enumerate(ordered_groups(frame["group"].tolist()))}
    return frame.sort_values("group", key=lambda col: col.map(order)).reset_index(drop=True)


OUTCOMES = ("A better", "B better", "both pass", "both fail or tie", "in one run only")


def query_outcomes(db: Path, run_a: str, run_b: str, judge: str) -> pd.DataFrame:
    """Per query: each run's judged pass value and which run did better, as the store's
    ``query_outcomes`` view classes them (values counted as ``harness eval`` counts them)."""
    return _frame(
        db,
        """SELECT group_name AS "group", query_id, a AS "A", b AS "B", outcome, query
           FROM query_outcomes WHERE run_a = ? AND run_b = ? AND judge = ?
           ORDER BY group_name, length(query_id), query_id""",
        [run_a, run_b, judge],
    )


def repeated(db: Path, run: str) -> pd.DataFrame:
    """pass@k and pass^k in percent, k = 1 .. the number of runs, for the family of runs that repeat this
    run's spec (other seeds or trials), per judge (the store's ``family_pass_k`` view); empty when the run
    has no such siblings."""
    return _frame(
        db,
        """SELECT judge, k, measure, round(100 * value, 1) AS value, runs, queries
           FROM family_pass_k
           UNPIVOT (value FOR measure IN (pass_at_k AS 'pass@k', pass_hat_k AS 'pass^k'))
           WHERE family = (SELECT family FROM run_families WHERE run = ?)
           ORDER BY judge, measure, k""",
        [run],
    )


def run_spec(db: Path, run: str) -> dict[str, Any] | None:
    """The run's stored spec, source, harness version and commit; None when there is no such run."""
    frame = _frame(db, "SELECT spec, source, harness_version, git_commit FROM run_info WHERE name = ?", [run])
    if frame.empty:
        return None
    row = frame.iloc[0].to_dict()
    spec = row["spec"]
    row["spec"] = json.loads(spec) if isinstance(spec, str) else (spec or {})
    return row
