"""The on-disk index cache: an index is built once per (corpus, model) and read back afterwards.

An entry's name is a hash of the retriever kind, the model's fingerprint (its files' bytes, or the
BM25 settings) and the corpus fingerprint (every document's key and text), so a changed corpus or a
retrained model finds no entry and builds a new one; stale entries are never read. Entries are
written to a temporary name and renamed into place, so a killed build leaves no half-written index.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

CACHE_ENV = "HARNESS_RETRIEVER_CACHE"


def default_cache_dir() -> Path:
    """``$HARNESS_RETRIEVER_CACHE``, else ``$XDG_CACHE_HOME/toolharness/retriever`` (``~/.cache`` by default)."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "toolharness" / "retriever"


class IndexCache:
    """Cache entries (files or folders) under one directory."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else default_cache_dir()

    def entry(self, kind: str, model: str, corpus: str, suffix: str = "") -> Path:
        """The path of the entry for this kind, model fingerprint and corpus fingerprint."""
        key = hashlib.sha256(f"{kind}\n{model}\n{corpus}".encode()).hexdigest()[:32]
        return self.directory / f"{kind}-{key}{suffix}"

    def fetch(self, path: Path, build: Callable[[Path], None]) -> bool:
        """Make sure ``path`` exists, calling ``build(tmp)`` to write it under a temporary name first.

        Returns True when the entry was already there (a cache hit).
        """
        if path.exists():
            return True
        self.directory.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=self.directory, prefix=f".{path.name}."))
        try:
            staged = scratch / path.name
            build(staged)
            try:
                os.replace(staged, path)
            except OSError:
                if not path.exists():  # another process may have won the race with the same content
                    raise
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return False
