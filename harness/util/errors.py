"""Turning exceptions into the one-line messages users see."""

from __future__ import annotations

from pydantic import ValidationError


def one_line(exc: BaseException) -> str:
    """A single line describing ``exc``; for pydantic errors, the first field and its problem."""
    if isinstance(exc, ValidationError):
        errors = exc.errors()
        if errors:
            first = errors[0]
            where = ".".join(str(p) for p in first["loc"])
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            return f"{where}: {first['msg']}{more}" if where else f"{first['msg']}{more}"
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
