"""The store's views: everything the leaderboard and ``harness scores`` show, defined once in SQL.

Readers select from these views and compute nothing themselves. Scores and their bootstrap intervals
are computed by ``harness eval`` and stored in ``scores``; the views expose them, never recompute them.
The one value derived here is a query's judged value (``query_values``): the stored votes counted
with the settings stored beside the run's scores, by the same rule as ``harness.eval.voting``.

Why views are installed on every connection rather than by one migration: a migration only reaches a
file when a writer opens it, but the leaderboard opens files read-only, often files written by an
older harness. So the writer (re)creates them as persistent views, kept in the file for any DuckDB
client, when it opens a file whose views are missing or differ from this harness's (a digest of the
definitions is stored as the view ``store_views``); a read-only connection to such a file creates them
as temporary views, which DuckDB allows on a read-only file and which take precedence over the
file's own. A reader therefore always sees this harness's definitions, whichever harness wrote the
file last, and pays for creating them only when the file's own are not current.
"""

from __future__ import annotations

import hashlib
from typing import Any

from harness.store.board_views import BOARD_VIEWS
from harness.types.observation import Status

_STATUS_LABELS = ", ".join(f"({s.value}, '{s.name.lower().replace('_', ' ')}')" for s in Status)

# (name, what it holds, its query). Later views may select from earlier ones.
CORE_VIEWS: tuple[tuple[str, str, str], ...] = (
    (
        "run_info",
        "One row per run: what every page shows about it (model, strategy, retriever, suite, kind, the "
        "submission's facts). Runs of `harness run` carry these in their spec, imports fall back to their "
        "name and the episodes' methods; a published row keeps its retriever as text.",
        """
        WITH methods AS (
            SELECT run_id,
                   string_agg(DISTINCT method, ', ' ORDER BY method) AS methods,
                   string_agg(DISTINCT method, ',' ORDER BY method) AS method
            FROM episodes GROUP BY run_id
        )
        SELECT r.run_id, r.name, r.source, r.spec, r.harness_version, r.git_commit, r.created_at,
               coalesce(json_extract_string(r.spec, '$.model'), r.name) AS model,
               coalesce(json_extract_string(r.spec, '$.strategy'), m.methods, '') AS strategy,
               coalesce(m.method, json_extract_string(r.spec, '$.strategy'), '') AS method,
               CASE json_type(r.spec, '$.retriever')
                    WHEN 'OBJECT' THEN '+ retriever ('
                         || regexp_extract(json_extract_string(r.spec, '$.retriever.method'), '[^/]+$')
                         || ', top ' || json_extract_string(r.spec, '$.retriever.top_k') || ')'
                    -- a published row names it in words; "none" is no retriever (as retriever_label reads it)
                    WHEN 'VARCHAR' THEN CASE
                         WHEN lower(trim(json_extract_string(r.spec, '$.retriever'))) IN ('', 'none') THEN ''
                         ELSE json_extract_string(r.spec, '$.retriever') END
                    ELSE '' END AS retriever,
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
               coalesce(json_extract_string(r.spec, '$.submission.date'), '') AS date,
               -- Runs made before profiles existed ran under the harness's own defaults.
               coalesce(json_extract_string(r.spec, '$.profile'), 'harness') AS profile,
               -- The queries a score is over: a published row's are its source's own; a run's are its
               -- tasks at their data hash, cut by --limit.
               CASE WHEN json_extract_string(r.spec, '$.submission.kind') = 'reported'
                    THEN 'published: ' || json_extract_string(r.spec, '$.submission.name')
                    ELSE coalesce(json_extract(r.spec, '$.tasks')::VARCHAR, '[]')
                         || ' data ' || coalesce(json_extract_string(r.spec, '$.task_data_hash'), '')
                         || ' limit ' || coalesce(json_extract_string(r.spec, '$.limit'), 'none') END AS query_set,
               CASE WHEN json_extract_string(r.spec, '$.submission.kind') = 'reported'
                    THEN 'as published by ' || json_extract_string(r.spec, '$.submission.name')
                    ELSE coalesce(json_array_length(r.spec, '$.tasks'), 0) || ' task(s)'
                         || coalesce(', first ' || json_extract_string(r.spec, '$.limit') || ' per task', '')
                         || coalesce(', data ' || nullif(left(json_extract_string(r.spec, '$.task_data_hash'), 8), ''),
                                     '') END AS query_label
        FROM runs r LEFT JOIN methods m USING (run_id)
        """,
    ),
    (
        "group_scores",
        "One row per stored score: a run's metric for one group (or 'average') under one judge and "
        "reference, with its stored interval, also in percent; 'interval' is the text the site prints "
        "(the 95% bootstrap interval, or the spread a published source printed).",
        """
        SELECT s.run_id, r.name AS run, s.judge, s.metric, s.reference_run_id,
               coalesce(ref.name, s.reference_run_id) AS reference,
               s.group_name, s.value, s.ci_low, s.ci_high, s.n, s.details, s.created_at,
               100 * s.value AS percent, 100 * s.ci_low AS ci_low_percent, 100 * s.ci_high AS ci_high_percent,
               100 * TRY_CAST(json_extract(s.details, '$.std') AS DOUBLE) AS std_percent,
               CASE WHEN s.ci_low IS NOT NULL AND s.ci_high IS NOT NULL
                    THEN printf('%.1f–%.1f', 100 * s.ci_low, 100 * s.ci_high)
                    WHEN json_extract(s.details, '$.std') IS NOT NULL
                    THEN printf('± %.1f', 100 * CAST(json_extract(s.details, '$.std') AS DOUBLE))
                    ELSE '' END AS interval
        FROM scores s JOIN runs r USING (run_id)
        LEFT JOIN runs ref ON ref.run_id = s.reference_run_id
        """,
    ),
    (
        "board_rows",
        "One row per run, judge, metric and reference: the run's labels and its average with the stored "
        "interval (NULL when only groups were stored); the groups' cells are in group_scores.",
        """
        SELECT ri.run_id, ri.name AS run, ri.model, ri.strategy, ri.method, ri.retriever, ri.suite, ri.kind,
               ri.setup, ri.source, ri.spec, ri.profile, ri.query_set, ri.query_label, ri.submission, ri.citation,
               ri.cited_where, ri.cited_url, g.judge, g.metric, g.reference_run_id, g.reference,
               max(g.value) FILTER (WHERE g.group_name = 'average') AS value,
               max(g.ci_low) FILTER (WHERE g.group_name = 'average') AS ci_low,
               max(g.ci_high) FILTER (WHERE g.group_name = 'average') AS ci_high,
               max(g.interval) FILTER (WHERE g.group_name = 'average') AS interval,
               max(g.n) FILTER (WHERE g.group_name = 'average') AS n,
               count(*) FILTER (WHERE g.group_name <> 'average') AS groups
        FROM group_scores g JOIN run_info ri USING (run_id)
        GROUP BY ALL
        """,
    ),
    (
        "query_values",
        "Each judged query's value under a judge (1 pass or win, 0 fail or loss, between for halves, ties "
        "and averaged rounds): the stored votes counted with the settings (votes, unsure, procedure) "
        "stored on the run's 'average' score, by harness.eval.voting's rule. A deterministic first "
        "vote stands for all; queries whose voting could still change are left out.",
        """
        WITH settings AS (
            SELECT run_id, judge, metric, reference_run_id,
                   coalesce(TRY_CAST(json_extract(details, '$.votes') AS INTEGER), 1) AS total,
                   coalesce(json_extract_string(details, '$.unsure'), 'half') AS unsure,
                   coalesce(json_extract_string(details, '$.procedure'), '') <> 'sopr' AS majority
            FROM scores WHERE group_name = 'average'
        ), ranked AS (
            SELECT j.run_id, j.judge, j.procedure AS metric, j.reference_run_id, j.group_name, j.query_id,
                   j.label, s.total, s.unsure, s.majority,
                   row_number() OVER w - 1 AS pos,
                   first_value(coalesce(TRY_CAST(json_extract(j.details, '$.deterministic') AS BOOLEAN), false))
                       OVER w AS deterministic
            FROM judgments j JOIN settings s
                 ON s.run_id = j.run_id AND s.judge = j.judge AND s.metric = j.procedure
                    AND s.reference_run_id = j.reference_run_id
            WINDOW w AS (PARTITION BY j.run_id, j.judge, j.procedure, j.reference_run_id, j.group_name, j.query_id
                         ORDER BY j.vote_index)
        ), counted AS (
            SELECT * FROM ranked WHERE NOT deterministic AND pos < total
            UNION ALL BY NAME
            SELECT * REPLACE (unnest(range(total)) AS pos) FROM ranked WHERE deterministic AND pos = 0
        ), resolved AS (
            -- Under 'random' an unsure vote is a coin seeded by '<run id>:<group>:<query id>:<index>':
            -- heads when the first bit of its SHA-256 is 0 (harness.eval.voting.coin).
            SELECT *,
                   CASE WHEN metric = 'pass_rate' AND majority AND unsure = 'random' AND label = 'unsure'
                        THEN CASE WHEN substr(sha256(run_id || ':' || group_name || ':' || query_id || ':' || pos),
                                              1, 1) < '8'
                                  THEN 'passed' ELSE 'failed' END
                        ELSE label END AS outcome
            FROM counted
        ), tallies AS (
            SELECT run_id, judge, metric, reference_run_id, group_name, query_id,
                   any_value(total) AS total, any_value(unsure) AS unsure, any_value(majority) AS majority,
                   count(*) AS votes,
                   count(*) FILTER (WHERE outcome = 'passed') AS passed,
                   count(*) FILTER (WHERE outcome = 'failed' OR (outcome = 'unsure' AND unsure = 'fail')) AS failed,
                   count(*) FILTER (WHERE outcome = 'candidate') AS candidate,
                   count(*) FILTER (WHERE outcome = 'reference') AS reference,
                   avg(CASE label WHEN 'passed' THEN 1.0 WHEN 'failed' THEN 0.0 WHEN 'unsure' THEN 0.5
                                  WHEN 'Solved' THEN 1.0 WHEN 'Unsolved' THEN 0.0 WHEN 'Unsure' THEN 0.5
                                  WHEN 'candidate' THEN 1.0 WHEN 'reference' THEN 0.0 WHEN 'tie' THEN 0.5 END)
                       AS mean_score
            FROM resolved GROUP BY ALL
        ), outcomes AS (
            -- best: every vote still missing goes the run's way; worst: every one goes against it.
            SELECT *, total - votes AS missing,
                   CASE WHEN unsure = 'random' THEN 1.0 ELSE 0.5 END AS pass_tie
            FROM tallies
        ), bounds AS (
            SELECT *,
                   CASE WHEN metric = 'win_rate' THEN
                            CASE WHEN candidate + missing > reference THEN 1.0
                                 WHEN candidate + missing < reference THEN 0.0 ELSE 0.5 END
                        WHEN passed + missing > failed THEN 1.0
                        WHEN passed + missing < failed THEN 0.0 ELSE pass_tie END AS best,
                   CASE WHEN metric = 'win_rate' THEN
                            CASE WHEN candidate > reference + missing THEN 1.0
                                 WHEN candidate < reference + missing THEN 0.0 ELSE 0.5 END
                        WHEN passed > failed + missing THEN 1.0
                        WHEN passed < failed + missing THEN 0.0 ELSE pass_tie END AS worst
            FROM outcomes
        )
        SELECT run_id, judge, metric, reference_run_id, group_name, query_id, votes, total,
               CASE WHEN metric = 'pass_rate' AND NOT majority THEN mean_score ELSE worst END AS value
        FROM bounds
        WHERE CASE WHEN metric = 'pass_rate' AND NOT majority THEN votes >= total ELSE best = worst END
        """,
    ),
    (
        "query_outcomes",
        "For every ordered pair of runs (A, B) and judge: each query's pass value in A and in B and "
        "which did better (A better, B better, both pass, both fail or tie, in one run only).",
        """
        WITH pass_values AS (
            SELECT run_id, judge, group_name, query_id, value FROM query_values
            WHERE metric = 'pass_rate' AND reference_run_id = ''
        ), pairs AS (
            SELECT a.run_id AS a_id, a.name AS run_a, b.run_id AS b_id, b.name AS run_b
            FROM runs a JOIN runs b ON a.run_id <> b.run_id
        ), keys AS (
            SELECT DISTINCT p.a_id, p.run_a, p.b_id, p.run_b, v.judge, v.group_name, v.query_id
            FROM pairs p JOIN pass_values v ON v.run_id = p.a_id OR v.run_id = p.b_id
        )
        SELECT k.run_a, k.run_b, k.judge, k.group_name, k.query_id, va.value AS a, vb.value AS b,
               CASE WHEN va.value IS NULL OR vb.value IS NULL THEN 'in one run only'
                    WHEN va.value > vb.value THEN 'A better'
                    WHEN vb.value > va.value THEN 'B better'
                    WHEN va.value = 1 THEN 'both pass'
                    ELSE 'both fail or tie' END AS outcome,
               coalesce(ea.query, eb.query, '') AS query
        FROM keys k
        LEFT JOIN pass_values va
             ON va.run_id = k.a_id AND va.judge = k.judge AND va.group_name = k.group_name
                AND va.query_id = k.query_id
        LEFT JOIN pass_values vb
             ON vb.run_id = k.b_id AND vb.judge = k.judge AND vb.group_name = k.group_name
                AND vb.query_id = k.query_id
        LEFT JOIN episodes ea ON ea.run_id = k.a_id AND ea.group_name = k.group_name AND ea.query_id = k.query_id
        LEFT JOIN episodes eb ON eb.run_id = k.b_id AND eb.group_name = k.group_name AND eb.query_id = k.query_id
        """,
    ),
    (
        "run_judges",
        "Which judge has votes on which run, by procedure and reference.",
        """
        SELECT DISTINCT j.run_id, r.name AS run, j.judge, j.procedure, j.reference_run_id
        FROM judgments j JOIN runs r USING (run_id)
        """,
    ),
    (
        "run_stats",
        "One row per run with its labels (run_info) and cost and call statistics: episodes, how they "
        "ended, errors, LLM calls (all, failed, and retried attempts), tokens, cost and wall time (totals "
        "and per query), function and API calls.",
        """
        WITH episode_totals AS (
            SELECT run_id, count(*) AS episodes,
                   count(*) FILTER (WHERE finish_type = 'give_answer') AS answered,
                   count(*) FILTER (WHERE finish_type = 'give_up') AS gave_up,
                   count(*) FILTER (WHERE finish_type = 'none') AS no_answer,
                   count(*) FILTER (WHERE error IS NOT NULL) AS errors,
                   sum(llm_calls) AS llm_calls, avg(llm_calls) AS llm_calls_per_query,
                   sum(llm_calls_failed) AS llm_calls_failed,
                   sum(prompt_tokens) AS prompt_tokens, sum(completion_tokens) AS completion_tokens,
                   sum(total_tokens) AS total_tokens, avg(total_tokens) AS tokens_per_query,
                   sum(cost_usd) AS cost_usd, avg(cost_usd) AS cost_per_query,
                   sum(wall_time_s) AS wall_time_s, avg(wall_time_s) AS wall_time_per_query
            FROM episodes GROUP BY run_id
        ), call_totals AS (
            SELECT run_id, count(*) AS function_calls,
                   count(*) FILTER (WHERE function_name <> 'Finish') AS api_calls,
                   count(*) FILTER (WHERE function_name <> 'Finish'
                                    AND coalesce(status_code, 0) NOT IN (0, 3, 4)) AS failed_api_calls
            FROM api_calls GROUP BY run_id
        ), llm_totals AS (
            SELECT run_id, sum(greatest(attempts - 1, 0)) AS llm_retries FROM llm_calls GROUP BY run_id
        )
        SELECT ri.* EXCLUDE (spec, harness_version, git_commit),
               coalesce(e.episodes, 0) AS episodes, coalesce(e.answered, 0) AS answered,
               coalesce(e.gave_up, 0) AS gave_up, coalesce(e.no_answer, 0) AS no_answer,
               coalesce(e.errors, 0) AS errors,
               coalesce(e.llm_calls, 0) AS llm_calls, coalesce(e.llm_calls_per_query, 0) AS llm_calls_per_query,
               coalesce(e.llm_calls_failed, 0) AS llm_calls_failed, coalesce(l.llm_retries, 0) AS llm_retries,
               coalesce(e.prompt_tokens, 0) AS prompt_tokens, coalesce(e.completion_tokens, 0) AS completion_tokens,
               coalesce(e.total_tokens, 0) AS total_tokens, coalesce(e.tokens_per_query, 0) AS tokens_per_query,
               coalesce(e.cost_usd, 0) AS cost_usd, coalesce(e.cost_per_query, 0) AS cost_per_query,
               coalesce(e.wall_time_s, 0) AS wall_time_s, coalesce(e.wall_time_per_query, 0) AS wall_time_per_query,
               coalesce(c.function_calls, 0) AS function_calls, coalesce(c.api_calls, 0) AS api_calls,
               coalesce(c.failed_api_calls, 0) AS failed_api_calls
        FROM run_info ri LEFT JOIN episode_totals e USING (run_id) LEFT JOIN call_totals c USING (run_id)
        LEFT JOIN llm_totals l USING (run_id)
        """,
    ),
    (
        "group_stats",
        "Per run and group: episodes, how they ended, errors, LLM calls, tokens and cost (totals and per query).",
        """
        SELECT e.run_id, r.name AS run, e.group_name, count(*) AS episodes,
               count(*) FILTER (WHERE e.finish_type = 'give_answer') AS answered,
               count(*) FILTER (WHERE e.finish_type = 'give_up') AS gave_up,
               count(*) FILTER (WHERE e.finish_type = 'none') AS no_answer,
               count(*) FILTER (WHERE e.error IS NOT NULL) AS errors,
               sum(e.llm_calls) AS llm_calls, avg(e.llm_calls) AS llm_calls_per_query,
               sum(e.total_tokens) AS tokens, avg(e.total_tokens) AS tokens_per_query,
               sum(e.cost_usd) AS cost_usd, avg(e.cost_usd) AS cost_per_query,
               sum(e.wall_time_s) AS wall_time_s
        FROM episodes e JOIN runs r USING (run_id)
        GROUP BY e.run_id, r.name, e.group_name
        """,
    ),
    (
        "call_status",
        "Per run and status code: how many API calls (Finish excluded) came back with it, and the code's name.",
        f"""
        WITH labels(code, label) AS (VALUES {_STATUS_LABELS})
        SELECT c.run_id, r.name AS run, c.status_code, coalesce(l.label, 'unknown') AS label, count(*) AS calls
        FROM api_calls c JOIN runs r USING (run_id) LEFT JOIN labels l ON l.code = c.status_code
        WHERE c.function_name <> 'Finish'
        GROUP BY ALL
        """,
    ),
    (
        "failure_types",
        "Per run: how episodes ended that gave no answer, their errors by kind, and the status codes of "
        "API calls that failed ('where' is 'episode' or 'API call').",
        """
        SELECT e.run_id, r.name AS run, 'episode' AS "where",
               CASE e.finish_type WHEN 'give_up' THEN 'gave up' ELSE 'no answer (no Finish call)' END AS failure,
               count(*) AS count
        FROM episodes e JOIN runs r USING (run_id)
        WHERE e.finish_type <> 'give_answer' GROUP BY ALL
        UNION ALL
        SELECT e.run_id, r.name, 'episode', 'error: ' || split_part(e.error, ':', 1), count(*)
        FROM episodes e JOIN runs r USING (run_id)
        WHERE e.error IS NOT NULL GROUP BY ALL
        UNION ALL
        SELECT run_id, run, 'API call', printf('status %d (%s)', status_code, label), calls
        FROM call_status WHERE coalesce(status_code, 0) NOT IN (0, 3, 4)
        """,
    ),
    (
        "episode_rows",
        "Every episode with its run's name, without the trajectory JSON.",
        """
        SELECT e.* EXCLUDE (trajectory), r.name AS run
        FROM episodes e JOIN runs r USING (run_id)
        """,
    ),
    (
        "episode_nodes",
        "Every node of every episode's search tree, with its run's name.",
        "SELECT s.*, r.name AS run FROM steps s JOIN runs r USING (run_id)",
    ),
    (
        "episode_calls",
        "Every function call of every episode, with its run's name.",
        "SELECT c.*, r.name AS run FROM api_calls c JOIN runs r USING (run_id)",
    ),
    (
        "episode_llm_calls",
        "Every LLM call of every episode, with its run's name: attempts, each retry's cause and wait "
        "(retries), answered or failed, usage, and the request and raw response as zlib-compressed JSON "
        "(NULL when the run was made with --no-log-requests).",
        "SELECT c.*, r.name AS run FROM llm_calls c JOIN runs r USING (run_id)",
    ),
    (
        "episode_votes",
        "Every judge vote with its run's name and its reference run's name ('' for none).",
        """
        SELECT j.*, r.name AS run, coalesce(ref.name, '') AS reference
        FROM judgments j JOIN runs r USING (run_id) LEFT JOIN runs ref ON ref.run_id = j.reference_run_id
        """,
    ),
)

# The leaderboard's views select from the core ones, so they come after them.
VIEWS = CORE_VIEWS + BOARD_VIEWS

VIEW_NAMES = frozenset(name for name, _, _ in VIEWS)
# The oldest schema whose tables the views read (judgments_v3 came with version 3); later
# migrations add tables the views do not need, so an older file's readers still get them.
VIEWS_SCHEMA = 3

# Which definitions a file's persistent views have: creating them all costs about as much as opening
# the file, so a reader or writer that finds this harness's digest there skips it.
DIGEST = hashlib.sha256(repr(VIEWS).encode()).hexdigest()[:16]
DIGEST_VIEW = "store_views"


def _comment(text: str) -> str:
    return text.replace("'", "''")


def views_current(conn: Any) -> bool:
    """Whether the file already holds this harness's views."""
    import duckdb

    try:
        row = conn.execute(f"SELECT digest FROM {DIGEST_VIEW}").fetchone()
    except duckdb.CatalogException:
        return False
    return row is not None and row[0] == DIGEST


def install_views(conn: Any, *, temporary: bool) -> None:
    """Create (or replace) every view on ``conn``: persistent ones, with their comments, on a writer's
    connection; temporary ones on a read-only connection (see the module's docstring). Nothing is done
    when the file's persistent views are already this harness's."""
    if views_current(conn):
        return
    kind = "TEMPORARY VIEW" if temporary else "VIEW"
    for name, comment, query in VIEWS:
        conn.execute(f"CREATE OR REPLACE {kind} {name} AS {query}")
        if not temporary:
            conn.execute(f"COMMENT ON VIEW {name} IS '{_comment(comment)}'")
    if not temporary:
        conn.execute(f"CREATE OR REPLACE VIEW {DIGEST_VIEW} AS SELECT '{DIGEST}' AS digest")
