"""Building a ToolEnv from configuration: the one entry point the runner uses.

A task names its environment in YAML (``env: {backend: local, catalog: ../toolenv/tools}``, paths
relative to the task file); command-line options override single fields. Keys are never part of a
config: it names the environment variable that holds one (``key_env``), so a config can be stored
and hashed with a run.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from harness.envs.backend import Backend
from harness.envs.env import DEFAULT_MAX_OBSERVATION_LENGTH, BackendEnv, EnvMode
from harness.envs.secrets import read_key
from harness.registry import Registry
from harness.tasks import TaskSpec
from harness.util.errors import one_line

TOOLBENCH_KEY_ENV = "TOOLBENCH_KEY"
RAPIDAPI_KEY_ENV = "RAPIDAPI_KEY"
# ToolBench's hosted RapidAPI proxy, as its inference client names it.
TOOLBENCH_SERVICE_URL = "http://8.130.32.149:8080/rapidapi"


class BackendKind(StrEnum):
    """Where calls are answered."""

    LOCAL = "local"
    SCHEMA = "schema"
    VIRTUAL = "virtual"
    RAPIDAPI = "rapidapi"


class LiveService(StrEnum):
    """Which live service the ``rapidapi`` backend uses: ToolBench's hosted proxy (a ToolBench
    key) or RapidAPI itself (the user's own RapidAPI key)."""

    TOOLBENCH = "toolbench"
    RAPIDAPI = "rapidapi"


class EnvConfig(BaseModel):
    """Everything that determines a tool environment (no secrets: keys come from ``key_env``)."""

    model_config = ConfigDict(extra="forbid")

    backend: str = BackendKind.LOCAL.value  # a name in BACKENDS (built-in or a plugin)
    catalog: Path | None = None  # tools/<Category>/<tool>.json (+ <tool>/api.py for local code)
    url: str | None = None  # virtual: the server; rapidapi: the proxy or a RapidAPI base URL
    cache_dir: Path | None = None
    mode: EnvMode = EnvMode.LIVE
    max_observation_length: int = Field(DEFAULT_MAX_OBSERVATION_LENGTH, ge=1)
    timeout_s: float | None = Field(None, gt=0)  # per call; each backend has its own default
    max_concurrency: int = Field(16, ge=1)
    service: LiveService = LiveService.TOOLBENCH
    key_env: str | None = None  # default TOOLBENCH_KEY, or RAPIDAPI_KEY for service: rapidapi
    retries: int = Field(3, ge=0)  # rate-limited calls are retried this often
    backoff_s: float = Field(2.0, ge=0)

    @field_validator("backend")
    @classmethod
    def _registered(cls, value: str) -> str:
        if value not in BACKENDS:
            raise ValueError(BACKENDS.unknown_message(value))
        return value


def _need_catalog(config: EnvConfig) -> Path:
    if config.catalog is None:
        hint = "set env.catalog in the task or pass -E catalog=DIR"
        raise ValueError(f"the {config.backend} backend needs a catalog folder: {hint}")
    return config.catalog


def _need_key(variable: str, what: str) -> str:
    key = read_key(variable)
    if key is None:
        raise ValueError(f"the rapidapi backend needs {what}: set the environment variable {variable}")
    return key


# A backend builder is called as ``build(config)`` with the whole EnvConfig and returns a Backend
# (``async answer(call, doc, query)``, see ``harness.envs.backend``); a plugin registers one with an
# entry point in ``toolharness.backends`` and is chosen with ``-E backend=NAME`` or ``env.backend``.
BACKENDS = Registry("backend", "backends")


@BACKENDS.register(BackendKind.LOCAL.value, "the bundled executable tools (tools/<Category>/<tool>/api.py)")
def _local(config: EnvConfig) -> Backend:
    from harness.envs.catalog import LocalCatalog
    from harness.envs.local import DEFAULT_LOCAL_TIMEOUT_S, LocalBackend

    return LocalBackend(LocalCatalog(_need_catalog(config)), config.timeout_s or DEFAULT_LOCAL_TIMEOUT_S)


@BACKENDS.register(BackendKind.SCHEMA.value, "responses shaped from each API's documented schema, offline")
def _schema(config: EnvConfig) -> Backend:
    from harness.envs.schema import SchemaBackend

    return SchemaBackend()


@BACKENDS.register(BackendKind.VIRTUAL.value, "a StableToolBench-compatible virtual API server (-E url=)")
def _virtual(config: EnvConfig) -> Backend:
    from harness.envs.remote import ServerBackend

    if not config.url:
        raise ValueError("the virtual backend needs the server's URL: set env.url in the task or pass -E url=URL")
    key = read_key(config.key_env or TOOLBENCH_KEY_ENV)
    return ServerBackend(config.url, "virtual", key, config.timeout_s or 60.0, config.retries, config.backoff_s)


@BACKENDS.register(BackendKind.RAPIDAPI.value, "live RapidAPI, through ToolBench's proxy or your own key")
def _rapidapi(config: EnvConfig) -> Backend:
    from harness.envs.remote import ServerBackend

    if config.service is LiveService.TOOLBENCH:
        key = _need_key(config.key_env or TOOLBENCH_KEY_ENV, "a ToolBench key")
        url = config.url or TOOLBENCH_SERVICE_URL
        return ServerBackend(url, "rapidapi", key, config.timeout_s or 15.0, config.retries, config.backoff_s)
    from harness.envs.catalog import CatalogDocs
    from harness.envs.rapidapi import RapidApiBackend

    key = _need_key(config.key_env or RAPIDAPI_KEY_ENV, "your RapidAPI key")
    docs = CatalogDocs(_need_catalog(config))
    return RapidApiBackend(docs, key, config.url, config.timeout_s or 15.0, config.retries, config.backoff_s)


def build_backend(config: EnvConfig) -> Backend:
    """The backend a config describes; a clear one-line ValueError when something is missing."""
    backend: Backend = BACKENDS.build(config.backend, config, record_args={"backend": config.backend})
    return backend


def build_env(config: EnvConfig) -> BackendEnv:
    """The ToolEnv a config describes."""
    from harness.envs.cache import ResponseCache

    cache = ResponseCache(config.cache_dir) if config.cache_dir is not None else None
    return BackendEnv(build_backend(config), cache, config.mode, config.max_observation_length, config.max_concurrency)


def env_config_for_task(task: TaskSpec, overrides: Mapping[str, Any] | None = None) -> EnvConfig:
    """A task's ``env`` section with paths made relative to the task file, then ``overrides``
    (command-line values; None means "not given") applied on top."""
    data = task.env.model_dump()
    base = task.path.parent if task.path is not None else Path.cwd()
    for field in ("catalog", "cache_dir"):
        if data.get(field):
            data[field] = (base / str(data[field])).resolve()
    data.update({k: v for k, v in (overrides or {}).items() if v is not None})
    try:
        return EnvConfig.model_validate(data)
    except ValidationError as exc:
        raise ValueError(f"{task.name}: bad tool environment ({one_line(exc)})") from exc
