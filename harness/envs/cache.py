"""The response cache, on disk in StableToolBench's layout.

One JSON object per API at ``<category>/<tool>_for_<category>/<api>.json`` (the folder names
StableToolBench's server derives from a request), mapping an argument key to the answer body
``{"error": ..., "response": ...}``. StableToolBench keys an answer by ``str(arguments)``, the Python
repr of the argument dict; we write the same keys, and read those, JSON keys, and keys whose
arguments are merely in another order, so existing StableToolBench cache folders work as they are.
A plain ``<category>/<tool>/<api>.json`` layout is read too.

Writers merge rather than overwrite: each write takes an exclusive lock on a sidecar file, reads the
current contents, adds its entry and replaces the file through a temporary file, so any number of
threads and processes can record into one file without losing an entry or leaving a torn file.
"""

from __future__ import annotations

import ast
import fcntl
import json
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.toolbench.naming import api_name_part, standard_category, standardize
from harness.util.files import write_json_atomic

log = logging.getLogger(__name__)

# ``ResponseCache.get_indexed``'s answer when only a file read can tell (distinct from None, "no entry").
MISSING: Any = object()


def argument_key(arguments: dict[str, Any]) -> str:
    """StableToolBench's cache key: the Python repr of the argument dict."""
    return str(arguments)


def canonical_key(arguments: Any) -> str:
    """The same arguments always give the same string, whatever their order or key style."""
    return json.dumps(arguments, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _parse_key(key: str) -> Any:
    try:
        return json.loads(key)
    except ValueError:
        pass
    try:
        return ast.literal_eval(key)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


@dataclass
class _FileIndex:
    """One cache file as last read: its stat signature, entries, and entries by canonical key."""

    signature: tuple[int, int, int]
    entries: dict[str, Any]
    canonical: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, signature: tuple[int, int, int], entries: dict[str, Any]) -> _FileIndex:
        index = cls(signature, entries)
        for key in entries:
            index.add_key(key)
        return index

    def add_key(self, key: str) -> None:
        parsed = _parse_key(key)
        if parsed is not None:
            self.canonical.setdefault(canonical_key(parsed), key)

    def find(self, arguments: dict[str, Any]) -> Any | None:
        key = argument_key(arguments)
        if key in self.entries:
            return self.entries[key]
        original = self.canonical.get(canonical_key(arguments))
        return None if original is None else self.entries[original]


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def _read_entries(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


class ResponseCache:
    """Answers by (category, tool, API, arguments) under ``root``; safe to share between threads and
    processes. Names are ToolBench's doc names or their standardized forms (both map to one file)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._indexes: dict[Path, _FileIndex] = {}
        self._guard = threading.Lock()
        self._path_locks: dict[Path, threading.Lock] = {}
        self._paths: dict[tuple[str, str, str], Path] = {}

    def path_for(self, category: str, tool: str, api: str) -> Path:
        """Where an API's answers are written (StableToolBench's folder names)."""
        key = (category, tool, api)
        path = self._paths.get(key)
        if path is None:
            # Remembered: standardizing names runs several regular expressions per call.
            cat = standard_category(category)
            path = self.root / cat / f"{standardize(tool)}_for_{cat}" / f"{api_name_part(api)}.json"
            if len(self._paths) < 100_000:
                self._paths[key] = path
        return path

    def _candidates(self, category: str, tool: str, api: str) -> Iterator[Path]:
        primary = self.path_for(category, tool, api)
        yield primary
        yield primary.parent.parent / standardize(tool) / primary.name
        # Folders written by hand or by other tools sometimes lower-case the category suffix.
        folder = primary.parent
        if folder.parent.is_dir() and not folder.is_dir():
            wanted = folder.name.lower()
            for other in sorted(folder.parent.iterdir()):
                if other.name.lower() == wanted and other != folder:
                    yield other / primary.name

    def _index(self, path: Path) -> _FileIndex | None:
        signature = _signature(path)
        if signature is None:
            return None
        with self._guard:
            index = self._indexes.get(path)
        if index is not None and index.signature == signature:
            return index
        try:
            entries = _read_entries(path)
        except (OSError, ValueError) as exc:
            log.warning("cache file %s is unreadable (%s); ignoring it", path, exc)
            return None
        index = _FileIndex.build(signature, entries)
        with self._guard:
            self._indexes[path] = index
        return index

    def get(self, category: str, tool: str, api: str, arguments: dict[str, Any]) -> Any | None:
        """The cached answer body for these arguments, or None."""
        for path in self._candidates(category, tool, api):
            index = self._index(path)
            if index is not None:
                found = index.find(arguments)
                if found is not None:
                    return found
        return None

    def get_indexed(self, category: str, tool: str, api: str, arguments: dict[str, Any]) -> Any:
        """The cached answer when the API's file is indexed in memory and unchanged on disk (one
        ``stat``, no read); ``MISSING`` when answering needs a file read (``get`` does that, off
        the event loop), including every miss, since another layout may still hold the entry."""
        path = self.path_for(category, tool, api)
        with self._guard:
            index = self._indexes.get(path)
        if index is None or index.signature != _signature(path):
            return MISSING
        found = index.find(arguments)
        return MISSING if found is None else found

    def examples(self, category: str, tool: str, api: str, limit: int) -> list[tuple[str, Any]]:
        """Up to ``limit`` recorded (argument key, answer) pairs of one API, oldest first."""
        for path in self._candidates(category, tool, api):
            index = self._index(path)
            if index is not None and index.entries:
                return list(index.entries.items())[:limit]
        return []

    def put(self, category: str, tool: str, api: str, arguments: dict[str, Any], body: Any) -> None:
        """Record one answer, merged into whatever the file holds by then."""
        path = self.path_for(category, tool, api)
        key = argument_key(arguments)
        with self._exclusive(path):
            signature = _signature(path)
            with self._guard:
                known = self._indexes.get(path)
            if known is not None and known.signature == signature:
                entries = dict(known.entries)
            else:
                entries = self._entries_for_merge(path) if signature is not None else {}
            entries[key] = body
            write_json_atomic(path, entries, indent=4)
            new_signature = _signature(path)
            if new_signature is not None:
                index = _FileIndex.build(new_signature, entries)
                with self._guard:
                    self._indexes[path] = index

    @staticmethod
    def _entries_for_merge(path: Path) -> dict[str, Any]:
        try:
            return _read_entries(path)
        except (OSError, ValueError) as exc:
            # Merging into a torn file (written by a tool without our lock) would keep the damage;
            # set it aside so that nothing recorded in it is destroyed.
            aside = path.with_name(path.name + ".corrupt")
            os.replace(path, aside)
            log.warning("cache file %s was unreadable (%s); moved it to %s", path, exc, aside.name)
            return {}

    @contextmanager
    def _exclusive(self, path: Path) -> Iterator[None]:
        """Threads of this process queue on a lock; processes on ``flock`` of a sidecar file."""
        with self._guard:
            thread_lock = self._path_locks.setdefault(path, threading.Lock())
        with thread_lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            lock_path = path.with_name(f".{path.name}.lock")
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
