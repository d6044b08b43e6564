"""Keeping a submission inside its folder.

A submission is data from strangers: a path it names may not be absolute, may not climb out with
``..``, and no file or folder in it may be a symbolic link (a link could point anywhere). Files are
only ever read as bytes, JSON or YAML (safe loader); nothing in a submission is run or imported.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path, PurePosixPath

MAX_FILE_BYTES = 64 * 1024 * 1024
ALLOWED_SUFFIXES = (".json", ".yaml", ".md")


def check_relative(text: str) -> str | None:
    """Why ``text`` is not a safe path inside a submission folder, or None when it is."""
    if not text or text.strip() != text:
        return "is empty or has surrounding spaces"
    if "\\" in text or "\x00" in text:
        return "has a backslash or NUL; use forward slashes"
    path = PurePosixPath(text)
    if path.is_absolute() or (len(text) > 1 and text[1] == ":"):
        return "is absolute; paths are relative to the submission folder"
    if any(part in ("..", ".") for part in text.split("/")) or "//" in text:
        return "has '..', '.' or an empty part; paths must stay inside the submission folder"
    if not text.endswith(ALLOWED_SUFFIXES):
        return f"is not a data file ({', '.join(ALLOWED_SUFFIXES)})"
    return None


def folder_files(folder: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """(every regular file under ``folder`` as a relative POSIX path, problems as (path, message)).

    Symbolic links (to files or folders) and special files are problems and are not followed."""
    files: list[str] = []
    problems: list[tuple[str, str]] = []
    for current, dirs, names in os.walk(folder, followlinks=False):
        base = Path(current)
        for name in sorted(dirs):
            if (base / name).is_symlink():
                problems.append((_relative(folder, base / name), "is a symbolic link; submissions hold plain files"))
        dirs[:] = sorted(d for d in dirs if not (base / d).is_symlink())
        for name in sorted(names):
            path = base / name
            relative = _relative(folder, path)
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                problems.append((relative, "is a symbolic link; submissions hold plain files"))
            elif not stat.S_ISREG(mode):
                problems.append((relative, "is not a regular file"))
            else:
                files.append(relative)
    return sorted(files), problems


def _relative(folder: Path, path: Path) -> str:
    return path.relative_to(folder).as_posix()


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes; refuses files over ``MAX_FILE_BYTES``."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError(f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
