"""Every query the leaderboard runs. All of its SQL lives here; pages only lay results out.

Each function opens the database read-only for one query (``read_connection`` waits and retries
while a writer holds the file) and returns a pandas DataFrame or a dict. The site computes no metric:
scores, intervals and votes are read as ``harness eval`` and ``harness submissions ingest`` stored
them; sums and counts of stored usage are done in SQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from harness.envs.status import Status
from harness.store.connection import read_connection
from harness.tasks import GROUPS

AVERAGE = "average"

# What every page knows about a run. Runs of `harness run` carry model and strategy in their spec,
# submissions also the retriever, suite and kind; imports fall back to their name and method.
_RUN_INFO = """
WITH methods AS (
    SELECT run_id, string_agg(DISTINCT method, ', ' ORDER BY method) AS methods FROM episodes GROUP BY run_id
), run_info AS (
    SELECT r.run_id, r.name, r.source, r.created_at,
           coalesce(json_extract_string(r.spec, '$.model'), r.name) AS model,
           coalesce(json_extract_string(r.spec, '$.strategy'), m.methods, '') AS strategy,
           CASE json_type(r.spec, '$.retriever')
                WHEN 'OBJECT' THEN '+ retriever (' || regexp_extract(json_extract_string(r.spec, '$.retriever.method'),
                                   '[^/]+$') || ', top ' || json_extract_string(r.spec, '$.retriever.top_k') || ')'
                WHEN 'VARCHAR' THEN json_extract_string(r.spec, '$.retriever')
                ELSE 'none' END AS retriever,
           coalesce(json_extract_string(r.spec, '$.suite'),
                    split_part(json_extract_string(r.spec, '$.tasks[0]'), '/', 1),
                    'imported') AS suite,
           coalesce(json_extract_string(r.spec, '$.submission.kind'), 'reproduced') AS kind,
           coalesce(json_extract_string(r.spec, '$.submission.setup'), '') AS setup,
           coalesce(json_extract_string(r.spec, '$.submission.name'), '') AS submission,
           coalesce(json_extract_string(r.spec, '$.submission.source.citation'), '') AS citation,
           coalesce(json_extract_string(r.spec, '$.submission.source.where'), '') AS cited_where,
           coalesce(json_extract_string(r.spec, '$.submission.source.url'), '') AS cited_url,
           coalesce(json_extract_string(r.spec, '$.submission.organisation'), '') AS organisation,
           coalesce(json_extract_string(r.spec, '$.submission.date'), '') AS date
    FROM runs r LEFT JOIN methods m USING (run_id)
)
"""

_INTERVAL = """CASE WHEN s.ci_low IS NOT NULL AND s.ci_high IS NOT NULL
                    THEN printf('%.1f–%.1f', 100 * s.ci_low, 100 * s.ci_high)
                    WHEN json_extract(s.details, '$.std') IS NOT NULL
                    THEN printf('± %.1f', 100 * CAST(json_extract(s.details, '$.std') AS DOUBLE))
                    ELSE '' END"""

_STATUS_LABELS = ", ".join(f"({s.value}, '{s.name.lower().replace('_', ' ')}')" for s in Status)


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
    frame = _frame(
        db,
        _RUN_INFO
        + """SELECT DISTINCT ri.suite, s.judge, ri.kind, s.metric
             FROM scores s JOIN run_info ri USING (run_id)""",
    )
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
    where = ["s.metric = ?"]
    params: list[Any] = [metric]
    for column, values in (("s.judge", judges), ("ri.suite", suites), ("ri.kind", kinds)):
        if values:
            where.append(f"{column} IN ({_in(values)})")
            params.extend(values)
    condition = " AND ".join(where)
    groups_found = _frame(
        db,
        _RUN_INFO + f"SELECT DISTINCT s.group_name FROM scores s JOIN run_info ri USING (run_id) WHERE {condition}",
        params,
    )["group_name"].tolist()
    groups = ordered_groups(groups_found)
    cells = []
    cell_params: list[Any] = []
    for group in groups:
        cells.append(f"max(round(100 * s.value, 1)) FILTER (WHERE s.group_name = ?) AS {_quote(group)}")
        cells.append(f"max({_INTERVAL}) FILTER (WHERE s.group_name = ?) AS {_quote(interval_column(group))}")
        cell_params.extend([group, group])
    columns = ",\n".join(cells) if cells else "NULL AS none"
    order = f"{_quote(AVERAGE)} DESC NULLS LAST, " if AVERAGE in groups else ""
    sql = (
        _RUN_INFO
        + f"""SELECT ri.model, ri.strategy, ri.retriever,
                     {columns},
                     max(s.n) FILTER (WHERE s.group_name = '{AVERAGE}') AS n,
                     s.judge, coalesce(ref.name, '') AS reference, ri.kind, ri.suite, ri.name AS run, ri.setup
              FROM scores s JOIN run_info ri USING (run_id)
              LEFT JOIN runs ref ON ref.run_id = s.reference_run_id
              WHERE {condition}
              GROUP BY ri.name, ri.model, ri.strategy, ri.retriever, ri.suite, ri.kind, s.judge, ref.name, ri.setup
              ORDER BY {order}ri.name"""
    )
    return _frame(db, sql, cell_params + params)


def runs(db: Path) -> pd.DataFrame:
    """Every run with what the site shows about it, and its episode count."""
    return _frame(
        db,
        _RUN_INFO
        + """SELECT ri.*, (SELECT count(*) FROM episodes e WHERE e.run_id = ri.run_id) AS episodes
             FROM run_info ri ORDER BY ri.kind DESC, ri.name""",
    )


def run_info(db: Path, run: str) -> dict[str, Any] | None:
    """One run's facts and usage totals; None when there is no such run."""
    frame = _frame(
        db,
        _RUN_INFO
        + """SELECT ri.*, count(e.query_id) AS episodes,
                    coalesce(sum(e.llm_calls), 0) AS llm_calls,
                    coalesce(avg(e.llm_calls), 0) AS llm_calls_per_query,
                    coalesce(sum(e.prompt_tokens), 0) AS prompt_tokens,
                    coalesce(sum(e.completion_tokens), 0) AS completion_tokens,
                    coalesce(sum(e.total_tokens), 0) AS total_tokens,
                    coalesce(sum(e.cost_usd), 0) AS cost_usd,
                    coalesce(avg(e.cost_usd), 0) AS cost_per_query,
                    coalesce(sum(e.wall_time_s), 0) AS wall_time_s
             FROM run_info ri LEFT JOIN episodes e USING (run_id)
             WHERE ri.name = ? GROUP BY ALL""",
        [run],
    )
    return None if frame.empty else frame.iloc[0].to_dict()


def run_scores(db: Path, run: str) -> pd.DataFrame:
    """Every stored score of a run, in percent, with its interval and reference."""
    return _frame(
        db,
        f"""SELECT s.judge, s.metric, coalesce(ref.name, '') AS reference, s.group_name AS "group",
                   100 * s.value AS value, 100 * s.ci_low AS ci_low, 100 * s.ci_high AS ci_high,
                   100 * CAST(json_extract(s.details, '$.std') AS DOUBLE) AS std,
                   {_INTERVAL} AS "interval", s.n
            FROM scores s JOIN runs r USING (run_id) LEFT JOIN runs ref ON ref.run_id = s.reference_run_id
            WHERE r.name = ? ORDER BY s.judge, s.metric, reference, s.group_name = '{AVERAGE}', s.group_name""",
        [run],
    )


def group_usage(db: Path, run: str) -> pd.DataFrame:
    """Per group: episodes, how they ended, LLM calls, tokens and cost (totals and per query)."""
    return _frame(
        db,
        """SELECT e.group_name AS "group", count(*) AS episodes,
                  count(*) FILTER (WHERE e.finish_type = 'give_answer') AS answered,
                  count(*) FILTER (WHERE e.finish_type = 'give_up') AS gave_up,
                  count(*) FILTER (WHERE e.finish_type = 'none') AS no_answer,
                  count(*) FILTER (WHERE e.error IS NOT NULL) AS errors,
                  avg(e.llm_calls) AS llm_calls_per_query,
                  sum(e.total_tokens) AS tokens, avg(e.total_tokens) AS tokens_per_query,
                  sum(e.cost_usd) AS cost_usd, avg(e.cost_usd) AS cost_per_query
           FROM episodes e JOIN runs r USING (run_id) WHERE r.name = ?
           GROUP BY 1 ORDER BY 1""",
        [run],
    )


def failure_types(db: Path, run: str) -> pd.DataFrame:
    """How episodes ended that gave no answer, and the status codes of the API calls that failed."""
    return _frame(
        db,
        f"""WITH labels(code, label) AS (VALUES {_STATUS_LABELS})
            SELECT 'episode' AS "where",
                   CASE e.finish_type WHEN 'give_up' THEN 'gave up' ELSE 'no answer (no Finish call)' END AS failure,
                   count(*) AS count
            FROM episodes e JOIN runs r USING (run_id)
            WHERE r.name = ? AND e.finish_type <> 'give_answer' GROUP BY 1, 2
            UNION ALL
            SELECT 'episode', 'error: ' || split_part(e.error, ':', 1), count(*)
            FROM episodes e JOIN runs r USING (run_id)
            WHERE r.name = ? AND e.error IS NOT NULL GROUP BY 1, 2
            UNION ALL
            SELECT 'API call', printf('status %d (%s)', c.status_code, coalesce(l.label, 'unknown')), count(*)
            FROM api_calls c JOIN runs r USING (run_id) LEFT JOIN labels l ON l.code = c.status_code
            WHERE r.name = ? AND c.function_name <> 'Finish' AND coalesce(c.status_code, 0) NOT IN (0, 3, 4)
            GROUP BY 1, 2
            ORDER BY 1 DESC, 3 DESC, 2""",
        [run, run, run],
    )


def episode_list(db: Path, run: str) -> pd.DataFrame:
    """A run's episodes: group, query id, how each ended, and the instruction."""
    return _frame(
        db,
        """SELECT e.group_name AS "group", e.query_id, e.finish_type, e.llm_calls, e.query
           FROM episodes e JOIN runs r USING (run_id) WHERE r.name = ?
           ORDER BY e.group_name, length(e.query_id), e.query_id""",
        [run],
    )


def episode(db: Path, run: str, group: str, query_id: str) -> dict[str, Any] | None:
    """One episode's summary (no trajectory JSON); None when absent."""
    frame = _frame(
        db,
        """SELECT e.group_name AS "group", e.query_id, e.method, e.query, e.finish_type, e.final_answer,
                  e.llm_calls, e.total_tokens, e.cost_usd, e.wall_time_s, e.error
           FROM episodes e JOIN runs r USING (run_id)
           WHERE r.name = ? AND e.group_name = ? AND e.query_id = ?""",
        [run, group, query_id],
    )
    return None if frame.empty else frame.iloc[0].to_dict()


def episode_steps(db: Path, run: str, group: str, query_id: str) -> pd.DataFrame:
    """The episode's search tree, one row per node."""
    return _frame(
        db,
        """SELECT s.node_id, s.parent_id, s.kind, s.depth, s.content, s.observation, s.observation_code,
                  s.pruned, s.is_terminal, s.finished, s.on_chosen_path
           FROM steps s JOIN runs r USING (run_id)
           WHERE r.name = ? AND s.group_name = ? AND s.query_id = ? ORDER BY s.node_id""",
        [run, group, query_id],
    )


def episode_calls(db: Path, run: str, group: str, query_id: str) -> pd.DataFrame:
    """Every function call of the episode with its arguments and observation."""
    return _frame(
        db,
        """SELECT c.call_index, c.function_name, c.arguments, c.observation, c.status_code, c.on_chosen_path,
                  c.action_node_id, c.latency_s
           FROM api_calls c JOIN runs r USING (run_id)
           WHERE r.name = ? AND c.group_name = ? AND c.query_id = ? ORDER BY c.call_index""",
        [run, group, query_id],
    )


def episode_votes(db: Path, run: str, group: str, query_id: str) -> pd.DataFrame:
    """The judges' votes on the episode, with their reasons."""
    return _frame(
        db,
        """SELECT j.judge, j.procedure, coalesce(ref.name, '') AS reference, j.vote_index, j.label, j.score,
                  j.reason
           FROM judgments j JOIN runs r USING (run_id) LEFT JOIN runs ref ON ref.run_id = j.reference_run_id
           WHERE r.name = ? AND j.group_name = ? AND j.query_id = ?
           ORDER BY j.judge, j.procedure, reference, j.vote_index""",
        [run, group, query_id],
    )


def shared_judges(db: Path, run_a: str, run_b: str) -> list[str]:
    """Judges whose pass-rate votes both runs have."""
    frame = _frame(
        db,
        """SELECT j.judge FROM judgments j JOIN runs r USING (run_id)
           WHERE r.name IN (?, ?) AND j.procedure = 'pass_rate'
           GROUP BY j.judge HAVING count(DISTINCT r.name) = 2 ORDER BY j.judge""",
        [run_a, run_b],
    )
    return frame["judge"].tolist()


def side_by_side(db: Path, run_a: str, run_b: str, judge: str) -> pd.DataFrame:
    """Both runs' pass rates per group under one judge, in percent, with intervals."""
    frame = _frame(
        db,
        f"""SELECT s.group_name AS "group",
                   max(round(100 * s.value, 1)) FILTER (WHERE r.name = ?) AS "A",
                   max({_INTERVAL}) FILTER (WHERE r.name = ?) AS "A 95% CI",
                   max(s.n) FILTER (WHERE r.name = ?) AS "A n",
                   max(round(100 * s.value, 1)) FILTER (WHERE r.name = ?) AS "B",
                   max({_INTERVAL}) FILTER (WHERE r.name = ?) AS "B 95% CI",
                   max(s.n) FILTER (WHERE r.name = ?) AS "B n"
            FROM scores s JOIN runs r USING (run_id)
            WHERE r.name IN (?, ?) AND s.judge = ? AND s.metric = 'pass_rate' AND s.reference_run_id = ''
            GROUP BY 1""",
        [run_a, run_a, run_a, run_b, run_b, run_b, run_a, run_b, judge],
    )
    order = {g: i for i, g in enumerate(ordered_groups(frame["group"].tolist()))}
    return frame.sort_values("group", key=lambda col: col.map(order)).reset_index(drop=True)


OUTCOMES = ("A better", "B better", "both pass", "both fail or tie", "in one run only")


def query_outcomes(db: Path, run_a: str, run_b: str, judge: str) -> pd.DataFrame:
    """Per query: each run's judged pass value and which run did better. The values are the harness's
    own (``harness.eval.values.query_values``: the stored votes counted as ``harness eval`` counts them)."""
    from harness.eval.values import query_values

    a = query_values(db, run_a, judge)
    b = query_values(db, run_b, judge)
    texts = _frame(
        db,
        """SELECT e.group_name AS "group", e.query_id, any_value(e.query) AS query
           FROM episodes e JOIN runs r USING (run_id) WHERE r.name IN (?, ?) GROUP BY 1, 2""",
        [run_a, run_b],
    )
    text = {(g, q): t for g, q, t in texts.itertuples(index=False)}
    rows = []
    for key in sorted(set(a) | set(b), key=lambda k: (k[0], len(k[1]), k[1])):
        va, vb = a.get(key), b.get(key)
        if va is None or vb is None:
            outcome = OUTCOMES[4]
        elif va > vb:
            outcome = OUTCOMES[0]
        elif vb > va:
            outcome = OUTCOMES[1]
        else:
            outcome = OUTCOMES[2] if va == 1.0 else OUTCOMES[3]
        rows.append(
            {"group": key[0], "query_id": key[1], "A": va, "B": vb, "outcome": outcome, "query": text.get(key, "")}
        )
    return pd.DataFrame(rows, columns=["group", "query_id", "A", "B", "outcome", "query"])
