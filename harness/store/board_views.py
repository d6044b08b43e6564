"""The leaderboard's views over the core ones (``harness.store.views``): boards of comparable rows with
their ranks, paired comparisons of two runs, and pass@k / pass^k over families of repeated runs.

A board is one comparable setting: suite, query set, judge, metric and voting procedure, reference
and profile. Nothing outside a board is ranked against it; a published source's rows form boards of
their own. These views select from the core views (run_info, board_rows, group_scores, query_values,
query_outcomes) and are installed after them, with them, under one digest.
"""

from __future__ import annotations

# (name, what it holds, its query), as in harness.store.views.VIEWS.
BOARD_VIEWS: tuple[tuple[str, str, str], ...] = (
    (
        "board_entries",
        "One row per run on each board it sits on, with its rank there. A board is one comparable setting: "
        "suite, query set, judge, metric and voting procedure, reference, and profile; a published source's "
        "rows form boards of their own. The average's interval is the 95% bootstrap interval "
        "(interval_kind 'bootstrap') or the spread a source printed ('published sd'), never both; low and "
        "high bound it for charts. Usage is per query, over the run's episodes (NULL for a published row).",
        """
        WITH voting AS (
            SELECT run_id, judge, metric, reference_run_id,
                   coalesce(any_value(json_extract_string(details, '$.procedure')), '') AS procedure,
                   coalesce(any_value(json_extract_string(details, '$.votes')), '') AS votes,
                   max(TRY_CAST(json_extract(details, '$.std') AS DOUBLE))
                       FILTER (WHERE group_name = 'average') AS std
            FROM scores GROUP BY ALL
        ), keyed AS (
            SELECT b.run_id, b.run, b.model, b.strategy, b.retriever, b.suite, b.kind, b.setup, b.source,
                   b.judge, b.metric, b.reference_run_id, b.reference, b.value, b.ci_low, b.ci_high, b.n,
                   b.profile, b.query_set, b.query_label, b.submission, b.citation, b.cited_where, b.cited_url,
                   v.procedure, v.votes, v.std,
                   concat_ws(' | ', b.suite, b.query_set, b.judge, b.metric, v.procedure, v.votes,
                             b.reference_run_id, b.profile) AS setting
            FROM board_rows b JOIN voting v USING (run_id, judge, metric, reference_run_id)
        ), usage AS (
            SELECT run_id, count(*) AS episodes, avg(llm_calls) AS llm_calls_per_query,
                   avg(total_tokens) AS tokens_per_query, avg(cost_usd) AS cost_per_query,
                   avg(wall_time_s) AS wall_time_per_query
            FROM episodes GROUP BY run_id
        )
        , labelled AS (
            SELECT k.*, left(md5(k.setting), 12) AS board,
                   CASE WHEN k.kind = 'reported' THEN 'published' ELSE 'reproduced' END AS board_kind,
                   CASE WHEN k.kind = 'reported' THEN k.submission || ' (published)' ELSE k.suite END
                   || ' · ' || replace(k.metric, '_', ' ') || ' · judge ' || k.judge
                   || CASE WHEN k.procedure NOT IN ('', k.judge) THEN ' (' || k.procedure || ')' ELSE '' END
                   || CASE WHEN k.reference <> '' THEN ' vs ' || k.reference ELSE '' END
                   || CASE WHEN k.kind = 'reported' THEN '' ELSE ' · profile ' || k.profile
                           || ' · ' || k.query_label END AS label
            FROM keyed k
        )
        SELECT k.*, count(*) OVER (PARTITION BY k.setting) AS runs,
               CASE WHEN k.value IS NOT NULL
                    THEN rank() OVER (PARTITION BY k.setting ORDER BY k.value DESC NULLS LAST) END AS rank,
               100 * k.value AS percent,
               CASE WHEN k.ci_low IS NOT NULL AND k.ci_high IS NOT NULL THEN 'bootstrap'
                    WHEN k.std IS NOT NULL THEN 'published sd' ELSE '' END AS interval_kind,
               100 * coalesce(k.ci_low, k.value - k.std) AS low_percent,
               100 * coalesce(k.ci_high, k.value + k.std) AS high_percent,
               CASE WHEN k.ci_low IS NOT NULL AND k.ci_high IS NOT NULL
                    THEN printf('%.1f–%.1f', 100 * k.ci_low, 100 * k.ci_high) END AS ci95,
               CASE WHEN k.ci_low IS NULL AND k.std IS NOT NULL THEN printf('± %.1f', 100 * k.std) END AS spread,
               -- A published row has no episodes: its usage is unknown (NULL), not zero.
               s.episodes, s.llm_calls_per_query, s.tokens_per_query, s.cost_per_query,
               s.wall_time_per_query AS latency_s
        FROM labelled k LEFT JOIN usage s USING (run_id)
        """,
    ),
    (
        "boards",
        "One row per board (see board_entries): its setting in words, how many rows it ranks, and for a "
        "published source its setup and citation.",
        """
        SELECT board, board_kind, any_value(label) AS label, suite, query_set, any_value(query_label) AS query_label,
               judge, metric, procedure, votes, reference, profile, any_value(submission) AS submission,
               any_value(setup) AS setup, any_value(citation) AS citation, any_value(cited_where) AS cited_where,
               any_value(cited_url) AS cited_url, count(*) AS runs
        FROM board_entries
        GROUP BY board, board_kind, suite, query_set, judge, metric, procedure, votes, reference, profile
        """,
    ),
    (
        "board_cells",
        "Every group's score of every board entry, in percent, with the interval of the board's kind.",
        """
        SELECT e.board, e.run, e.run_id, g.group_name, g.percent, g.ci_low_percent, g.ci_high_percent,
               g.std_percent, g.n,
               CASE WHEN g.ci_low IS NOT NULL AND g.ci_high IS NOT NULL
                    THEN printf('%.1f–%.1f', g.ci_low_percent, g.ci_high_percent) END AS ci95,
               CASE WHEN g.std_percent IS NOT NULL THEN printf('± %.1f', g.std_percent) END AS spread
        FROM board_entries e JOIN group_scores g
             ON g.run_id = e.run_id AND g.judge = e.judge AND g.metric = e.metric
                AND g.reference_run_id = e.reference_run_id
        """,
    ),
    (
        "run_families",
        "Runs of `harness run` that repeat one spec with other seeds or as other trials (`--trials K`): "
        "each run's family (a digest of its spec without seed, trial and harness version) and trial.",
        """
        SELECT run_id, name AS run,
               left(md5(json_merge_patch(spec, '{"seed": null, "trial": null, "harness_version": null}')::VARCHAR),
                    12) AS family,
               coalesce(TRY_CAST(json_extract(spec, '$.trial') AS INTEGER), 1) AS trial
        FROM runs WHERE source = 'run' AND spec IS NOT NULL
        """,
    ),
    (
        "paired_groups",
        "For every ordered pair of runs (A, B) and judge, per group and over all of them ('average'): the "
        "queries both answered (n), both pass rates, the mean paired difference B - A with its 95% interval "
        "(normal approximation over the per-query differences), the queries only A or only B passes, and "
        "McNemar's exact two-sided p from those two counts (as harness.eval.stats.mcnemar_exact).",
        """
        WITH answered AS (
            SELECT run_a, run_b, judge, group_name, a, b FROM query_outcomes WHERE a IS NOT NULL AND b IS NOT NULL
        ), grouped AS (
            SELECT run_a, run_b, judge, group_name, count(*) AS n, avg(a) AS mean_a, avg(b) AS mean_b,
                   avg(b - a) AS diff, coalesce(stddev_samp(b - a), 0) AS sd,
                   count(*) FILTER (WHERE a = 1 AND b = 0) AS a_only, count(*) FILTER (WHERE a = 0 AND b = 1) AS b_only
            FROM answered GROUP BY GROUPING SETS ((run_a, run_b, judge, group_name), (run_a, run_b, judge))
        )
        SELECT run_a, run_b, judge, coalesce(group_name, 'average') AS group_name, n, mean_a, mean_b, diff,
               diff - 1.959964 * sd / sqrt(n) AS ci_low, diff + 1.959964 * sd / sqrt(n) AS ci_high, a_only, b_only,
               -- twice the binomial(a_only + b_only, 1/2) tail up to the smaller count, capped at 1
               CASE WHEN a_only + b_only = 0 THEN 1.0
                    ELSE least(1.0, 2 * list_sum(list_transform(range(least(a_only, b_only) + 1),
                        lambda i: exp(lgamma(a_only + b_only + 1) - lgamma(i + 1) - lgamma(a_only + b_only - i + 1)
                                      - (a_only + b_only) * ln(2))))) END AS p_mcnemar
        FROM grouped
        """,
    ),
    (
        "family_pass_k",
        "pass@k and pass^k per family of runs (run_families with more than one member) and judge, for k = 1 .. "
        "the family's size, over the queries every member answered (pass value 1 is a pass): pass@k the "
        "chance that at least one of k tries passes, pass^k that all k pass (harness.eval.stats).",
        """
        WITH sizes AS (
            SELECT family, count(*) AS runs FROM run_families GROUP BY family HAVING count(*) > 1
        ), per_query AS (
            SELECT f.family, v.judge, v.group_name, v.query_id, count(*) AS n,
                   count(*) FILTER (WHERE v.value = 1) AS c, any_value(s.runs) AS runs
            FROM run_families f JOIN sizes s USING (family)
            JOIN query_values v ON v.run_id = f.run_id AND v.metric = 'pass_rate' AND v.reference_run_id = ''
            GROUP BY ALL
        ), tries AS (
            SELECT *, unnest(range(1, runs + 1)) AS k FROM per_query WHERE n = runs
        )
        SELECT family, judge, k, count(*) AS queries, any_value(runs) AS runs,
               round(avg(1 - CASE WHEN n - c < k THEN 0
                             ELSE exp(lgamma(n - c + 1) - lgamma(n - c - k + 1) - lgamma(n + 1) + lgamma(n - k + 1))
                             END), 9) AS pass_at_k,
               round(avg(CASE WHEN c < k THEN 0
                         ELSE exp(lgamma(c + 1) - lgamma(c - k + 1) - lgamma(n + 1) + lgamma(n - k + 1)) END), 9)
                   AS pass_hat_k
        FROM tries GROUP BY family, judge, k
        """,
    ),
)
