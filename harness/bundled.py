"""The data that ships with the harness: the tool world and task suites (``tasks/``) and the
published submissions (``submissions/``).

Both live at the repository root, where people edit them; ``harness/_bundled/`` holds links to
them, so the wheel carries them as package data and a clone reads them through the same path.
Everything that needs them asks here, through :mod:`importlib.resources`, never relative to the
working folder or to ``__file__``, so an installed copy works from any directory.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_FOLDER = "_bundled"


class BundledDataMissing(FileNotFoundError):
    """The installed package lacks its data (a broken install, or a zipped one)."""


def bundled(name: str) -> Path:
    """The bundled folder ``name`` (``tasks`` or ``submissions``) as a real path."""
    found = resources.files("harness").joinpath(_FOLDER, name)
    # A zip import would hand back a Traversable that is no folder on disk; the task registry,
    # the executable tools and DuckDB all need real paths.
    if not isinstance(found, Path) or not found.is_dir():
        raise BundledDataMissing(
            f"the harness's bundled {name}/ folder is missing at {found}; reinstall toolharness "
            "(pip install --force-reinstall toolharness) or run from a clone"
        )
    # In a clone the links lead to the repository's folders; show and use those paths.
    return found.resolve()


def editable() -> bool:
    """Whether the bundled data is the repository's own folders (a clone or an editable install),
    so commands that write suites may write there; an installed copy's data is read-only."""
    return Path(str(resources.files("harness").joinpath(_FOLDER, "tasks"))).is_symlink()


def bundled_tasks() -> Path:
    """The bundled task registry: suites, their YAML and the executable catalog (``toolenv``)."""
    return bundled("tasks")


def bundled_submissions() -> Path:
    """The published submissions that ship with the harness."""
    return bundled("submissions")
