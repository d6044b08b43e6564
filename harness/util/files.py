"""File helpers: writes that never leave a half-written file behind."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json_atomic(path: Path, data: Any, indent: int | None = 2) -> None:
    """Write JSON atomically. Non-ASCII is escaped (json's default), as in ToolBench's own files."""
    write_text_atomic(path, json.dumps(data, indent=indent))


@contextmanager
def replacing_folder(out: Path, marker: str, what: str) -> Iterator[Path]:
    """A staging folder beside ``out`` that replaces ``out`` whole once the block ends without error.

    ``out`` may be missing, empty, or a folder written this way before (it holds ``marker``); anything
    else is refused with a ValueError naming ``what`` it should be. An interrupted block leaves the old
    ``out`` (or none), never a mix.
    """
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / marker).is_file())):
        raise ValueError(f"{out}: exists and is not {what}; give an empty or new folder to --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.staging-"))
    staging.chmod(0o755)  # mkdtemp makes it private; the result is an ordinary shared folder
    try:
        yield staging
        if out.exists():
            retired = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
            os.replace(out, retired / out.name)
            os.replace(staging, out)
            shutil.rmtree(retired)
        else:
            os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
