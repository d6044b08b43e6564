"""Reading a task file: ``include:`` of shared YAML files, merged under the file's own keys.

A task file (or an included file) may say ``include: _defaults.yaml`` or ``include: [a.yaml, b.yaml]``,
paths relative to the file that says it. Included files are merged in order, later over earlier, and
the including file's own keys over all of them; mappings (``source``, ``env``, ``defaults``) merge key
by key, anything else is replaced. Paths *inside* values (``env.catalog``, ``source.queries``) stay
relative to the task file, so a shared file only makes sense beside the tasks that include it or for
values that are not paths.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

INCLUDE_KEY = "include"


class TaskFileError(ValueError):
    """A task file or one of its includes cannot be read; the message names the file."""


def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``: nested mappings merge, everything else is replaced.

    Keys keep ``base``'s order, new keys follow: a task's data hash is computed from a dump whose
    ``env`` extras follow this order, so a file split into includes must dump as it did whole."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _includes(raw: Any, path: Path) -> list[Path]:
    if raw is None:
        return []
    items: Iterable[Any] = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else [None]
    paths = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise TaskFileError(f"{path}: include must be a file name or a list of file names, not {raw!r}")
        paths.append(path.parent / item)
    return paths


def read_task_yaml(path: Path, allowed_keys: set[str], _chain: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The mapping a task file describes, its includes resolved; ``allowed_keys`` are the keys a
    task may have (an unknown key is reported against the file that has it)."""
    resolved = path.resolve()
    if resolved in _chain:
        cycle = " -> ".join(p.name for p in (*_chain, resolved))
        raise TaskFileError(f"{_chain[0]}: include cycle {cycle}")
    if not path.is_file():
        named_by = f" (included by {_chain[-1]})" if _chain else ""
        raise TaskFileError(f"{path}: no such file{named_by}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise TaskFileError(f"{path}: not valid YAML ({first})") from exc
    if data is None and _chain:
        data = {}  # an empty shared file is harmless
    if not isinstance(data, dict):
        raise TaskFileError(f"{path}: a task file is a mapping of keys (name, group, source, ...)")
    unknown = sorted(str(k) for k in data if k not in allowed_keys and k != INCLUDE_KEY)
    if unknown:
        raise TaskFileError(f"{path}: unknown key {unknown[0]!r}; a task file takes {', '.join(sorted(allowed_keys))}")
    merged: dict[str, Any] = {}
    for included in _includes(data.get(INCLUDE_KEY), path):
        merged = deep_merge(merged, read_task_yaml(included, allowed_keys, (*_chain, resolved)))
    own = {k: v for k, v in data.items() if k != INCLUDE_KEY}
    return deep_merge(merged, own)
