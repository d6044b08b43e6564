"""Every query the leaderboard runs. All of its SQL lives here; pages only lay results out.

Each function opens the database read-only for one query (``read_connection`` waits and retries
while a writer holds the file) and returns a pandas DataFrame or a dict. The site computes no metric
and reads no table: every query selects from the store's views (``harness.store.views``), where
scores, intervals, per-query values, outcome classes and usage statistics are defined.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

import pandas as pd

from harness.store.connection import read_connection
from harness.tasks import GROUPS

AVERAGE = "average"

# The store's views say '' for a run without a retriever; the site spells it out.
_RETRIEVER = "coalesce(nullif(retriever, ''), 'none') AS retriever"


def _frame(db: Path, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    with read_connection(db) as conn:
        return conn.execute(sql, params or []).df()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _in(values: list[str]) -> str:
    return ", ".join("?" * len(values))


def interval_column(group: str) -> str:
    """The name of a group's interval column in the leaderboard table."""
    return f"{group} 95% CI"


def ordered_groups(found: list[str]) -> list[str]:
    """ToolBench's six groups in the paper's order, then any others, then the average."""
    known = [g for g in GROUPS if g in found]
    others = sorted(g for g in found if g not in GROUPS and g != AVERAGE)
    return known + others + ([AVERAGE] if AVERAGE in found else [])


def filter_options(db: Path) -> dict[str, list[str]]:
    """The suites, judges, kinds and metrics that have scores."""
    frame = _frame(db, "SELECT DISTINCT suite, judge, kind, metric FROM board_rows")
    return {column: sorted(frame[column].dropna().unique().tolist()) for column in ("suite", "judge", "kind", "metric")}


def leaderboard(
    db: Path,
    metric: str,
    *,
    judges: list[str] | None = None,
    suites: list[str] | None = None,
    kinds: list[str] | None = None,
) -> pd.DataFrame:
    """The paper's table for one metric: a row per run, judge and reference; per group the value in
    percent and its interval (95% bootstrap for our runs, the published spread for reported ones)."""
    where = ["g.metric = ?"]
    params: list[Any] = [metric]
    for column, values in (("g.judge", judges), ("ri.suite", suites), ("ri.kind", kinds)):
        if values:
            where.append(f"{column} IN ({_in(values)})")
            params.extend(values)
    condition = " AND ".join(where)
    groups_found = _frame(
        db,
        f"SELECT DISTINCT g.group_name FROM group_scores g JOIN run_info ri USING (run_id) WHERE {condition}",
        params,
    )["group_name"].tolist()
    groups = ordered_groups(groups_found)
    cells = []
    cell_params: list[Any] = []
    for group in groups:
        # One cell per group: pivoting the stored scores into columns, not combining them.
        cells.append(f"any_value(round(g.percent, 1)) FILTER (WHERE g.group_name = ?) AS {_quote(group)}")
        cells.append(f"any_value(g.interval) FILTER (WHERE g.group_name = ?) AS {_quote(interval_column(group))}")
        cell_params.extend([group, group])
    columns = ",\n".join(cells) if cells else "NULL AS none"
    order = f"{_quote(AVERAGE)} DESC NULLS LAST, " if AVERAGE in groups else ""
    # group_scores pivoted by run (board_rows holds the same rows with the average only; pivoting
    # the groups straight from group_scores spares a join).
    sql = f"""SELECT ri.model, ri.strategy, coalesce(nullif(ri.retriever, ''), 'none') AS retriever,
                     {columns},
                     any_value(g.n) FILTER (WHERE g.group_name = '{AVERAGE}') AS n,
                     g.judge, g.reference, ri.kind, ri.suite, ri.name AS run, ri.setup
              FROM group_scores g JOIN run_info ri USING (run_id)
              WHERE {condition}
              GROUP BY ri.name, ri.model, ri.strategy, ri.retriever, ri.suite, ri.kind, g.judge, g.reference, ri.setup
              ORDER BY {order}ri.name"""
    return _frame(db, sql, cell_params + params)


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


def side_by_side(db: Path, run_a: str, run_b: str, judge: str) -> pd.DataFrame:
    """Both runs' pass rates per group under one judge, in percent, with intervals."""
    frame = _frame(
        db,
        """SELECT group_name AS "group",
                  any_value(round(percent, 1)) FILTER (WHERE run = ?) AS "A",
                  any_value("interval") FILTER (WHERE run = ?) AS "A 95% CI",
                  any_value(n) FILTER (WHERE run = ?) AS "A n",
                  any_value(round(percent, 1)) FILTER (WHERE run = ?) AS "B",
                  any_value("interval") FILTER (WHERE run = ?) AS "B 95% CI",
                  any_value(n) FILTER (WHERE run = ?) AS "B n"
           FROM group_scores
           WHERE run IN (?, ?) AND judge = ? AND metric = 'pass_rate' AND reference_run_id = ''
           GROUP BY 1""",
        [run_a, run_a, run_a, run_b, run_b, run_b, run_a, run_b, judge],
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
