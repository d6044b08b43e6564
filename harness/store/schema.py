"""The DuckDB schema and its migrations.

Each migration moves the file from version N-1 to N inside one transaction; ``schema_version``
records where a file stands. A file written by a newer harness is refused rather than damaged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Migration:
    """One schema step: the version it produces and the statements that produce it."""

    version: int
    statements: tuple[str, ...]


INITIAL = Migration(
    version=1,
    statements=(
        """CREATE TABLE runs (
            run_id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL UNIQUE,
            source VARCHAR NOT NULL,          -- 'run' | 'import' | 'submission'
            spec JSON NOT NULL,               -- RunSpec (secrets removed) or the import's description
            harness_version VARCHAR NOT NULL,
            git_commit VARCHAR,
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
        )""",
        """CREATE TABLE episodes (
            run_id VARCHAR NOT NULL,
            group_name VARCHAR NOT NULL,      -- '' when unknown; ToolBench ids repeat across groups
            query_id VARCHAR NOT NULL,
            method VARCHAR,
            query VARCHAR,
            finish_type VARCHAR NOT NULL,     -- give_answer | give_up | none
            final_answer VARCHAR,
            llm_calls INTEGER NOT NULL DEFAULT 0,
            prompt_tokens BIGINT NOT NULL DEFAULT 0,
            completion_tokens BIGINT NOT NULL DEFAULT 0,
            total_tokens BIGINT NOT NULL DEFAULT 0,
            cost_usd DOUBLE NOT NULL DEFAULT 0,
            wall_time_s DOUBLE NOT NULL DEFAULT 0,
            error VARCHAR,
            source_file VARCHAR,
            content_hash VARCHAR NOT NULL,    -- sha256 of the trajectory JSON
            trajectory JSON NOT NULL,         -- the whole Trajectory, for exact exports and re-scoring
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            PRIMARY KEY (run_id, group_name, query_id)
        )""",
        """CREATE TABLE steps (
            run_id VARCHAR NOT NULL,
            group_name VARCHAR NOT NULL,
            query_id VARCHAR NOT NULL,
            node_id INTEGER NOT NULL,
            parent_id INTEGER,
            kind VARCHAR NOT NULL,            -- root | thought | action | action_input
            depth INTEGER NOT NULL,
            content VARCHAR,
            observation VARCHAR,
            observation_code INTEGER,
            pruned BOOLEAN NOT NULL,
            is_terminal BOOLEAN NOT NULL,
            finished BOOLEAN NOT NULL,
            on_chosen_path BOOLEAN NOT NULL,
            PRIMARY KEY (run_id, group_name, query_id, node_id)
        )""",
        """CREATE TABLE api_calls (
            run_id VARCHAR NOT NULL,
            group_name VARCHAR NOT NULL,
            query_id VARCHAR NOT NULL,
            call_index INTEGER NOT NULL,
            action_node_id INTEGER NOT NULL,
            input_node_id INTEGER NOT NULL,
            function_name VARCHAR NOT NULL,
            arguments VARCHAR,
            observation VARCHAR,
            status_code INTEGER,
            latency_s DOUBLE,
            cache_hit BOOLEAN,
            on_chosen_path BOOLEAN NOT NULL,
            PRIMARY KEY (run_id, group_name, query_id, call_index)
        )""",
        """CREATE TABLE judgments (
            run_id VARCHAR NOT NULL,
            group_name VARCHAR NOT NULL,
            query_id VARCHAR NOT NULL,
            judge VARCHAR NOT NULL,           -- e.g. rule, toolbench:gpt-4-turbo, sopr:...
            procedure VARCHAR NOT NULL,       -- pass_rate | win_rate
            vote_index INTEGER NOT NULL,
            label VARCHAR NOT NULL,
            score DOUBLE,
            reason VARCHAR,
            reference_run_id VARCHAR,
            judge_tokens BIGINT NOT NULL DEFAULT 0,
            judge_cost_usd DOUBLE NOT NULL DEFAULT 0,
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            PRIMARY KEY (run_id, group_name, query_id, judge, procedure, vote_index)
        )""",
        """CREATE TABLE scores (
            run_id VARCHAR NOT NULL,
            group_name VARCHAR NOT NULL,
            judge VARCHAR NOT NULL,
            metric VARCHAR NOT NULL,          -- pass_rate | win_rate | sopr ...
            value DOUBLE NOT NULL,
            ci_low DOUBLE,
            ci_high DOUBLE,
            n INTEGER NOT NULL,
            reference_run_id VARCHAR NOT NULL DEFAULT '',
            details JSON,
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            PRIMARY KEY (run_id, group_name, judge, metric, reference_run_id)
        )""",
    ),
)

# Runs made by the harness record which backend (or cache layer) answered each call.
CALL_BACKEND = Migration(version=2, statements=("ALTER TABLE api_calls ADD COLUMN backend VARCHAR",))

# Judgments keep each vote's structured details (answer and task status, missing facts, the calls it
# took), and a win-rate vote is keyed by its reference run, so one run can be compared with several.
JUDGMENT_DETAILS = Migration(
    version=3,
    statements=(
        """CREATE TABLE judgments_v3 (
            run_id VARCHAR NOT NULL,
            group_name VARCHAR NOT NULL,
            query_id VARCHAR NOT NULL,
            judge VARCHAR NOT NULL,           -- rule | toolbench:<model> | sopr:<model>
            procedure VARCHAR NOT NULL,       -- pass_rate | win_rate
            reference_run_id VARCHAR NOT NULL DEFAULT '',
            vote_index INTEGER NOT NULL,
            label VARCHAR NOT NULL,
            score DOUBLE,
            reason VARCHAR,
            judge_tokens BIGINT NOT NULL DEFAULT 0,
            judge_cost_usd DOUBLE NOT NULL DEFAULT 0,
            details JSON,
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            PRIMARY KEY (run_id, group_name, query_id, judge, procedure, reference_run_id, vote_index)
        )""",
        """INSERT INTO judgments_v3 (run_id, group_name, query_id, judge, procedure, reference_run_id, vote_index,
                                    label, score, reason, judge_tokens, judge_cost_usd, created_at)
           SELECT run_id, group_name, query_id, judge, procedure, coalesce(reference_run_id, ''), vote_index,
                  label, score, reason, judge_tokens, judge_cost_usd, created_at
           FROM judgments""",
        "DROP TABLE judgments",
        "ALTER TABLE judgments_v3 RENAME TO judgments",
    ),
)

# An episode re-run by ``harness run --retry-errors`` moves its earlier attempt here first, whole
# (its trajectory JSON holds the tree and the errors), so the store keeps what happened before.
EPISODE_ATTEMPTS = Migration(
    version=4,
    statements=(
        """CREATE TABLE episode_attempts (
            run_id VARCHAR NOT NULL,
            group_name VARCHAR NOT NULL,
            query_id VARCHAR NOT NULL,
            attempt INTEGER NOT NULL,         -- 1 for the episode's first attempt, and so on
            finish_type VARCHAR NOT NULL,
            llm_calls INTEGER NOT NULL,
            total_tokens BIGINT NOT NULL,
            cost_usd DOUBLE NOT NULL,
            wall_time_s DOUBLE NOT NULL,
            error VARCHAR,
            content_hash VARCHAR NOT NULL,
            trajectory JSON NOT NULL,
            created_at TIMESTAMP NOT NULL,    -- when that attempt was stored
            replaced_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            PRIMARY KEY (run_id, group_name, query_id, attempt)
        )""",
    ),
)

# Every LLM call of an episode, answered or failed, with its attempts, the waits between them and
# their causes, and (unless a run asked not to) the request sent and the raw response, each as
# zlib-compressed JSON. Episodes count their failed calls apart from the answered ones.
LLM_CALLS = Migration(
    version=5,
    statements=(
        "ALTER TABLE episodes ADD COLUMN llm_calls_failed INTEGER NOT NULL DEFAULT 0",
        """CREATE TABLE llm_calls (
            run_id VARCHAR NOT NULL,
            group_name VARCHAR NOT NULL,
            query_id VARCHAR NOT NULL,
            call_index INTEGER NOT NULL,      -- order within the episode
            node_id INTEGER,                  -- the chain-end node the call produced
            started_at TIMESTAMP,
            latency_s DOUBLE,                 -- first attempt to answer or failure, waits included
            attempts INTEGER NOT NULL,        -- 0 for a reply from the response cache
            retries JSON,                     -- [{cause, http_status, wait_s}] per retried attempt
            status VARCHAR NOT NULL,          -- answered | failed
            error VARCHAR,
            prompt_tokens BIGINT NOT NULL DEFAULT 0,
            completion_tokens BIGINT NOT NULL DEFAULT 0,
            cost_usd DOUBLE NOT NULL DEFAULT 0,
            cached BOOLEAN NOT NULL DEFAULT false,
            model JSON,                       -- the adapter's identity (endpoint, model id, format)
            request BLOB,                     -- zlib(JSON): messages, functions, sampling, wire body
            response BLOB,                    -- zlib(JSON): the raw response body or reply
            request_bytes INTEGER,            -- uncompressed sizes
            response_bytes INTEGER,
            PRIMARY KEY (run_id, group_name, query_id, call_index)
        )""",
    ),
)

MIGRATIONS: tuple[Migration, ...] = (INITIAL, CALL_BACKEND, JUDGMENT_DETAILS, EPISODE_ATTEMPTS, LLM_CALLS)
SCHEMA_VERSION = MIGRATIONS[-1].version


class SchemaError(RuntimeError):
    """The file's schema cannot be used by this harness."""


def current_version(conn: Any) -> int:
    """The file's schema version; 0 for a new, empty file."""
    exists = conn.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: Any, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the file up to the newest version; returns the version it ends at."""
    target = migrations[-1].version
    version = current_version(conn)
    if version > target:
        raise SchemaError(
            f"the database has schema version {version} but this harness knows up to {target}; "
            "upgrade the harness (pip install -U toolharness) or use another --db"
        )
    for migration in migrations:
        if migration.version <= version:
            continue
        conn.execute("BEGIN TRANSACTION")
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER PRIMARY KEY, applied_at TIMESTAMP DEFAULT current_timestamp)"
            )
            for statement in migration.statements:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", [migration.version])
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
        version = migration.version
    return version
